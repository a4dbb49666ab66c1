/** 简体中文 · connection (the desktop app's 连接到协会服务器, and the banner when nothing answers). */
export const messages = {
  'connection.title': '连接到协会服务器',
  'connection.current.local': '当前使用本机的数据文件。',
  'connection.current.server': '当前连接到协会服务器 {url}。',
  'connection.address': '服务器地址',
  'connection.addressHelp': '例如 https://192.168.1.20:5170，由服务器管理员提供',
  'connection.check': '检查证书',
  'connection.compare': '请与服务器上显示的证书指纹逐字核对，一致后再连接：',
  'connection.trusted': '该服务器的证书已受系统信任。证书指纹：',
  'connection.fingerprint': '证书指纹',
  'connection.validTo': '有效期至 {date}',
  'connection.trustAndConnect': '指纹一致，信任并连接',
  'connection.useLocal': '改回使用本机数据',
};
