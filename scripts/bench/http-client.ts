/**
 * The `server-load` case's HTTP client, shared by the case (sign-ins, jobs, the probe) and its
 * simulated users (scripts/bench/server-load-users.ts): one POST to an operation, its answer parsed.
 */
import http from 'node:http';

export interface ServerAddress {
  port: number;
  /** The web shell's start token. */
  token: string;
}

export interface Answer {
  status: number;
  json: { ok: boolean; result?: unknown; error?: { message: string } };
}

/** POSTs `body` to `/api/<operation>` on 127.0.0.1, as `session` when given, over `agent`'s kept-alive sockets. */
export function post(server: ServerAddress, agent: http.Agent, operation: string, body: unknown, session?: string): Promise<Answer> {
  const data = JSON.stringify(body);
  const again = () => post(server, agent, operation, body, session);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/${operation}`,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          'x-session-token': server.token,
          ...(session ? { 'x-user-session': session } : {}),
          origin: `http://127.0.0.1:${server.port}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error as Error);
          }
        });
        res.on('error', reject);
      },
    );
    // A kept-alive socket the server closed as it was reused: Node's advice is to send again (reads and these saves are idempotent).
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' && req.reusedSocket ? again().then(resolve, reject) : reject(error)));
    req.end(data);
  });
}
