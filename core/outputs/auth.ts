/** Output schemas of core/services/auth.ts (contract.ts `output`). */
import { z } from 'zod';
import { ROLES } from '../../domain/index.ts';
import { page } from './marks.ts';
import { systemClock } from './system.ts';

const authStatusUser = z.object({ id: z.number(), name: z.string(), role: z.enum(ROLES), baseIds: z.array(z.number()) });
const authSetupUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  baseIds: z.array(z.number()),
  bases: z.array(z.object({ id: z.number(), name: z.string() })),
  version: z.number(),
});

const authStatus = z.object({
  needsSetup: z.boolean(),
  user: authStatusUser.nullable(),
  permissions: z.array(z.string()),
  /** Signed in: core's zone and time, in the same answer (one round trip less before the first screen). */
  clock: systemClock.nullable(),
});

export const authOutputs = {
  'auth.status': authStatus,
  // `status`: what auth.status answers the new session, so the first screen follows the sign-in without asking again.
  'auth.setup': z.object({ token: z.string(), user: authSetupUser, status: authStatus }),
  'auth.login': z.object({ token: z.string(), user: authSetupUser, status: authStatus }),
  'auth.logout': z.object({ done: z.boolean() }),
  'auth.changePassword': z.object({ done: z.boolean() }),
  'users.list': page(authSetupUser),
  'users.create': authSetupUser,
  // TODO not observed
  'users.update': authSetupUser,
  'users.resetPassword': authSetupUser,
  'users.unlock': authSetupUser,
  'users.setActive': authSetupUser,
};
