// Sandboxed preload: CommonJS and self-contained (a sandboxed preload may only require 'electron').
// It exposes exactly one thing, the API bridge: core's calls, saving a job's file, other users'
// changes, printing, and 连接到协会服务器. The channel names must equal API_CHANNEL, WATCH_CHANNEL and
// CHANGE_CHANNEL in ipc.ts, SAVE_CHANNEL in save-download.ts, PRINT_CHANNEL in print.ts and CONNECTION_CHANNEL in server-connection.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS (see above)
const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

contextBridge.exposeInMainWorld('swsApi', {
  call: (name: string, input: unknown, session?: string | null): Promise<unknown> => ipcRenderer.invoke('sws:api', name, input, session ?? undefined),
  saveDownload: (ticket: string, session?: string | null): Promise<unknown> => ipcRenderer.invoke('sws:save-download', ticket, session ?? undefined),
  // 打印 / 保存为 PDF of the window's print view (PRINT_CHANNEL in print.ts).
  print: (request: { mode: 'print' | 'pdf'; fileName: string }): Promise<unknown> => ipcRenderer.invoke('sws:print', request),
  // 连接到协会服务器: status, read a server's certificate, connect after the user compared it, back to local (CONNECTION_CHANNEL).
  connection: (request: unknown): Promise<unknown> => ipcRenderer.invoke('sws:connection', request),
  /** Follows the session's change notices (null: the session ended); returns the function that stops. */
  watchChanges: (session: string | null, listener: (notice: unknown) => void): (() => void) => {
    const relay = (_event: unknown, notice: unknown) => listener(notice); // the event object never reaches the page
    ipcRenderer.on('sws:change', relay);
    void ipcRenderer.invoke('sws:watch', session ?? undefined);
    return () => {
      ipcRenderer.removeListener('sws:change', relay);
      void ipcRenderer.invoke('sws:watch', undefined);
    };
  },
});
