/**
 * What a change notice names: the kinds of records other users' open screens show. Core derives
 * them from the audit log rows a committed command or job appended (core/change-notices.ts); the
 * shells carry them to subscribers; the renderer refetches the screens that show those kinds.
 */
export const CHANGE_KINDS = [
  'people',
  'organizations',
  'regions',
  'certificates',
  'supervisors',
  'training', // the training-hour ledger and its imports
  'bases', // a base, its rooms, coordinators and events
  'courses',
  'mentors',
  'sessions',
  'enrolments', // enrolment and attendance
  'evaluations',
  'recertCycles',
  'recertReviews',
  'rules', // training-hour rules, supervisor ladder, categories, service fields, settings
  'users',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One changed record: its kind, its id (null: many rows at once, a bulk load) and, for base records, its base. */
export interface ChangedRecord {
  kind: ChangeKind;
  id: number | null;
  /** The training base the record belongs to; null for association-wide records. */
  baseId: number | null;
}

/** What a subscriber receives after someone's committed change (only what its user may see). */
export interface ChangeNotice {
  /** Increases with every notice core publishes (a subscriber can tell it missed none). */
  seq: number;
  /** Every kind named in `records`; with `everything`, the whole data set changed (a restore). */
  kinds: ChangeKind[];
  records: ChangedRecord[];
  everything: boolean;
  /** Who did it and by which operation (its name), when (ISO). */
  actorName: string;
  operation: string;
  at: string;
  /** True when the subscriber's own session made the change. */
  own: boolean;
}
