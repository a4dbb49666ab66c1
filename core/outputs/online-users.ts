/** Output schemas of core/services/online-users.ts (contract.ts `output`). */
import { z } from 'zod';
import { ROLES } from '../../domain/index.ts';

const timeouts = z.object({ idleMinutes: z.number(), absoluteHours: z.number() });

export const onlineUsersOutputs = {
  'online.list': z.object({
    rows: z.array(
      z.object({
        id: z.number(),
        userId: z.number(),
        username: z.string(),
        displayName: z.string(),
        role: z.enum(ROLES),
        source: z.string(),
        userAgent: z.string().nullable(),
        createdAt: z.string(),
        lastSeenAt: z.string(),
        /** The caller's own session (it cannot be ended here: 退出登录 does that). */
        current: z.boolean(),
      }),
    ),
    timeouts,
  }),
  'online.endSession': z.object({ ended: z.boolean() }),
  'online.setTimeouts': timeouts,
};
