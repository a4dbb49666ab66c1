/**
 * Printing from either shell. In the browser: `window.print()` with the print stylesheet
 * (PrintPreview.tsx), where the browser's dialog also offers 另存为 PDF. In the desktop app the
 * preload's bridge asks the main process (electron/print.ts): 打印 opens the system's print dialog,
 * 保存为 PDF writes Chromium's PDF (fonts embedded) where the user chooses.
 */
export type PrintOutcome = { saved: boolean; path?: string; error?: string };

interface PrintBridge {
  print(request: { mode: 'print' | 'pdf'; fileName: string }): Promise<PrintOutcome>;
}

/** The desktop shell's print bridge, when there is one. */
export function printBridge(): PrintBridge | undefined {
  const api = (window as unknown as { swsApi?: { print?: PrintBridge['print'] } }).swsApi;
  return api?.print ? { print: (request) => api.print!(request) } : undefined;
}

export async function printPages(mode: 'print' | 'pdf', fileName: string): Promise<PrintOutcome> {
  const bridge = printBridge();
  if (bridge) return bridge.print({ mode, fileName });
  window.print();
  return { saved: false };
}
