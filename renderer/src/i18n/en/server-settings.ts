import type { messages as zh } from '../zh/server-settings.ts';

/** English · server settings: the same keys as zh/server-settings.ts (a missing or extra key fails the typecheck). */
export const messages: Record<keyof typeof zh, string> = {
  'nav.serverSettings': 'Server settings',
  'serverSettings.title': 'Server settings',
  'serverSettings.clock': 'Time zone',
  'serverSettings.timeZone': 'Time zone',
  'serverSettings.timeZoneHelp':
    '"Today", every displayed and exported time and the logs follow this zone, whatever the server’s or the browser’s zone. Default {zone}',
  'serverSettings.backup': 'Scheduled backups',
  'serverSettings.backupTime': 'Daily backup time',
  'serverSettings.backupTimeHelp': '24-hour clock, e.g. 02:00',
  'serverSettings.keepDaily': 'Daily backups kept',
  'serverSettings.keepWeekly': 'Weekly backups kept',
  'serverSettings.keepMonthly': 'Monthly backups kept',
  'serverSettings.rotation':
    'While the program runs it backs up every day at the set time; if it was not running then, at the next start. Afterwards it keeps the newest backup of each of the last days, weeks and months as set above and deletes older ones.',
  'serverSettings.lastBackup': 'Last scheduled backup',
  'serverSettings.lastOk': '{at}: backed up to {file}',
  'serverSettings.lastFailed': '{at}: the backup to {dir} failed: {error}',
  'serverSettings.noRunYet': 'No scheduled backup has run yet',
  'serverSettings.next': 'Next scheduled backup',
  'serverSettings.dir': 'Backup folder',
  'serverSettings.toBackups': 'Back up now, change the backup folder or restore under “Backups”',
  'serverSettings.migrateTitle': 'Move to PostgreSQL',
  'serverSettings.migrateExplain':
    "An association that must use a database server can copy all of this server's data into an empty PostgreSQL 15 (or newer) database. Afterwards the row counts are compared table by table, the audit log is fully verified and the integrity checks run. This server's data file is only read; a target that is not empty is refused.",
  'serverSettings.migrateSnapshot':
    'The copy is of the moment it starts: everyone can keep working meanwhile, but later changes are not carried over. Do it when nobody is entering data, and restart the server on PostgreSQL right after.',
  'serverSettings.migrateTarget': 'PostgreSQL address',
  'serverSettings.migrateTargetHelp':
    'e.g. postgres://user:password@host:5432/database (an empty database and an account made by the DBA); the password is never shown or logged',
  'serverSettings.migrateStart': 'Copy to PostgreSQL…',
  'serverSettings.migrateConfirmTitle': 'Copy to PostgreSQL?',
  'serverSettings.migrateConfirmText':
    "All of this server's data is copied to {target}. That database must be empty; this server's data does not change. A large association may take a few minutes.",
  'serverSettings.migrateConfirm': 'Start copying',
  'serverSettings.migrateCopied': 'Copied to {target}: {tables} tables, {rows} rows in {seconds} s.',
  'serverSettings.migrateChecked':
    "Checked: every table's row count equals the source; the audit log is intact ({entries} entries); the integrity checks found no problem.",
  'serverSettings.migrateProblems': 'The checks found problems: {problems}. Deal with them before switching to PostgreSQL.',
  'serverSettings.migrateNext': 'Next: stop this server and start it on PostgreSQL (with the password in the address):',
  'serverSettings.migrateNextDoc':
    "See 服务器部署 §8 (PostgreSQL and several server processes). This server's SQLite data file is no longer used then: keep it as a backup.",
  'serverSettings.migrateOnPostgres': 'This server already runs on PostgreSQL: the move copies from a SQLite data file to PostgreSQL only.',
} as const;
