/**
 * The desktop app's 连接到协会服务器 conversation between the renderer and the Electron main
 * process (electron/server-connection.ts answers it). Types only: both sides share them.
 */

/** What the user is shown before trusting a server's certificate. */
export interface CertificateOffer {
  fingerprint256: string;
  pem: string;
  subject: string;
  validTo: string;
  /** The system's certificate store already trusts it (e.g. a reverse proxy with a public certificate). */
  trustedBySystem: boolean;
}

export type ConnectionRequest =
  { action: 'status' } | { action: 'probe'; address: string } | { action: 'connect'; address: string; fingerprint256: string } | { action: 'useLocal' };

export type ConnectionState = { mode: 'local' } | { mode: 'server'; url: string; fingerprint256: string | null };

export type ConnectionAnswer =
  { ok: true; connection: ConnectionState } | { ok: true; offer: CertificateOffer & { url: string } } | { ok: false; message: string };
