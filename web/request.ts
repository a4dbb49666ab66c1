/**
 * What the browser shell reads from a request before core sees it: the path (percent-decoded, or
 * refused), the media type (only application/json) and the body (up to a limit, else refused).
 */
import type http from 'node:http';

/** `decodeURIComponent`, or null for a malformed escape such as `%E0%A4%A` (answered 400, not 500). */
export function decodePath(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAMETER = new RegExp(`^\\s*(${TOKEN})=(${TOKEN}|"(?:[^"\\\\]|\\\\.)*")\\s*$`);

/**
 * True only for `application/json` (any case), optionally with well-formed parameters of which
 * `charset`, if given, is utf-8 (RFC 9110 §8.3.1). `application/jsonx` or `application/json-foo` are not JSON.
 */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [mediaType = '', ...parameters] = header.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((text) => {
    if (text.trim() === '') return true; // `application/json;` is allowed (RFC 9110: the parameter is optional)
    const match = PARAMETER.exec(text);
    if (!match) return false;
    const value = match[2]!.replace(/^"|"$/g, '').toLowerCase();
    return match[1]!.toLowerCase() !== 'charset' || value === 'utf-8';
  });
}

/**
 * The body as text, or null when it is (or says it will be) larger than `limit` bytes: reading stops
 * there and what follows is discarded unread, so that the caller can still answer 413.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData); // still flowing: the rest goes nowhere
      chunks.length = 0;
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
