/** Messages between the main process and the utility process that hosts core. */
import type { CallResult } from '../core/errors.ts';

export interface CallRequest {
  id: number;
  name: string;
  input: unknown;
  /** The signed-in user's session token, if any. */
  session?: string | undefined;
}

export type HostMessage =
  | { type: 'ready'; schemaVersion: number; dataFile: string }
  | { type: 'startup-error'; message: string }
  | { type: 'result'; id: number; result: CallResult<unknown> };
