import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRINT_CHANNEL, pdfFileName, registerPrintChannel, type PrintableContents, type PrintIpcMainLike } from '../../electron/print.ts';
import { saveFilterOf } from '../../electron/save-download.ts';
import { APP_ORIGIN, isAppUrl } from '../../electron/app-origin.ts';

/** The window's webContents, standing in: records what main asked of it. */
function contents(printResult: [boolean, string] = [true, '']) {
  const calls: string[] = [];
  const stand: PrintableContents = {
    print: (options, callback) => {
      calls.push(`print silent=${options.silent}`);
      callback(...printResult);
    },
    printToPDF: async (options) => {
      calls.push(`pdf css=${options.preferCSSPageSize}`);
      return Buffer.from('%PDF-1.7 stand-in');
    },
  };
  return { stand, calls };
}

function channel(deps: { target: string | null; written: Map<string, Buffer | Uint8Array> }) {
  const handlers = new Map<string, Parameters<PrintIpcMainLike['handle']>[1]>();
  registerPrintChannel(
    { handle: (name, listener) => handlers.set(name, listener) },
    { chooseTarget: async () => deps.target, write: async (file, data) => void deps.written.set(file, data) },
    isAppUrl,
  );
  return (url: string, sender: PrintableContents, request: unknown) =>
    handlers.get(PRINT_CHANNEL)!({ senderFrame: { url }, sender }, request) as Promise<unknown>;
}

describe('desktop printing (electron/print.ts)', () => {
  const appUrl = `${APP_ORIGIN}/index.html`;

  it('打印 opens the system dialog of the asking window; a cancelled dialog is no error, a failure says why', async () => {
    const written = new Map();
    const send = channel({ target: null, written });
    const ok = contents();
    expect(await send(appUrl, ok.stand, { mode: 'print', fileName: 'x' })).toEqual({ saved: false });
    expect(ok.calls).toEqual(['print silent=false']);
    expect(await send(appUrl, contents([false, 'cancelled']).stand, { mode: 'print' })).toEqual({ saved: false });
    expect(await send(appUrl, contents([false, 'no printers']).stand, { mode: 'print' })).toEqual({ saved: false, error: '打印失败：no printers' });
  });

  it('保存为 PDF writes Chromium’s PDF (the stylesheet’s page size) where the user chose; cancelling writes nothing', async () => {
    const written = new Map<string, Buffer | Uint8Array>();
    const page = contents();
    expect(await channel({ target: '/tmp/学时证明.pdf', written })(appUrl, page.stand, { mode: 'pdf', fileName: '学时证明-陈晓明.pdf' })).toEqual({
      saved: true,
      path: '/tmp/学时证明.pdf',
    });
    expect(page.calls).toEqual(['pdf css=true']);
    expect(String(written.get('/tmp/学时证明.pdf'))).toContain('%PDF');
    const none = new Map();
    expect(await channel({ target: null, written: none })(appUrl, contents().stand, { mode: 'pdf', fileName: 'a' })).toEqual({ saved: false });
    expect(none.size).toBe(0);
  });

  it('refuses pages that are not ours and requests it does not know', async () => {
    const page = contents();
    const send = channel({ target: '/tmp/x.pdf', written: new Map() });
    expect(await send('https://evil.example/', page.stand, { mode: 'pdf' })).toEqual({ saved: false, error: expect.stringMatching(/拒绝/) });
    expect(await send(appUrl, page.stand, { mode: 'fax' })).toEqual({ saved: false, error: '未知的打印方式' });
    expect(page.calls).toEqual([]);
  });

  it('proposes a safe PDF name, and the save dialog’s type follows the file', () => {
    expect(pdfFileName('../学时证明:陈晓明.pdf')).toBe('.._学时证明_陈晓明.pdf');
    expect(pdfFileName(undefined)).toBe('打印.pdf');
    expect(saveFilterOf('证书核验-2026-12-06.html')).toEqual({ name: '网页文件', extensions: ['html'] });
    expect(saveFilterOf('名单.xlsx')).toEqual({ name: 'Excel 工作簿', extensions: ['xlsx'] });
  });

  it('the preload exposes print on the channel main listens to, and main registers it', () => {
    expect(fs.readFileSync('electron/preload.cts', 'utf8')).toContain(`ipcRenderer.invoke('${PRINT_CHANNEL}'`);
    expect(fs.readFileSync('electron/main.ts', 'utf8')).toContain('registerPrintChannel(');
  });

  it('关于 shows the document key’s fingerprint, read without creating a key', async () => {
    const { aboutDialog } = await import('../../electron/menu.ts');
    const { documentKey, documentKeyFingerprint, publicKeyFingerprint, publicKeyText } = await import('../../core/documents/keys.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-about-'));
    expect(documentKeyFingerprint(dir)).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
    const fingerprint = publicKeyFingerprint(publicKeyText(documentKey(path.join(dir, 'data.sqlite3'))));
    expect(documentKeyFingerprint(dir)).toBe(fingerprint);
    const about = aboutDialog({ version: '0.1.0', dataDir: dir, schemaVersion: 31, electron: '45.4.1', documentKey: fingerprint });
    expect(about.detail).toContain(`文书签名公钥指纹：${fingerprint}`);
    expect(aboutDialog({ version: '0.1.0', dataDir: dir, schemaVersion: 31, electron: '45.4.1' }).detail).not.toContain('文书签名');
  });
});
