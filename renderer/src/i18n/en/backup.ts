import type { messages as zh } from '../zh/backup.ts';

/** English · backup: the same keys as zh/backup.ts (a missing or extra key fails the typecheck). */
export const messages: Record<keyof typeof zh, string> = {
  'backup.title': 'Backups',
  'backup.create': 'Back up now',
  'backup.created': 'Backed up: {name}',
  'backup.engineSqlite': 'Database: SQLite data file',
  'backup.enginePostgres': 'Database: PostgreSQL',
  'backup.postgresHow':
    'Backups are written by the program from one snapshot of the database, as SQLite data files (the same as the desktop version makes, and openable there). A restore replaces all data in the database in one transaction and commits only after the row counts and the audit log check out; other server processes see the restored data at once.',
  'backup.dir': 'Backup folder',
  'backup.dirHelp': 'May be a folder on a USB drive or a network share; empty or the default means {dir}',
  'backup.dirSaved': 'Backup folder set to {dir}',
  'backup.rotation':
    'Automatic backups: every day at the time set in “Server settings” (at the next start if the program was not running then) and before every schema upgrade. How many are kept (by default one for each of the last 7 days, 4 weeks and 12 months) is set there too.',
  'backup.empty': 'No backups yet: click “Back up now”',
  'backup.list': 'Backups',
  'backup.createdAt': 'Taken at',
  'backup.kind': 'Kind',
  'backup.size': 'Size',
  'backup.file': 'File',
  'backup.check': 'Check',
  'backup.checkOk': 'Backup {name} is intact and can be restored',
  'backup.restore': 'Restore',
  'backup.restoreConfirm': 'Restore the backup of {name}?',
  'backup.restoreNow': 'Restore',
  'backup.restoreHint':
    'The backup is checked first (sound, not newer than this program, the data folder writable with enough space; not while an import or export runs) and a safety copy of the current data is made; then every other user is signed out first, the data is restored and the app reloads. Changes made since the backup will not be in the restored data (they remain in the “before restore” safety copy).',
  'backupKind.manual': 'Manual',
  'backupKind.daily': 'Daily',
  'backupKind.before-restore': 'Before restore',
  'backupKind.before-migration': 'Before upgrade',
};
