/**
 * Change notices: after committed work (a command, a job that writes, a restore) core tells its
 * subscribers which records changed, so other users' open screens refresh. What changed is read
 * from the audit log rows the work appended (every write is logged by the triggers, so no
 * operation can forget to notify), mapped to record kinds and the training base they belong to.
 * Each subscriber hears only what its user may see (`visibleTo`): a coordinator nothing about
 * another base. No polling: core publishes after each dispatch and each job's end.
 */
import type { Db } from '../db/engine/types.ts';
import type { ChangedRecord, ChangeKind, ChangeNotice } from '../domain/change-kinds.ts';
import { basesOfBulkRows, changeRowsAfter, lastAuditId, type ChangeRow } from '../db/repos/change-rows.ts';
import { baseOfMentor, baseOfSession } from '../db/repos/base-of.ts';
import { roleAllows, type Actor } from './permissions.ts';

export type { ChangeNotice } from '../domain/change-kinds.ts';

/** A notice as core publishes it, before it is cut down for one subscriber. */
export interface PublishedChange {
  seq: number;
  records: ChangedRecord[];
  everything: boolean;
  actorId: number | null;
  actorName: string;
  operation: string;
  at: string;
  /** Whose call made the change (changeOrigin: its session, and page when the shell names it); null for jobs and in-process callers. */
  session: string | null;
}

/** Base ids that no base has: a base record whose base could not be found is heard by no coordinator. */
const UNKNOWN_BASE = 0;
/** More records than this of one kind in one notice are named as "many" (id null). */
const MAX_RECORDS_PER_KIND = 200;

type Mapping = {
  kind: ChangeKind;
  /** The record a row stands for (a link table's row stands for its parent). */
  id: (row: ChangeRow) => number | null;
  /** Its base: the row's own base_id, or looked up through its session or mentor; null = association-wide. */
  base?: 'own' | 'self' | 'session' | 'mentor' | 'sessionIfAny';
};

const rowId = (row: ChangeRow) => row.rowId;
const TABLES: Readonly<Record<string, Mapping>> = {
  person: { kind: 'people', id: rowId },
  organization: { kind: 'organizations', id: rowId },
  region: { kind: 'regions', id: rowId },
  region_quota: { kind: 'regions', id: (r) => r.regionId },
  certificate: { kind: 'certificates', id: rowId },
  supervisor: { kind: 'supervisors', id: rowId },
  supervisor_event: { kind: 'supervisors', id: (r) => r.supervisorId },
  supervisor_level: { kind: 'rules', id: rowId },
  course_category: { kind: 'rules', id: rowId },
  service_field: { kind: 'rules', id: rowId },
  training_rule_set: { kind: 'rules', id: rowId },
  rule_setting: { kind: 'rules', id: () => null },
  setting: { kind: 'rules', id: () => null },
  training_record: { kind: 'training', id: rowId, base: 'sessionIfAny' },
  training_import: { kind: 'training', id: rowId },
  training_base: { kind: 'bases', id: rowId, base: 'self' },
  base_coordinator: { kind: 'bases', id: (r) => r.baseId, base: 'own' },
  base_event: { kind: 'bases', id: (r) => r.baseId, base: 'own' },
  room: { kind: 'bases', id: (r) => r.baseId, base: 'own' },
  course: { kind: 'courses', id: rowId, base: 'own' },
  mentor: { kind: 'mentors', id: rowId, base: 'own' },
  mentor_specialty: { kind: 'mentors', id: (r) => r.mentorId, base: 'mentor' },
  mentor_unavailability: { kind: 'mentors', id: (r) => r.mentorId, base: 'mentor' }, // 不可用时间 (issue 24)
  training_session: { kind: 'sessions', id: rowId, base: 'own' },
  session_mentor: { kind: 'sessions', id: (r) => r.sessionId, base: 'session' },
  enrolment: { kind: 'enrolments', id: rowId, base: 'session' },
  base_evaluation: { kind: 'evaluations', id: rowId, base: 'own' },
  evaluation_template: { kind: 'evaluations', id: rowId },
  recert_cycle: { kind: 'recertCycles', id: rowId },
  recert_review: { kind: 'recertReviews', id: rowId },
  app_user: { kind: 'users', id: rowId },
  user_base: { kind: 'users', id: (r) => r.userId },
  login_lockout: { kind: 'users', id: (r) => r.userId },
  document_template: { kind: 'rules', id: rowId }, // the wording of 聘书 and 再审核结果通知 (issue 23)
  // 督导工作记录 (issue 22): a supervisor's relationships and records are read with the supervisor.
  supervision_relationship: { kind: 'supervisors', id: (r) => r.supervisorId },
  supervision_record: { kind: 'supervisors', id: (r) => r.supervisorId },
  supervision_record_subject: { kind: 'supervisors', id: () => null },
};
/** Audited tables no screen shows as records of their own, with the reason (a test checks every table is one or the other). */
export const UNNAMED_TABLES: Readonly<Record<string, string>> = {
  example_record: 'marks rows as example data: the rows themselves are named when loaded or removed',
  id_number_lookup: 'counts roster lookups by 身份证号: shown nowhere',
  person_post_event: '服务履历 events are written only with a change of their person, whose row the notice names',
  issued_document: 'the record of printed 学时证明 and 聘书: only 证书核验 › 已签发文书 lists it, and it reloads after its own revocations',
};

