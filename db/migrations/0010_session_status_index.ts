import type { Migration } from './types.ts';

/**
 * 考勤待办 counts the sessions that have started and wait for attendance: by status, then
 * start. Without this index that count walks every past session (60,000 at province scale).
 */
export const migration0010: Migration = {
  version: 10,
  name: 'session_status_index',
  up(db) {
    db.exec('CREATE INDEX training_session_status ON training_session(status, starts_at)');
  },
};
