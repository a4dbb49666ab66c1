/**
 * Where the browser shell serves a job's file: `GET <DOWNLOAD_ROUTE><ticket>` on the renderer's origin.
 * The ticket comes from `jobs.download`; the browser saves the response as a
 * download, streaming it to disk. The ticket with its session is the permission: 256 random bits,
 * used once, valid five minutes, handed only to the job's starter and honoured only for the session
 * that asked for it (the browser shell carries it as a cookie, web/download-session.ts).
 */
export const DOWNLOAD_ROUTE = '/download/';

/** The desktop shell saves a job's file where the user picks instead; this is what its renderer hears. */
export type SaveOutcome = { saved: true; path: string } | { saved: false; error?: string };

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
