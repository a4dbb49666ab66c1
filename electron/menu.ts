/** The Chinese application menu: 文件, 编辑, 视图, 帮助. Pure: the actions come from main.ts. */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Opens 连接到协会服务器 (or back to the local data file). */
  connect(): void;
  /** 共享给同事（局域网）: this PC becomes the server for colleagues on the same network. */
  share(): void;
  stopSharing(): void;
  /** Opens the 备份 screen (backing up and restoring need the signed-in user's rights). */
  backup(): void;
  restore(): void;
  openDataFolder(): void;
  openManual(): void;
  openLogFolder(): void;
  about(): void;
}

export function menuTemplate(actions: MenuActions, { developer = false } = {}): MenuItemConstructorOptions[] {
  return [
    {
      label: '文件',
      submenu: [
        { label: '备份…', accelerator: 'CmdOrCtrl+B', click: actions.backup },
        { label: '从备份恢复…', click: actions.restore },
        { type: 'separator' },
        { label: '连接到协会服务器…', click: actions.connect },
        { label: '共享给同事（局域网）…', click: actions.share },
        { label: '停止共享', click: actions.stopSharing },
        { type: 'separator' },
        { label: '打开数据文件夹', click: actions.openDataFolder },
        { type: 'separator' },
        { label: '退出', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新载入', role: 'reload' },
        { type: 'separator' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { label: '实际大小', role: 'resetZoom' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
        // Developer tools only when running from source, never in an installed copy.
        ...(developer ? [{ label: '开发者工具', role: 'toggleDevTools' } as const] : []),
      ],
    },
    {
      label: '帮助',
      submenu: [
        { label: '使用手册', accelerator: 'F1', click: actions.openManual },
        { label: '打开日志文件夹', click: actions.openLogFolder },
        { type: 'separator' },
        { label: '关于', click: actions.about },
      ],
    },
  ];
}

/** 关于: version, where the data is, the database schema version and the document key's fingerprint (Electron's showMessageBox options). */
export function aboutDialog(info: { version: string; dataDir: string; schemaVersion: number | null; electron: string; documentKey?: string | null }) {
  return {
    type: 'info' as const,
    title: '关于',
    message: `社工督导与实训基地管理系统 ${info.version}`,
    detail: [
      `数据文件夹：${info.dataDir}`,
      `数据库结构版本：${info.schemaVersion ?? '未能打开数据文件'}`,
      `运行环境：Electron ${info.electron}`,
      // Whoever checks a printed 学时证明 or 聘书 compares this with the verification page's (证书核验 › 签名公钥).
      ...(info.documentKey ? [`文书签名公钥指纹：${info.documentKey}（证书核验 › 签名公钥 可导出）`] : []),
      '日志保存在数据文件夹的 logs 子文件夹中，不含密码与完整身份证号。',
    ].join('\n'),
    buttons: ['确定'],
    noLink: true,
  };
}
