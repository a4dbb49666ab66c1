/**
 * Which data the desktop app works on: the local data file (the default) or an association server
 * the user connected to, with the certificate they agreed to trust. Kept in `connection.json` in
 * the data folder; switching either way is an explicit action of the user.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IpcMainLike } from './ipc.ts';
import { probeCertificate, serverAddress, type ServerPin } from './remote-core.ts';
import type { CertificateOffer, ConnectionAnswer, ConnectionRequest, ConnectionState } from '../core/shell/connection-protocol.ts';

export const CONNECTION_FILE = 'connection.json';
export const CONNECTION_CHANNEL = 'sws:connection';

export type Connection = { mode: 'local' } | { mode: 'server'; pin: ServerPin };

export function readConnection(dataDir: string): Connection {
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, CONNECTION_FILE), 'utf8')) as Connection;
    if (saved.mode === 'server' && typeof saved.pin?.url === 'string') return saved;
  } catch {
    // missing or unreadable: the local data file
  }
  return { mode: 'local' };
}

export function writeConnection(dataDir: string, connection: Connection): void {
  const file = path.join(dataDir, CONNECTION_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(connection, null, 2), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

export interface ConnectionDependencies {
  dataDir: string;
  probe?: (url: string) => Promise<CertificateOffer>;
  /** Switches the API channel to the server (or back, with null) and reloads the window. */
  apply(connection: Connection): void;
}

export async function answerConnection(request: ConnectionRequest, deps: ConnectionDependencies): Promise<ConnectionAnswer> {
  const probe = deps.probe ?? probeCertificate;
  const current = readConnection(deps.dataDir);
  switch (request.action) {
    case 'status':
      return { ok: true, connection: describe(current) };
    case 'useLocal':
      writeConnection(deps.dataDir, { mode: 'local' });
      deps.apply({ mode: 'local' });
      return { ok: true, connection: { mode: 'local' } };
    case 'probe':
    case 'connect': {
      const address = serverAddress(String(request.address ?? ''));
      if ('problem' in address) return { ok: false, message: address.problem };
      let offer: CertificateOffer;
      try {
        offer = await probe(address.url);
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
      if (request.action === 'probe') return { ok: true, offer: { ...offer, url: address.url } };
      // The certificate the user compared must be the one the server presents now.
      if (offer.fingerprint256 !== request.fingerprint256) {
        return { ok: false, message: '服务器证书的指纹与您核对的不一致，未连接。请与服务器管理员核实后重试。' };
      }
      const connection: Connection = {
        mode: 'server',
        pin: offer.trustedBySystem ? { url: address.url } : { url: address.url, certificate: { pem: offer.pem, fingerprint256: offer.fingerprint256 } },
      };
      writeConnection(deps.dataDir, connection);
      deps.apply(connection);
      return { ok: true, connection: describe(connection) };
    }
    default:
      return { ok: false, message: '未知的连接请求' };
  }
}

const describe = (c: Connection): ConnectionState =>
  c.mode === 'local' ? { mode: 'local' } : { mode: 'server', url: c.pin.url, fingerprint256: c.pin.certificate?.fingerprint256 ?? null };

export function registerConnectionChannel(ipcMain: IpcMainLike, deps: ConnectionDependencies, isTrustedSender: (url: string) => boolean): void {
  ipcMain.handle(CONNECTION_CHANNEL, async (event, request): Promise<ConnectionAnswer> => {
    if (!isTrustedSender(event.senderFrame?.url ?? '')) return { ok: false, message: '拒绝来自非本程序页面的请求' };
    if (typeof request !== 'object' || request === null) return { ok: false, message: '未知的连接请求' };
    return answerConnection(request as ConnectionRequest, deps);
  });
}
