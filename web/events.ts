/**
 * The change stream: `GET /api/events` answers text/event-stream and carries core's change notices
 * to the signed-in user, only those their user may see (core decides: `core.watchChanges`). A
 * comment line every ~25 s keeps proxies from closing an idle stream and re-reads the session; a
 * stream ends when the client goes, the session ends, or the server closes.
 */
import type http from 'node:http';
import type { Core } from '../core/app.ts';
import type { ChangeNotice } from '../domain/change-kinds.ts';
import { traced } from '../core/turn-trace.ts';

export { EVENTS_ROUTE } from '../core/shell/events-route.ts';
export const HEARTBEAT_MS = 25_000;

/** The open streams of one server: counted (tests, administration) and ended when it closes. */
export class EventStreams {
  private readonly open = new Set<() => void>();
  private readonly core: Core;
  private readonly heartbeatMs: number;

  constructor(core: Core, heartbeatMs = HEARTBEAT_MS) {
    this.core = core;
    this.heartbeatMs = heartbeatMs;
  }

  get count(): number {
    return this.open.size;
  }

  /** Streams the session's notices (`page`: the page that follows, core/shell/page-id.ts); answers 401 when the session is unknown or over. */
  stream(res: http.ServerResponse, sessionToken: string | undefined, page?: string): void {
    let end = () => {};
    const send = (text: string) => void res.write(text);
    const watch = this.core.watchChanges(
      sessionToken,
      (notice: ChangeNotice) => send(`id: ${notice.seq}\nevent: change\ndata: ${JSON.stringify(notice)}\n\n`),
      () => {
        send('event: signed-out\ndata: {}\n\n');
        end();
      },
      page,
    );
    if (!watch) {
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ ok: false, error: { code: 'UNAUTHORIZED', message: '请先登录（登录已过期或尚未登录）' } }));
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no', // a reverse proxy must pass each notice on at once
      'x-content-type-options': 'nosniff',
    });
    send(': 已连接\n\n');
    // Each stream's beat 0.75–1.25 × heartbeatMs: streams opened together (every browser reconnecting after a restart)
    // would otherwise re-read their sessions in the same turn, one session check each (round trips on PostgreSQL).
    const heartbeat = setInterval(
      () => {
        if (traced('timer:sse-heartbeat', () => watch.check())) send(': heartbeat\n\n');
      },
      Math.round(this.heartbeatMs * (0.75 + Math.random() / 2)),
    );
    heartbeat.unref();
    end = () => {
      if (!this.open.delete(end)) return;
      clearInterval(heartbeat);
      watch.close();
      res.end();
    };
    this.open.add(end);
    res.on('close', end); // the client went away: nothing more is sent, nothing is kept
  }

  /** Ends every stream (the server is closing: otherwise it would wait for them forever). */
  endAll(): void {
    for (const end of [...this.open]) end();
  }
}
