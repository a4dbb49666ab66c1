/**
 * The association server, headless: `npm run serve -- --data-dir DIR [--host ADDR] [--port N] [--json]
 * [--public-url URL] [--tls-cert PEM --tls-key PEM] [--trust-proxy ADDR…] [--lan] [--database postgres://…]`.
 * `--database` (or the environment variable SWS_DATABASE, which keeps a password out of the process
 * list) puts the data in PostgreSQL; the data folder then keeps this process's logs, audit key and anchor.
 * People sign in with their accounts (web/access.ts, accounts mode). `--lan` listens on every
 * interface and, without a certificate, makes a self-signed one in the data folder (its SHA-256
 * fingerprint is printed). `--json` prints one line `{url, port, dataDir}` once it listens.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startWebServer, lanAddresses } from './server.ts';
import { appVersion, startCore, staticDir, stopOnSignals } from './start-core.ts';
import { givenCertificate, lanCertificate, type ServerCertificate } from './tls.ts';
import { normalizeAddress } from './access.ts';
import { isPostgresUrl, withoutPassword } from '../core/shell/database-url.ts';
import { lowerWorkerThreadsPriority } from '../core/background-thread.ts';
import { peopleSearchOffThread } from '../core/people/search-off-thread.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string', default: '5170' },
    json: { type: 'boolean', default: false },
    'public-url': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'trust-proxy': { type: 'string', multiple: true, default: [] },
    lan: { type: 'boolean', default: false },
    'restore-latest': { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

if (!values['data-dir']) fail('请用 --data-dir 指定数据文件夹，例如：npm run serve -- --data-dir /var/lib/sw-supervision');
if (!!values['tls-cert'] !== !!values['tls-key']) fail('--tls-cert 与 --tls-key 须同时给出（PEM 格式的证书和私钥）');
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`端口无效：${values.port}`);
let publicUrl: URL | undefined;
if (values['public-url']) {
  try {
    publicUrl = new URL(values['public-url']);
  } catch {
    fail(`--public-url 不是有效的地址：${values['public-url']}`);
  }
  if (publicUrl.protocol !== 'https:' && publicUrl.protocol !== 'http:') fail('--public-url 应以 https:// 或 http:// 开头');
}
const dataDir = path.resolve(values['data-dir']);
const database = values.database ?? process.env.SWS_DATABASE;
if (database && !isPostgresUrl(database)) fail(`--database 应为 PostgreSQL 地址（postgres://用户@主机:端口/数据库），收到：${withoutPassword(database)}`);
const host = values.host ?? (values.lan ? '0.0.0.0' : '127.0.0.1');
// `--trust-proxy 127.0.0.1 --trust-proxy ::1` or `--trust-proxy 127.0.0.1,::1`
const trustProxy = values['trust-proxy']
  .flatMap((a) => a.split(','))
  .map((a) => normalizeAddress(a.trim()))
  .filter(Boolean);

// Others' imports, exports and everyone's 学时达标 give way to requests for the CPU (core/background-thread.ts).
lowerWorkerThreadsPriority();
// People searches scan everyone: in a worker of their own, so the serving thread answers others meanwhile.
peopleSearchOffThread.enabled = true;
try {
  let certificate: ServerCertificate | undefined;
  if (values['tls-cert']) certificate = givenCertificate(values['tls-cert'], values['tls-key']!);
  const core = await startCore(dataDir, { restoreLatest: values['restore-latest'], ...(database ? { database } : {}) });
  if (!certificate && values.lan) certificate = lanCertificate(dataDir, lanAddresses());
  const web = await startWebServer({
    core,
    staticDir,
    accounts: { publicOrigins: publicUrl ? [publicUrl.origin] : undefined, trustProxy },
    host,
    port,
    ...(certificate ? { tls: certificate } : {}),
    version: appVersion(),
  });
  if (values.json) {
    console.log(JSON.stringify({ url: web.url, port: web.port, dataDir, ...(certificate ? { fingerprint256: certificate.fingerprint256 } : {}) }));
  } else {
    const lines = [`社工督导与实训基地管理系统（协会服务器）已启动：${web.url}`];
    if (web.access.mode === 'accounts' && web.access.publicOrigins.length > 1) lines.push(`也可以用：${web.access.publicOrigins.slice(1).join('  ')}`);
    if (certificate) {
      const made = certificate.origin === 'generated' ? '（本次启动新生成的自签名证书）' : certificate.origin === 'reused' ? '（自签名证书）' : '';
      lines.push(`证书 SHA-256 指纹${made}：${certificate.fingerprint256}`, '连接前请核对浏览器或桌面程序显示的指纹与此一致。');
    }
    if (trustProxy.length) lines.push(`信任的反向代理：${trustProxy.join('、')}`);
    if (database) lines.push(`数据库：PostgreSQL ${withoutPassword(database)}`);
    lines.push(`数据文件夹：${dataDir}`, '按 Ctrl+C 停止。');
    console.log(lines.join('\n'));
  }
  stopOnSignals(web, core);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') fail(`端口 ${port} 已被占用：请用 --port 换一个端口`);
  if (code === 'EACCES') fail(`没有权限监听端口 ${port}（1024 以下的端口需要管理员权限，或用反向代理）`);
  fail(`启动失败：${error instanceof Error ? error.message : String(error)}`);
}
