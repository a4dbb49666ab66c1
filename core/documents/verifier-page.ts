/**
 * 证书核验页: one self-contained HTML file the association gives to whoever receives its
 * documents (another city's association, an employer, 民政局). It holds the association's public
 * key, the revocation list and the course categories' names as they were when it was exported, and
 * checks a pasted code in the browser with WebCrypto's Ed25519 (Chrome/Edge 137+, Firefox 129+,
 * Safari 17+): no server, no network, no library. A browser without Ed25519 says so, and still
 * shows what the code states, marked as unchecked. Re-export it after revoking a document.
 */

export interface VerifierPageData {
  publicKey: string;
  fingerprint: string;
  generatedAt: string;
  revoked: { serial: string; statementSha256: string; revokedAt: string }[];
  categories: Record<number, string>;
}

/** JSON safe inside a <script> element. */
const embedded = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function verifierPage(data: VerifierPageData): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>证书核验</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; max-width: 760px; margin: 2em auto; padding: 0 1em; color: #222; }
  textarea { width: 100%; min-height: 6em; font-family: monospace; font-size: 14px; }
  button { font-size: 16px; padding: .4em 1.2em; margin-top: .5em; }
  #result { margin-top: 1.2em; padding: 1em; border-radius: 6px; display: none; }
  #result.valid { background: #e8f5e9; border: 1px solid #2e7d32; }
  #result.revoked, #result.bad { background: #ffebee; border: 1px solid #c62828; }
  #result.unchecked { background: #fff8e1; border: 1px solid #f9a825; }
  #state { font-size: 22px; font-weight: bold; margin: 0 0 .5em; }
  table { border-collapse: collapse; } td { padding: 2px 10px 2px 0; vertical-align: top; }
  .key { font-family: monospace; word-break: break-all; color: #555; font-size: 13px; }
</style>
</head>
<body>
<h1>证书核验</h1>
<p>粘贴学时证明或督导聘书上二维码的内容（用手机扫码后复制），点击「核验」。核验在本页面内完成，不联网。</p>
<textarea id="code" aria-label="证书二维码内容" placeholder="SWS1.…"></textarea>
<br><button id="check" type="button">核验</button>
<div id="result" role="status"><p id="state"></p><table id="facts"></table></div>
<hr>
<p class="key">签发机构公钥（Ed25519）指纹：${data.fingerprint}<br>公钥：${data.publicKey}<br>撤销名单共 ${data.revoked.length} 份，导出于 ${data.generatedAt}</p>
<script id="data" type="application/json">${embedded(data)}</script>
<script>
(function () {
  var DATA = JSON.parse(document.getElementById('data').textContent);
  function bytes(b64url) {
    var s = b64url.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function day(n) { var s = String(n); return s.slice(0, 4) + '-' + s.slice(4, 6) + '-' + s.slice(6, 8); }
  function longId(s) { return s.length === 8 ? s.slice(0, 4) + '**********' + s.slice(4) : ''; }
  function hex(buf) { return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ('0' + b.toString(16)).slice(-2); }).join(''); }
  function facts(p) {
    var rows = [['编号', p[2]], ['姓名', p[3]], ['身份证号', longId(p[4])]];
    if (p[1] === 'H') {
      rows.unshift(['文书', '学时证明']);
      rows.push(['期间', day(p[5]) + ' 至 ' + day(p[6])]);
      p[7].forEach(function (t) { rows.push([DATA.categories[t[0]] || ('类别 ' + t[0]), t[1] + ' 学时']); });
      rows.push(['合计', p[8] + ' 学时'], ['学时规则版本', '第 ' + p[9] + ' 版'], ['签发日期', day(p[10])]);
    } else if (p[1] === 'P') {
      rows.unshift(['文书', '督导聘书']);
      rows.push(['督导等级', p[5]], ['聘任日期', day(p[6])], ['有效期至', day(p[7])], ['签发日期', day(p[8])]);
    }
    return rows;
  }
  function show(kind, state, rows) {
    var box = document.getElementById('result');
    box.className = kind; box.style.display = 'block';
    document.getElementById('state').textContent = state;
    var table = document.getElementById('facts'); table.textContent = '';
    (rows || []).forEach(function (r) {
      var tr = table.insertRow(); tr.insertCell().textContent = r[0]; tr.insertCell().textContent = r[1];
    });
  }
  async function check() {
    var code = document.getElementById('code').value.trim();
    var parts = code.split('.');
    var payload = null;
    try { if (parts.length === 3 && parts[0] === 'SWS1') payload = JSON.parse(new TextDecoder().decode(bytes(parts[1]))); } catch (e) { payload = null; }
    if (!payload || !Array.isArray(payload)) return show('bad', '无法识别：这不是本会签发的证书二维码内容', []);
    var rows = facts(payload);
    var key;
    try {
      key = await crypto.subtle.importKey('raw', bytes(DATA.publicKey), { name: 'Ed25519' }, false, ['verify']);
    } catch (e) {
      return show('unchecked', '此浏览器不支持 Ed25519 签名校验，未能核验（请用新版 Chrome、Edge、Firefox 或 Safari 打开本页）；以下内容未经核验', rows);
    }
    var good = false;
    try { good = await crypto.subtle.verify({ name: 'Ed25519' }, key, bytes(parts[2]), new TextEncoder().encode(parts[0] + '.' + parts[1])); } catch (e) { good = false; }
    if (!good) return show('bad', '签名不符：内容被改动，或并非本会签发', rows);
    var hash = hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code)));
    var revoked = DATA.revoked.filter(function (r) { return r.serial === payload[2] || r.statementSha256 === hash; })[0];
    if (revoked) return show('revoked', '已撤销（' + revoked.revokedAt.slice(0, 10) + '）', rows);
    show('valid', '有效：本会签发，内容未被改动', rows);
  }
  document.getElementById('check').addEventListener('click', function () { check(); });
})();
</script>
</body>
</html>
`;
}
