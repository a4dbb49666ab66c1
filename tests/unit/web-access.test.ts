import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, isOwnHost, isOwnOrigin, normalizeAddress, type Access } from '../../web/access.ts';
import { acceptedEncoding, worthCompressing } from '../../web/compression.ts';
import { derivedOrigins } from '../../web/server.ts';

/** Just what the functions read from a request: the peer's address and the headers. */
const request = (remoteAddress: string, headers: http.IncomingHttpHeaders = {}) => ({ socket: { remoteAddress }, headers }) as unknown as http.IncomingMessage;

const server: Access = { mode: 'accounts', publicOrigins: ['https://sws.example.org'], trustProxy: ['10.0.0.2', '10.0.0.3'] };

describe('web shell: where a request comes from', () => {
  it('believes X-Forwarded-For only from a trusted proxy, and takes the nearest address no trusted proxy added', () => {
    expect(normalizeAddress('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddress(request('203.0.113.5', { 'x-forwarded-for': '192.0.2.1' }), server)).toBe('203.0.113.5');
    expect(clientAddress(request('::ffff:10.0.0.2', { 'x-forwarded-for': '192.0.2.1, 198.51.100.4, 10.0.0.3' }), server)).toBe('198.51.100.4');
    expect(clientAddress(request('10.0.0.2', { 'x-forwarded-for': 'not-an-address' }), server)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', { 'x-forwarded-for': '192.0.2.1' }), { mode: 'token', token: 't' })).toBe('10.0.0.2');
  });

  it('accepts only its public address as Host (a trusted proxy’s X-Forwarded-Host) and Origin', () => {
    expect(isOwnHost(request('10.0.0.2', { host: '127.0.0.1:5170', 'x-forwarded-host': 'sws.example.org' }), server, 5170)).toBe(true);
    expect(isOwnHost(request('192.0.2.9', { host: '127.0.0.1:5170', 'x-forwarded-host': 'sws.example.org' }), server, 5170)).toBe(false);
    expect(isOwnHost(request('192.0.2.9', { host: 'SWS.example.org' }), server, 5170)).toBe(true);
    expect(isOwnOrigin(request('192.0.2.9', { origin: 'https://sws.example.org' }), server, 5170)).toBe(true);
    expect(isOwnOrigin(request('192.0.2.9', { origin: 'http://sws.example.org' }), server, 5170)).toBe(false);
    expect(isOwnOrigin(request('192.0.2.9', { 'sec-fetch-site': 'same-site' }), server, 5170)).toBe(false);
    expect(derivedOrigins('127.0.0.1', 8443, true)).toEqual(['https://127.0.0.1:8443', 'https://localhost:8443']);
    expect(derivedOrigins('::1', 80, false)).toEqual(['http://[::1]:80', 'http://localhost:80', 'http://127.0.0.1:80']);
  });

  it('compresses with what the browser takes (brotli first, a q=0 refuses), text above 1 KB only', () => {
    const accepting = (value: string) => acceptedEncoding(request('127.0.0.1', { 'accept-encoding': value }));
    expect(accepting('gzip, deflate, br, zstd')).toBe('br');
    expect(accepting('gzip, br;q=0')).toBe('gzip');
    expect(accepting('identity')).toBeNull();
    expect(accepting('*')).toBe('br');
    expect(acceptedEncoding(request('127.0.0.1'))).toBeNull();
    expect(worthCompressing('application/json; charset=utf-8', 2048)).toBe(true);
    expect(worthCompressing('application/json; charset=utf-8', 500)).toBe(false);
    expect(worthCompressing('image/png', 200_000)).toBe(false);
  });
});
