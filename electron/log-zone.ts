/**
 * The time zone the desktop main process stamps its log lines in (core/log.ts): the configured one
 * (服务器设置 › 时区), as core's and the server's logs are, never the PC's own zone. The main process
 * holds no database, so it learns the zone from core: the local core names it when it opens
 * ('ready'), and the answers that carry core's clock bring it as they pass to the window, from the
 * local core or from the association server, a zone just saved included. Until then, the default.
 */
import { DEFAULT_TIME_ZONE, isTimeZone } from '../core/dates.ts';
import type { CallResult } from '../core/errors.ts';
import type { Forward } from './ipc.ts';

/** Answers whose `timeZone` is core's configured zone. */
const ANSWERS_WITH_ZONE = new Set(['system.clock', 'system.info', 'system.serverSettings', 'system.saveServerSettings']);

export class LogZone {
  private zone = DEFAULT_TIME_ZONE;

  /** For fileLogger's `timeZone`: read at every line. */
  readonly current = (): string => this.zone;

  /** Takes a zone core named; anything that is not a zone name is ignored. */
  learn(zone: unknown): void {
    if (typeof zone === 'string' && isTimeZone(zone)) this.zone = zone;
  }

  /** Takes the zone from an answer that carries core's clock (auth.status for a signed-in user, system.clock, 服务器设置…). */
  learnFrom(name: string, result: CallResult<unknown>): void {
    if (!result.ok) return;
    const answer = result.result as { timeZone?: unknown; clock?: { timeZone?: unknown } | null } | null;
    if (name === 'auth.status') this.learn(answer?.clock?.timeZone);
    else if (ANSWERS_WITH_ZONE.has(name)) this.learn(answer?.timeZone);
  }

  /** The window's calls, forwarded as they are; their answers teach the zone on the way back. */
  watching(forward: Forward): Forward {
    return async (name, input, session) => {
      const result = await forward(name, input, session);
      this.learnFrom(name, result);
      return result;
    };
  }
}
