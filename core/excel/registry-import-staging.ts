/**
 * A commit's new people, staged while the file is checked, so that the import's publish is one
 * INSERT … SELECT rather than 50,000 inserts from JavaScript (docs/performance.md: the publish of
 * 50,000 new people went from ~2.6 s to ~1.1 s on a loaded VM, index upkeep being what is left).
 * The rows wait in a temporary table of the import's own connection (invisible to everyone,
 * gone with the connection), written after each checked batch. Before the publish their bulk
 * audit digest (db/audit.ts) is worked out in slices, the job yielding in between, for the ids
 * they will get (after the highest id then); the publish uses it only when they got exactly those.
 * The publish itself inserts them in slices across event-loop turns, inside its one transaction.
 */
import crypto from 'node:crypto';
import type { Db, Statement } from '../../db/engine/types.ts';
import { columnsOf, rowText, type KnownBulkDigest } from '../../db/audit.ts';
import { declaredColumns } from '../../db/engine/catalog.ts';

/** Rows per slice of the digest worked out ahead: a few milliseconds each. */
const DIGEST_SLICE = 2_000;
/** Rows per statement of the publish: ~10–20 ms each at province scale (index upkeep). */
export const PUBLISH_SLICE = 1_000;

export interface StagedPerson {
  rowNumber: number;
  label: string;
  /** The person's row as the rules wrote it in the check, without its id. */
  values: Record<string, unknown>;
}

export class StagedPeople {
  private readonly db: Db;
  /** The person table's columns but its id, in the table's order. */
  private readonly columns: string[];
  private readonly insert: Statement;
  count = 0;

  constructor(db: Db) {
    this.db = db;
    const declared = declaredColumns(db, 'person').filter((c) => c.name !== 'id');
    this.columns = declared.map((c) => c.name);
    const quoted = this.columns.map((c) => `"${c}"`).join(', ');
    // The person table's declared types: a value is stored here as it will be there (a number bound from JavaScript is a REAL
    // until an INTEGER column makes it an integer), so the digest worked out here is the digest of the rows as written.
    // Unqualified: on both engines a temporary table's name is found before the schema's (SQLite's temp, PostgreSQL's pg_temp).
    db.exec(
      `CREATE TEMP TABLE import_staged_person (seq INTEGER PRIMARY KEY, row_number INTEGER NOT NULL, label TEXT NOT NULL, ${declared.map((c) => `"${c.name}" ${c.type}`).join(', ')})`,
    );
    this.insert = db.prepare(
      `INSERT INTO import_staged_person (seq, row_number, label, ${quoted}) VALUES (?, ?, ?, ${this.columns.map(() => '?').join(', ')})`,
    );
  }

  /** Stages people checked in a batch (after the batch's transaction is rolled back: a temporary table's rows would go with it). */
  add(people: readonly StagedPerson[]): void {
    for (const p of people) this.insert.run(++this.count, p.rowNumber, p.label, ...this.columns.map((c) => p.values[c]));
  }

  /** The highest person id now: the staged people get the ids after it. */
  lastPersonId(): number {
    return this.db.prepare('SELECT coalesce(max(id), 0) FROM person').pluck().get() as number;
  }

  /**
   * The bulk digest of the staged people as inserted after `base` (ids base + 1 …), the same text
   * per row as db/audit.ts reads from the table, in slices with `pause` in between. SQLite only:
   * PostgreSQL's bulk audit reads the digest from the rows as inserted (db/postgres/bulk-audit.ts),
   * in SQL of its own (the text is built here by SQLite's json_array), so there is nothing to work out ahead.
   */
  async digestAfter(base: number, pause: () => Promise<void>): Promise<KnownBulkDigest | undefined> {
    if (this.db.engine === 'postgres') return undefined;
    const id = 'CAST(@base + seq AS INTEGER)';
    const read = this.db
      .prepare(
        `SELECT ${rowText(columnsOf(this.db, 'person'), (c) => (c === 'id' ? id : `"${c}"`), id)} FROM import_staged_person WHERE seq > @after ORDER BY seq LIMIT @limit`,
      )
      .pluck();
    const hash = crypto.createHash('sha256');
    for (let after = 0; after < this.count; after += DIGEST_SLICE) {
      for (const text of read.all({ base, after, limit: DIGEST_SLICE }) as string[]) hash.update(`${text}\n`);
      await pause();
    }
    return { firstId: base + 1, lastId: base + this.count, digest: hash.digest('hex') };
  }

  /** Staged people whose 身份证号 someone registered since the check. */
  registeredMeanwhile(): { rowNumber: number; label: string; personId: number }[] {
    return this.db
      .prepare(
        'SELECT s.row_number AS rowNumber, s.label, p.id AS personId FROM import_staged_person s JOIN person p ON p.id_number = s.id_number ORDER BY s.seq',
      )
      .all() as { rowNumber: number; label: string; personId: number }[];
  }

  /**
   * Inserts every staged person, ids after the highest one now, inside the publish's transaction:
   * with `pause` (on the serving thread), PUBLISH_SLICE rows a statement with `pause` in between, so
   * the server answers other users while the indexes take 50,000 rows (0.4–0.9 s in one statement at
   * city and province scale); without (in the import's worker thread), in one statement.
   * The transaction holds the write lock throughout, so nobody takes an id meanwhile; a failure in
   * any slice rolls every slice back with it. Returns the new people's ids.
   */
  async publish(pause?: () => Promise<void>): Promise<{ firstId: number; lastId: number }> {
    const quoted = this.columns.map((c) => `"${c}"`).join(', ');
    const insert = this.db.prepare(
      `INSERT INTO person (id, ${quoted}) SELECT CAST(@base + seq AS INTEGER), ${quoted} FROM import_staged_person WHERE seq > @after AND seq <= @upTo ORDER BY seq`,
    );
    const base = this.lastPersonId();
    const slice = pause ? PUBLISH_SLICE : this.count;
    for (let after = 0; after < this.count; after += slice) {
      insert.run({ base, after, upTo: after + slice });
      if (pause && after + slice < this.count) await pause();
    }
    advanceIdSequence(this.db);
    return { firstId: base + 1, lastId: base + this.count };
  }
}

/**
 * PostgreSQL: ids given explicitly do not move the person table's identity sequence, so the next
 * person added one by one would be given an id the import took. Moved past the highest id, never
 * back (a sequence is not transactional: values handed out to others stay theirs). SQLite's next
 * rowid is the highest one's successor by itself.
 */
function advanceIdSequence(db: Db): void {
  if (db.engine !== 'postgres') return;
  db.prepare(
    `SELECT setval(s, greatest((SELECT coalesce(max(id), 1) FROM person), coalesce(pg_sequence_last_value(s), 1))) AS "advanced"
     FROM (SELECT CAST(pg_get_serial_sequence('person', 'id') AS regclass) AS s) q`,
  ).get();
}
