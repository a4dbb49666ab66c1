/**
 * Keeps the audit log's signed anchor (db/audit-anchor.ts) current: after every change core
 * commits, the head is signed and written beside the data file, but only while the log is
 * trusted: the head signed last must still be in the table as it was. After a failed check the
 * anchor stays where it was (the failure keeps showing) until a full verify passes or a backup
 * is restored, which writes a fresh anchor for the restored data.
 */
import type crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/engine/types.ts';
import { openSqliteFile } from '../db/engine/sqlite.ts';
import {
  anchorFileOf,
  auditHead,
  createSigningKey,
  hashAt,
  isSignedBy,
  keyFingerprint,
  manifestOf,
  readAnchorFile,
  readSigningKey,
  restoreAmongNewest,
  signHead,
  writeAnchorFile,
  type AuditHead,
} from '../db/audit-anchor.ts';
import { ANCHOR_STARTED_TABLE, verifyAudit, type AuditVerification } from '../db/audit-verify.ts';
import { appendAuditEntry, withAuditContext } from '../db/audit.ts';
import { hasTable } from '../db/engine/catalog.ts';

export class AuditAnchor {
  private readonly dir: string;
  private readonly file: string;
  private key: crypto.KeyObject | null;
  private last: AuditHead | null = null;
  private trusted = false;
  /** The check made at this start (newest entries, anchor, triggers). */
  startup: AuditVerification | null = null;
  /** Whether the log held entries when this start found it (then beginning to sign is itself logged). */
  private hadEntries = false;

  /** The key is the installation's (one per data folder); the anchor belongs to the data file. */
  constructor(dataFile: string) {
    this.dir = path.dirname(dataFile);
    this.file = anchorFileOf(dataFile);
    this.key = readSigningKey(this.dir);
  }

  verify(db: Db, mode: 'full' | 'fast', now?: string): AuditVerification {
    const result = verifyAudit(db, {
      mode,
      evidence: { key: this.key, anchor: readAnchorFile(this.file), sharedDatabase: db.engine === 'postgres' },
      ...(now ? { now } : {}),
    });
    if (result.intact && this.key) {
      this.trusted = true;
      this.last = auditHead(db);
    }
    return result;
  }

  /** At start, before anything is written: the fast check; a failure is shown, it does not stop the start. */
  checkAtStart(db: Db): AuditVerification {
    this.hadEntries = auditHead(db).seq > 0;
    this.startup = this.verify(db, 'fast');
    return this.startup;
  }

  /**
   * After start-up work (migrations may have logged entries): on the first start with this
   * version, signing begins (a new key, logged); otherwise a trusted log's head is signed.
   */
  afterStart(db: Db, options: { newFile: boolean }): void {
    if (options.newFile) {
      // A data file created at this start has nothing to protect yet: an anchor left in the folder by an earlier file does not apply.
      this.renew(db);
      this.startup = this.verify(db, 'fast');
      return;
    }
    this.startup ??= this.verify(db, 'fast'); // a database that had no log before its migrations
    if (!this.key && this.startup.intact) {
      this.begin(db, '开始为操作日志签名', this.hadEntries);
      return;
    }
    if (this.trusted) this.write(db);
  }

  /** After a committed change: signs the new head, if the log is still as it was last signed. */
  update(db: Db): void {
    if (!this.key || !this.trusted || db.inTransaction || !db.open) return;
    const head = auditHead(db);
    if (this.last && head.seq === this.last.seq && head.hash === this.last.hash) return;
    if (this.last && this.last.seq > 0 && hashAt(db, this.last.seq) !== this.last.hash) {
      // Another server process restored a backup into the shared PostgreSQL database: it verified the
      // restored log in full before its commit and logged the restore as one of its newest entries. Follow it.
      if (db.engine === 'postgres' && restoreAmongNewest(db, 5)) return this.write(db);
      this.trusted = false; // the signed head was deleted or rewritten behind the app's back: keep the evidence
      return;
    }
    this.write(db);
  }

  /** After a restore: the restored data's head becomes the anchor (a key is created if there is none). */
  renew(db: Db): void {
    if (!this.key) this.begin(db, '恢复备份后开始为操作日志签名', auditHead(db).seq > 0);
    else this.write(db);
    this.trusted = true;
  }

  /**
   * Writes `<backup>.json` beside a backup just made from `db`: the log's head, signed. The head
   * is read from the live database, which nothing changed meanwhile (the copy is synchronous, or
   * made at start before anything is served).
   */
  signBackup(backupFile: string, db: Db): void {
    if (!this.key || !hasTable(db, 'audit_log')) return;
    // On PostgreSQL other server processes may have written since the dump's snapshot: the head signed is the copy's own.
    const copy = db.engine === 'postgres' ? openSqliteFile(backupFile, { readonly: true, fileMustExist: true }) : db;
    try {
      writeAnchorFile(manifestOf(backupFile), signHead(this.key, auditHead(copy)));
    } finally {
      if (copy !== db) copy.close();
    }
  }

  /** A backup's log against its manifest: null when it matches or there is no manifest; else the problem. */
  backupProblem(backupFile: string): string | null {
    const manifest = readAnchorFile(manifestOf(backupFile));
    if (manifest === undefined || !this.key) return null;
    if (!isSignedBy(this.key, manifest)) return '备份的清单文件签名无效（文件被改动，或来自另一台电脑）';
    const backup = openSqliteFile(backupFile, { readonly: true, fileMustExist: true });
    try {
      if (hashAt(backup, manifest.seq) !== manifest.hash || auditHead(backup).seq !== manifest.seq)
        return '备份中的操作日志与备份时签名的清单不符（备份文件在备份后被改动）';
      return null;
    } finally {
      backup.close();
    }
  }

  /**
   * Creates the key and the first anchor. On a log that already has history the start is logged
   * (an installation upgraded to signing, or one whose key and anchor files were both removed:
   * an auditor sees signing begin again, with a new key's fingerprint). A new, empty log needs no entry.
   */
  private begin(db: Db, reason: string, logged: boolean): void {
    fs.mkdirSync(this.dir, { recursive: true });
    this.key = createSigningKey(this.dir);
    if (logged) {
      withAuditContext(db, { actorId: null, actorName: '系统', operation: 'audit.anchor', at: new Date().toISOString() }, () =>
        appendAuditEntry(db, ANCHOR_STARTED_TABLE, { 说明: reason, 公钥指纹: keyFingerprint(this.key!) }),
      );
    }
    this.write(db);
    this.trusted = true;
  }

  private write(db: Db): void {
    if (!this.key) return;
    const head = auditHead(db);
    writeAnchorFile(this.file, signHead(this.key, head));
    this.last = head;
  }
}
