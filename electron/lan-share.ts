/**
 * 文件 › 共享给同事（局域网）: the office PC becomes the association server for its colleagues.
 * The local core stops, the same program starts as the server on this folder (`serve --lan`,
 * with its self-signed certificate), and this window becomes one of its clients, so there is
 * still exactly one writer on the data file. Stopping the share reverses it. Written against
 * stand-ins (ShareSteps) so tests can drive it; main.ts supplies Electron's pieces.
 */
import os from 'node:os';
import QRCode from 'qrcode';
import type { CertificateOffer } from '../core/shell/connection-protocol.ts';
import type { ServerPin } from './remote-core.ts';

/** The line `serve --json` prints once it listens. */
export interface ServerStarted {
  url: string;
  port: number;
  dataDir: string;
}

export interface ShareSteps {
  /** Stops the local core and releases the data folder, so the server can take it. */
  stopLocal(): Promise<void>;
  /** Starts the server on the data folder; resolves with its `--json` line. */
  startServer(): Promise<ServerStarted>;
  /** Reads the certificate the server presents (on this machine: what it presents is what it made). */
  probe(url: string): Promise<CertificateOffer>;
  /** Points this window at the server (or back to the local data, with null). */
  useServer(pin: ServerPin | null): void;
  /** Stops the server and takes the data folder back for the local core. */
  stopServer(): Promise<void>;
  startLocal(): Promise<void>;
}

export interface Sharing {
  /** The addresses colleagues type (one per network interface) and the fingerprint they compare. */
  addresses: string[];
  fingerprint256: string;
  stop(): Promise<void>;
}

/** Starts sharing; if any step fails, what was stopped is started again and the error reaches the caller. */
export async function startSharing(steps: ShareSteps, interfaces = os.networkInterfaces()): Promise<Sharing> {
  await steps.stopLocal();
  let started: ServerStarted;
  try {
    started = await steps.startServer();
  } catch (error) {
    await steps.startLocal();
    throw error;
  }
  try {
    const local = `https://127.0.0.1:${started.port}`;
    const certificate = await steps.probe(local);
    steps.useServer({ url: local, certificate: { pem: certificate.pem, fingerprint256: certificate.fingerprint256 } });
    return {
      addresses: lanAddresses(interfaces).map((address) => `https://${address}:${started.port}`),
      fingerprint256: certificate.fingerprint256,
      stop: async () => {
        steps.useServer(null);
        await steps.stopServer();
        await steps.startLocal();
      },
    };
  } catch (error) {
    await steps.stopServer();
    await steps.startLocal();
    throw error;
  }
}

/** This PC's addresses on its networks (IPv4, not loopback): what colleagues can reach. */
export function lanAddresses(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string[] {
  return Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal)
    .map((info) => info.address);
}

/** Reads the server's `--json` line from its output; anything else it prints is passed to `log`. */
export function serverStartedFrom(line: string): ServerStarted | null {
  try {
    const value = JSON.parse(line) as Partial<ServerStarted>;
    return typeof value.url === 'string' && typeof value.port === 'number' && typeof value.dataDir === 'string' ? (value as ServerStarted) : null;
  } catch {
    return null;
  }
}

/** The dialog that tells the user what colleagues need (Electron's showMessageBox options). */
export function sharingDialog(sharing: Pick<Sharing, 'addresses' | 'fingerprint256'>) {
  return {
    type: 'info' as const,
    title: '已共享给同事',
    message: '本机已作为协会服务器运行，同事可在浏览器或桌面程序中打开：',
    detail: [
      ...(sharing.addresses.length ? sharing.addresses : ['（未找到局域网地址：请检查网络连接）']),
      '',
      `证书指纹（同事连接时核对）：`,
      sharing.fingerprint256,
      '',
      '关闭本程序或选择“停止共享”后，同事将无法访问。',
    ].join('\n'),
    buttons: ['确定'],
    noLink: true,
  };
}

/** The first address as a QR code (PNG), for a colleague to open it from a phone or copy it without typing. */
export function addressQrCode(address: string): Promise<Buffer> {
  return QRCode.toBuffer(address, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
}
