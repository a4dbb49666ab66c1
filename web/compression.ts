/**
 * Compressed answers (node:zlib): brotli when the browser takes it, else gzip, for JSON and text
 * assets above ~1 KB. The renderer's assets are compressed once per file at the best level and
 * kept; JSON answers at a fast level.
 */
import type http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type Encoding = 'br' | 'gzip';
export const COMPRESS_MIN_BYTES = 1024;

/** The encoding to answer with, from Accept-Encoding (a `q=0` refuses one). */
export function acceptedEncoding(req: http.IncomingMessage): Encoding | null {
  const offered = new Map<string, number>();
  for (const part of String(req.headers['accept-encoding'] ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) offered.set(name, q === undefined ? 1 : Number(q));
  }
  const takes = (name: string) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  return takes('br') ? 'br' : takes('gzip') ? 'gzip' : null;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compresses off the event loop (zlib's thread pool). `best`: for assets compressed once and kept. */
export function compress(data: Buffer, encoding: Encoding, level: 'fast' | 'best'): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(data, { level: level === 'best' ? 9 : 6 });
  return brotli(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: level === 'best' ? 11 : 4,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

const COMPRESSIBLE = /^(text\/|application\/(json|javascript)|image\/svg\+xml)/;

/** Whether a body of this type and size is worth compressing. */
export const worthCompressing = (contentType: string, size: number): boolean => size >= COMPRESS_MIN_BYTES && COMPRESSIBLE.test(contentType);

/** A body worth compressing depends on Accept-Encoding, also when sent plain or as a 304: caches on the way keep the forms apart. */
export const withVary = (headers: Record<string, string>, size: number): Record<string, string> =>
  worthCompressing(headers['content-type'] ?? '', size) ? { ...headers, vary: 'accept-encoding' } : headers;

/** Sends `body` compressed when the browser takes it and it is worth it; `cached` keeps an asset's compressed forms. */
export async function sendBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  cached?: Map<Encoding, Promise<Buffer>>,
): Promise<void> {
  const encoding = worthCompressing(headers['content-type'] ?? '', body.length) ? acceptedEncoding(req) : null;
  if (!encoding) return void res.writeHead(status, { ...withVary(headers, body.length), 'content-length': String(body.length) }).end(body);
  let packed = cached?.get(encoding);
  if (!packed) {
    packed = compress(body, encoding, cached ? 'best' : 'fast');
    cached?.set(encoding, packed);
  }
  const data = await packed;
  res.writeHead(status, { ...headers, 'content-encoding': encoding, vary: 'accept-encoding', 'content-length': String(data.length) }).end(data);
}
