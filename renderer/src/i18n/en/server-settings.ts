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
} as const;