/** The tables whose rows a notice names. */
export const NAMED_TABLES = Object.keys(TABLES);

/** Core's own entries that replace everything (a restore, logged under this table name). */
const EVERYTHING_TABLES = new Set(['backup']);

/** Kinds whose records belong to training bases: heard only with `bases.read`. */
const BASE_KINDS: ReadonlySet<ChangeKind> = new Set(['bases', 'courses', 'mentors', 'sessions', 'enrolments', 'evaluations']);

/** Log rows read for notices in one turn of the event loop. */
const SLICE_ROWS = 1_000;

/**
 * The feed: remembers how far it has read the log, publishes what was appended since, and
 * hands each listener every notice (the shells then cut it down per subscriber with `visibleTo`).
 */
export class ChangeFeed {
  private watermark: number;
  private seq = 0;
  private readonly listeners = new Set<(change: PublishedChange) => void>();
  private readonly db: () => Db;
  private readonly onError: (error: unknown) => void;

  private readonly sliceRows: number;
  private restScheduled = false;

  /**
   * `db`: the open database (a restore replaces it); `onError`: where a failure to read the log goes;
   * `sliceRows`: log rows read in one turn (16,000 rows of a re-review's opening held the thread ~0.1–0.2 s).
   */
  constructor(db: () => Db, onError: (error: unknown) => void = () => {}, sliceRows = SLICE_ROWS) {
    this.db = db;
    this.onError = onError;
    this.sliceRows = sliceRows;
    this.watermark = lastAuditId(db());
  }

  /** The rows after a full slice, in the next turn (once, however many calls publish meanwhile). */
  private publishRestLater(by?: { session: string | null; operation: string }): void {
    if (this.restScheduled) return;
    this.restScheduled = true;
    setImmediate(() => {
      this.restScheduled = false;
      this.publish(by);
    });
  }

  subscribe(listener: (change: PublishedChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Publishes what was committed since the last call. `by`: the session and operation of the call that
   * just ran (its rows are that session's own). Skipped while a transaction is open (a job's
   * uncommitted rows are visible on this connection): the job's end publishes them. Returns whether
   * the log had new rows (then, on PostgreSQL, the other server processes are told: core/app.ts).
   */
  publish(by?: { session: string | null; operation: string }): boolean {
    try {
      const db = this.db();
      if (db.inTransaction) return false;
      const rows = changeRowsAfter(db, this.watermark, this.sliceRows);
      if (!rows.length) return false;
      this.watermark = rows[rows.length - 1]!.id;
      // A large job's thousands of log rows are read a slice per turn, so the thread answers others in between.
      if (rows.length === this.sliceRows) this.publishRestLater(by);
      for (const group of groupByActorAndOperation(rows)) {
        const first = group[0]!;
        const records = recordsOf(db, group);
        const everything = group.some((row) => EVERYTHING_TABLES.has(row.table));
        if (!records.length && !everything) continue;
        const change: PublishedChange = {
          seq: ++this.seq,
          records,
          everything,
          actorId: first.actorId,
          actorName: first.actorName,
          operation: first.operation,
          at: first.at,
          session: by && by.operation === first.operation ? by.session : null,
        };
        for (const listener of [...this.listeners]) {
          try {
            listener(change);
          } catch (error) {
            this.onError(error); // one subscriber's failure does not keep the notice from the others
          }
        }
      }
      return true;
    } catch (error) {
      this.onError(error); // a notice lost is a screen refreshed late, never a reason to fail the call
      return false;
    }
  }

  /**
   * Another server process on the same PostgreSQL database committed work (db/postgres/change-channel.ts):
   * its rows are in the log. A log that ends before the watermark was replaced by a restore there:
   * read on from just before its last entry (the restore's own, which tells everyone to reload).
   */
  heardFromElsewhere(): void {
    try {
      const last = lastAuditId(this.db());
      if (last < this.watermark) this.watermark = Math.max(0, last - 1);
    } catch (error) {
      this.onError(error);
      return;
    }
    this.publish();
  }

  /** After the database was replaced (a restore): read on from the new log's end, before its own entry. */
  replaced(): void {
    this.watermark = lastAuditId(this.db());
  }
}

/** Consecutive rows by the same actor and operation: one notice each. */
function groupByActorAndOperation(rows: ChangeRow[]): ChangeRow[][] {
  const groups: ChangeRow[][] = [];
  for (const row of rows) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.actorId === row.actorId && last[0]!.operation === row.operation) last.push(row);
    else groups.push([row]);
  }
  return groups;
}

