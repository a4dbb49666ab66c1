/**
 * Printing in the desktop shell (issue 23). The renderer lays the documents out with its print
 * stylesheet (A4, margins, 第 n 页 / 共 m 页); main only drives Chromium's own printing of the
 * window that asked: 打印 opens the system's print dialog (`webContents.print`), 保存为 PDF writes
 * `webContents.printToPDF` (fonts embedded by Chromium, the stylesheet's @page size honoured)
 * where the user chooses. Written against stand-ins so tests can drive it (tests/unit/electron-print.test.ts).
 */
export const PRINT_CHANNEL = 'sws:print';

export interface PrintableContents {
  print(options: { silent: boolean; printBackground: boolean }, callback: (success: boolean, failureReason: string) => void): void;
  printToPDF(options: { printBackground: boolean; preferCSSPageSize: boolean; generateDocumentOutline?: boolean }): Promise<Buffer | Uint8Array>;
}

export interface PrintIpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null; sender: PrintableContents }, ...args: unknown[]) => unknown): void;
}

export interface PrintDependencies {
  /** The system's save dialog for a PDF, proposing the name; null when the user cancels. */
  chooseTarget(fileName: string): Promise<string | null>;
  write(file: string, data: Buffer | Uint8Array): Promise<void>;
}

export type PrintOutcome = { saved: boolean; path?: string; error?: string };

/** A file name the renderer proposes, made safe for a save dialog (no folders, at most 120 characters, ending in .pdf). */
export function pdfFileName(name: unknown): string {
  const base = (typeof name === 'string' ? name : '')
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')
    .replace(/\.pdf$/i, '')
    .trim()
    .slice(0, 120);
  return `${base || '打印'}.pdf`;
}

export async function printContents(contents: PrintableContents, request: unknown, deps: PrintDependencies): Promise<PrintOutcome> {
  const { mode, fileName } = (request ?? {}) as { mode?: unknown; fileName?: unknown };
  if (mode === 'print') {
    return new Promise((resolve) =>
      contents.print({ silent: false, printBackground: true }, (success, reason) =>
        // A cancelled dialog is no error.
        resolve(success || reason === 'cancelled' ? { saved: false } : { saved: false, error: `打印失败：${reason}` }),
      ),
    );
  }
  if (mode !== 'pdf') return { saved: false, error: '未知的打印方式' };
  const target = await deps.chooseTarget(pdfFileName(fileName));
  if (!target) return { saved: false };
  try {
    const data = await contents.printToPDF({ printBackground: true, preferCSSPageSize: true, generateDocumentOutline: false });
    await deps.write(target, data);
    return { saved: true, path: target };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      saved: false,
      error: code === 'EBUSY' || code === 'EPERM' ? '目标文件正被其他程序打开，请关闭后重试' : '未能保存 PDF：请换一个文件夹或文件名后重试',
    };
  }
}

export function registerPrintChannel(ipcMain: PrintIpcMainLike, deps: PrintDependencies, isTrustedSender: (url: string) => boolean): void {
  ipcMain.handle(PRINT_CHANNEL, (event, request): Promise<PrintOutcome> => {
    if (!isTrustedSender(event.senderFrame?.url ?? '')) return Promise.resolve({ saved: false, error: '拒绝来自非本程序页面的请求' });
    return printContents(event.sender, request, deps);
  });
}
