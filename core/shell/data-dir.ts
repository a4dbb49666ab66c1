import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'sw-supervision';
export const DATA_FILE = 'data.sqlite3';

/**
 * The per-user data folder, the same one the desktop shell uses (Electron's `appData`):
 * %APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME or ~/.config elsewhere.
 * `SWS_DATA_DIR` overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.SWS_DATA_DIR) return path.resolve(env.SWS_DATA_DIR);
  const home = os.homedir();
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(appData, APP_FOLDER);
}
