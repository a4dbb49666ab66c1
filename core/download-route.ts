/**
 * Where the shells serve a job's file: `GET <DOWNLOAD_ROUTE><ticket>` on the renderer's own origin
 * (http://127.0.0.1:… in the browser shell, app://sws in the desktop shell). The ticket comes from
 * `jobs.download`; the browser saves the response as a download, streaming it to disk.
 */
export const DOWNLOAD_ROUTE = '/download/';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The response headers for a job's file: saved under its Chinese name (RFC 6266), never cached or sniffed. */
export function downloadHeaders(fileName: string, size: number): Record<string, string> {
  const asciiFallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    'content-type': XLSX_TYPE,
    'content-length': String(size),
    'content-disposition': `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}