/** The records a group of log rows changed, each with its base; many of one kind collapse to one "many". */
function recordsOf(db: Db, rows: ChangeRow[]): ChangedRecord[] {
  // Bases named by rows of this group first: a session or mentor deleted in it is no longer in its table.
  const sessionBase = new Map<number, number>();
  const mentorBase = new Map<number, number>();
  for (const row of rows) {
    if (row.rowId !== null && row.baseId !== null && row.table === 'training_session') sessionBase.set(row.rowId, row.baseId);
    if (row.rowId !== null && row.baseId !== null && row.table === 'mentor') mentorBase.set(row.rowId, row.baseId);
  }
  const viaSession = (id: number | null) => (id === null ? UNKNOWN_BASE : (sessionBase.get(id) ?? baseOfSession(db, id) ?? UNKNOWN_BASE));
  const baseOf = (mapping: Mapping, row: ChangeRow): number | null => {
    switch (mapping.base) {
      case undefined:
        return null;
      case 'self':
        return row.rowId ?? UNKNOWN_BASE;
      case 'own':
        return row.baseId ?? UNKNOWN_BASE;
      case 'session':
        return viaSession(row.sessionId);
      case 'sessionIfAny':
        return row.sessionId === null ? null : viaSession(row.sessionId);
      case 'mentor':
        return row.mentorId === null ? UNKNOWN_BASE : (mentorBase.get(row.mentorId) ?? baseOfMentor(db, row.mentorId) ?? UNKNOWN_BASE);
    }
  };

  const byKey = new Map<string, ChangedRecord>();
  const add = (record: ChangedRecord) => byKey.set(`${record.kind}:${record.id}:${record.baseId}`, record);
  for (const row of rows) {
    const mapping = Object.hasOwn(TABLES, row.table) ? TABLES[row.table] : undefined;
    if (!mapping) continue;
    if (row.rowId === null && row.firstId !== null && row.lastId !== null) {
      // A bulk load: many rows, logged as one entry; their bases from the rows themselves.
      if (!mapping.base) add({ kind: mapping.kind, id: null, baseId: null });
      else for (const baseId of basesOfBulkRows(db, row.table, row.firstId, row.lastId)) add({ kind: mapping.kind, id: null, baseId });
      continue;
    }
    add({ kind: mapping.kind, id: mapping.id(row), baseId: baseOf(mapping, row) });
  }
  return collapse([...byKey.values()]);
}

/** Beyond MAX_RECORDS_PER_KIND records of a kind, that kind is named once per base as "many". */
function collapse(records: ChangedRecord[]): ChangedRecord[] {
  const count = new Map<ChangeKind, number>();
  for (const r of records) count.set(r.kind, (count.get(r.kind) ?? 0) + 1);
  const out = new Map<string, ChangedRecord>();
  for (const r of records) {
    const many = count.get(r.kind)! > MAX_RECORDS_PER_KIND;
    const record = many ? { ...r, id: null } : r;
    out.set(`${record.kind}:${record.id}:${record.baseId}`, record);
  }
  return [...out.values()];
}

/** Whether an actor may hear of one changed record: the kind's read permission, and a coordinator only their bases. */
function mayHear(actor: Actor, record: ChangedRecord): boolean {
  if (actor.role === 'anonymous') return false;
  if (record.kind === 'users') return roleAllows(actor.role, 'users.manage') || (record.id !== null && record.id === actor.id);
  if (!roleAllows(actor.role, BASE_KINDS.has(record.kind) ? 'bases.read' : 'registry.read')) return false;
  if (actor.role === 'coordinator' && record.baseId !== null) return (actor.baseIds ?? []).includes(record.baseId);
  return true;
}

/**
 * Whose a change is, or who follows the changes: the session (its token's hash), and within it the page (browser tab)
 * when the shell names one (core/shell/page-id.ts). Pages sharing a session then hear each other's changes as not their own.
 */
export const changeOrigin = (session: string | null, page?: string): string | null => (session !== null && page ? `${session}/${page}` : session);

/**
 * What one subscriber hears of a published change: only the records its user may see (null when none).
 * `session`: the subscriber's origin (changeOrigin), to mark its own changes.
 */
export function visibleTo(actor: Actor, change: PublishedChange, session: string | null): ChangeNotice | null {
  if (actor.role === 'anonymous') return null;
  const records = change.records.filter((record) => mayHear(actor, record));
  if (!records.length && !change.everything) return null;
  return {
    seq: change.seq,
    kinds: [...new Set(records.map((r) => r.kind))],
    records,
    everything: change.everything,
    actorName: change.actorName,
    operation: change.operation,
    at: change.at,
    own: session !== null && change.session === session,
  };
}
