/**
 * 在线用户 (administrators): who is signed in, from where, since when; end a session (that user is
 * signed out at their next call); the session timeouts (core/sign-in-sessions.ts).
 */
import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { appendAuditEntry } from '../../db/audit.ts';
import { endSessionFields, sessionTimeoutFields } from '../schemas/online-users.ts';
import { sessionTimeouts, setSessionTimeouts } from '../sign-in-sessions.ts';
import { onlineUsersOutputs } from '../outputs/online-users.ts';

const host = (ctx: Context) => {
  if (!ctx.host) throw new AppError('CONFLICT', '此入口没有登录会话');
  return ctx.host;
};

export const onlineUsersOperations = [
  defineOperation({
    name: 'online.list',
    output: onlineUsersOutputs['online.list'],
    title: '查询在线用户',
    kind: 'query',
    permission: 'users.manage',
    scope: 'none',
    input: z.object({}),
    handler: (_input, ctx) => ({ rows: host(ctx).onlineSessions(), timeouts: sessionTimeouts(ctx.db) }),
  }),
  defineOperation({
    name: 'online.endSession',
    output: onlineUsersOutputs['online.endSession'],
    title: '结束会话',
    kind: 'command',
    permission: 'users.manage',
    scope: 'none',
    input: endSessionFields,
    handler: ({ id }, ctx) => {
      const session = host(ctx)
        .onlineSessions()
        .find((s) => s.id === id);
      if (!session) throw notFound('该会话（可能已退出登录或已超时）', 'id');
      if (session.current) throw conflict('这是您当前使用的会话：请用“退出登录”结束它', 'id');
      const ended = host(ctx).endSessionById(id);
      // The session table is not audited (its last-seen time changes with every call): the ending is one entry.
      appendAuditEntry(ctx.db, 'user_session', { 结束会话: id, 用户: `${session.displayName}（${session.username}）`, 来源地址: session.source });
      return { ended };
    },
  }),
  defineOperation({
    name: 'online.setTimeouts',
    output: onlineUsersOutputs['online.setTimeouts'],
    title: '设置会话时限',
    kind: 'command',
    permission: 'users.manage',
    scope: 'none',
    input: sessionTimeoutFields,
    handler: (timeouts, ctx) => {
      setSessionTimeouts(ctx.db, timeouts, ctx.clock.now());
      return sessionTimeouts(ctx.db);
    },
  }),
] as const;
