/** 简体中文 · backup. Labels of the vocabularies in domain/ are not here: domain-labels.ts derives them. */
export const messages = {
  'backup.title': '备份',
  'backup.create': '立即备份',
  'backup.created': '已备份：{name}',
  'backup.engineSqlite': '数据库：SQLite 数据文件',
  'backup.enginePostgres': '数据库：PostgreSQL',
  'backup.postgresHow':
    '备份由本程序从数据库同一时刻的快照写出，保存为 SQLite 格式的数据文件（与单机版的备份相同，可在单机版中打开）。恢复时在一个事务中用备份替换数据库中的全部数据，核对各表行数与操作日志后才提交；其他服务器进程随即看到恢复后的数据。',
  'backup.dir': '备份文件夹',
  'backup.dirHelp': '可设为 U 盘或网络共享上的文件夹；留空或填默认值则使用 {dir}',
  'backup.dirSaved': '备份文件夹已设为 {dir}',
  'backup.rotation':
    '自动备份：每天在“服务器设置”中设定的时间（当时未运行则在下次启动时），以及每次升级数据结构前。保留的份数（默认最近 7 天、4 周、12 个月各一份）也在“服务器设置”中设定。',
  'backup.empty': '尚无备份：点击“立即备份”',
  'backup.list': '备份列表',
  'backup.createdAt': '备份时间',
  'backup.kind': '类型',
  'backup.size': '大小',
  'backup.file': '文件',
  'backup.check': '检查',
  'backup.checkOk': '备份 {name} 完好，可用于恢复',
  'backup.restore': '恢复',
  'backup.restoreConfirm': '从 {name} 的备份恢复？',
  'backup.restoreNow': '恢复',
  'backup.restoreHint':
    '恢复前会先检查该备份（文件完好、不比本程序新、数据文件夹可写且空间足够；有导入或导出正在进行时不能恢复），并自动保存当前数据的安全副本；然后先让其他所有用户退出登录，再恢复，程序重新载入。此后所做的修改将不在恢复后的数据中（可从“恢复前”的安全副本找回）。',
  'backupKind.manual': '手动',
  'backupKind.daily': '每日自动',
  'backupKind.before-restore': '恢复前',
  'backupKind.before-migration': '升级前',
} as const;
