/**
 * Saving a job's file in the desktop shell: the renderer hands over a `jobs.download` ticket, the
 * user picks where to save in the system's dialog, and the file is copied there from the export's
 * temporary folder (never carried through IPC). Written against stand-ins so tests can drive it.
 */
import type { DownloadFile } from '../core/jobs.ts';
import type { SaveOutcome } from '../core/download-route.ts';
import type { IpcMainLike } from './ipc.ts';

export const SAVE_CHANNEL = 'sws:save-download';

export interface SaveDependencies {
  /** The session token travels with the ticket: core honours a ticket only for the session it was issued to. */
  takeDownload(ticket: string, session: string | undefined): Promise<DownloadFile | null>;
  /** The system's save dialog, proposing the file's name; null when the user cancels. */
  chooseTarget(fileName: string): Promise<string | null>;
  copy(from: string, to: string): Promise<void>;
}

export async function saveDownload(ticket: unknown, session: unknown, deps: SaveDependencies): Promise<SaveOutcome> {
  const sessionToken = typeof session === 'string' && session.length <= 200 ? session : undefined;
  const file = typeof ticket === 'string' && ticket.length <= 100 ? await deps.takeDownload(ticket, sessionToken) : null;
  if (!file) return { saved: false, error: '文件已失效：请重新导出' };
  const target = await deps.chooseTarget(file.fileName);
  if (!target) return { saved: false };
  try {
    await deps.copy(file.path, target);
    return { saved: true, path: target };
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EBUSY'
        ? '目标文件正被其他程序（如 Excel）打开，请关闭后重试'
        : '无法写入所选位置，请换一个文件夹或文件名后重试';
    return { saved: false, error: reason };
  }
}

export function registerSaveChannel(ipcMain: IpcMainLike, deps: SaveDependencies, isTrustedSender: (url: string) => boolean): void {
  ipcMain.handle(SAVE_CHANNEL, (event, ticket, session): Promise<SaveOutcome> => {
    if (!isTrustedSender(event.senderFrame?.url ?? '')) return Promise.resolve({ saved: false, error: '拒绝来自非本程序页面的请求' });
    return saveDownload(ticket, session, deps);
  });
}

/** The save dialog's file type from the file's name: workbooks, and the verification page and revocation list (issue 23). */
export function saveFilterOf(fileName: string): { name: string; extensions: string[] } {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const names: Record<string, string> = { xlsx: 'Excel 工作簿', html: '网页文件', json: 'JSON 文件', pdf: 'PDF 文件' };
  return { name: names[extension] ?? '文件', extensions: [extension || '*'] };
}
