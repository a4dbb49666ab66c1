/** 简体中文 · 服务器设置 (time zone, scheduled backups). */
export const messages = {
  'nav.serverSettings': '服务器设置',
  'serverSettings.title': '服务器设置',
  'serverSettings.clock': '时区',
  'serverSettings.timeZone': '时区',
  'serverSettings.timeZoneHelp': '“今天”、所有显示和导出的时间、日志都按此时区，与服务器和浏览器所在时区无关。默认 {zone}',
  'serverSettings.backup': '定时备份',
  'serverSettings.backupTime': '每日备份时间',
  'serverSettings.backupTimeHelp': '24 小时制，如 02:00',
  'serverSettings.keepDaily': '保留每日备份（份）',
  'serverSettings.keepWeekly': '保留每周备份（份）',
  'serverSettings.keepMonthly': '保留每月备份（份）',
  'serverSettings.rotation':
    '程序运行时每天在设定时间备份；当时未运行则在下次启动时补做。备份后按上面的份数保留最近若干天、周、月各最新的一份，其余较旧的备份自动删除。',
  'serverSettings.lastBackup': '上次定时备份',
  'serverSettings.lastOk': '{at} 备份成功：{file}',
  'serverSettings.lastFailed': '{at} 备份到 {dir} 失败：{error}',
  'serverSettings.noRunYet': '尚未进行过定时备份',
  'serverSettings.next': '下次定时备份',
  'serverSettings.dir': '备份文件夹',
  'serverSettings.toBackups': '在“备份”中立即备份、更改备份文件夹或从备份恢复',
} as const;
