/**
 * The `server-load` case's HTTP client, shared by the case (sign-ins, jobs, the probe) and its
 * simulated users (scripts/bench/server-load-users.ts): one POST to an operation of the association
 * server (`npm run serve`, accounts mode), its answer parsed. The session travels as the browser's
 * does, in the sign-in cookie; a session works on every server process of the same database.
 */
import http from 'node:http';

/** The sign-in cookie's name (web/session.ts SESSION_COOKIE; the bench may not import the shells). */
const SESSION_COOKIE = 'sws-session';

export interface ServerAddress {
  port: number;
}

export interface Answer {
  status: number;
  json: { ok: boolean; result?: unknown; error?: { message: string } };
  /** The session a sign-in set (its cookie's value). */
  session?: string;
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
          ...(session ? { cookie: `${SESSION_COOKIE}=${session}` } : {}),
          origin: `http://127.0.0.1:${server.port}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const set = res.headers['set-cookie']?.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
            const answer: Answer = { status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['json'] };
            resolve(set ? { ...answer, session: set.slice(SESSION_COOKIE.length + 1) } : answer);
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

/**
 * Opens the change stream (`GET /api/events`) as the renderer keeps it open while signed in, and reads
 * it to the end; `notices` counts the changes heard. `close()` ends it.
 */
export function openChangeStream(server: ServerAddress, session: string): { readonly notices: number; close(): void } {
  let notices = 0;
  const req = http.get(
    {
      host: '127.0.0.1',
      port: server.port,
      path: '/api/events',
      agent: false, // a socket of its own for as long as it stays open
      headers: { cookie: `${SESSION_COOKIE}=${session}`, origin: `http://127.0.0.1:${server.port}` },
    },
    (res) => {
      res.setEncoding('utf8');
      res.on('data', (text: string) => (notices += text.split('event: change').length - 1));
      res.on('error', () => {});
    },
  );
  req.on('error', () => {}); // the server stopping ends it
  return {
    get notices() {
      return notices;
    },
    close: () => req.destroy(),
  };
}
