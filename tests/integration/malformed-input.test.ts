import http from 'node:http';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startWebServer } from '../../web/server.ts';
import { isJsonMediaType } from '../../web/request.ts';
import type { z } from 'zod';
import { operations } from '../../core/api.ts';
import { readFirstSheet, writeWorkbook } from '../../core/excel/workbook.ts';
import { cellFormats, sheetCells, xlsxParts } from '../support/xlsx.ts';
import { downloadedFile, finishJob, openTestCore, makeIdNumber, tempDir, TODAY } from '../support/core.ts';
import { integrityProblems } from '../../core/integrity.ts';

const NASTY_TEXT = [
  '=HYPERLINK("http://evil.example","点我")',
  '=1+1',
  '+SUM(A1:A9)',
  '-2+3',
  '@cmd',
  "'; DROP TABLE person; --",
  '" OR 1=1 --',
  '%_\\',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '\u0000\u0001\u0007\u001b[31m\u007f',
  '\r\n\t',
  '\u202e\u200b\ufeff',
  '𠀀😀',
  'x'.repeat(100_000),
  '   ',
  '44200019900101123X',
  '../../etc/passwd',
  '/tmp',
  'null',
  'NaN',
];

const nastyValue = fc.oneof(
  fc.constantFrom<unknown>(...NASTY_TEXT, null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31), Number.MAX_VALUE, [], {}, [1, 2], { $gt: '' }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.anything({ maxDepth: 2 }),
);

/** Keys of an operation's input object (so the fuzzer hits real fields, not just unknown ones). */
function keysOf(schema: z.ZodType): string[] {
  let def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  for (let i = 0; i < 4 && def.type !== 'object'; i++) {
    const inner = (def.in ?? def.innerType ?? def.schema) as { _zod: { def: Record<string, unknown> } } | undefined;
    if (!inner) break;
    def = inner._zod.def;
  }
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

// backup.setDir writes a probe file into whatever absolute folder it is given: tested with fixed cases below instead.
const FUZZED = operations.filter((op) => op.name !== 'backup.setDir');

describe('malformed input at every operation', () => {
  it('only ever gets validation or other AppErrors back, never INTERNAL, and the database stays sound', async () => {
    const core = await openTestCore();
    // Some real rows so ids and references can hit something.
    const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '张三' });
    const internal: string[] = [];
    for (const op of FUZZED) {
      const keys = keysOf(op.input);
      const input = keys.length
        ? fc.oneof(
            fc.record(Object.fromEntries(keys.map((k) => [k, nastyValue])), { requiredKeys: [] }),
            fc.dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'extra'), nastyValue),
            nastyValue,
          )
        : nastyValue;
      const started = Date.now();
      fc.assert(
        fc.property(input, (raw) => {
          const result = core.call(op.name, raw);
          if (!result.ok && result.error.code === 'INTERNAL') internal.push(`${op.name}: ${JSON.stringify(raw).slice(0, 200)}`);
          return result.ok || typeof result.error.message === 'string';
        }),
        { numRuns: op.name.startsWith('users.') || op.name.startsWith('auth.') ? 15 : 60, seed: 20261124 },
      );
      if (process.env.FUZZ_TRACE) process.stderr.write(`${op.name} ${Date.now() - started} ms\n`);
    }
    expect(internal).toEqual([]);
    // The database stays sound: the engine's own checks (SQLite's integrity and foreign keys; PostgreSQL enforces its keys at every statement) and the domain's.
    expect(integrityProblems(core.db, TODAY)).toEqual([]);
    expect(core.ok('audit.verify', {})).toMatchObject({ intact: true });
    expect(core.ok('people.get', { id: person.id }).person.name).toBe('张三');
  }, 120_000); // every operation, 60 inputs each: it grows with the operations (32 s on a loaded 2-core machine once 工作台 came)

  it('refuses a relative, unwritable or nonsense backup folder', async () => {
    const core = await openTestCore();
    for (const dir of ['relative/folder', '=HYPERLINK("x")', '/proc/definitely/not/writable', 'x'.repeat(600), 42]) {
      const error = core.fail('backup.setDir', { dir });
      expect(error.code, String(dir)).toBe('VALIDATION');
    }
  });

  it('never lets an exported cell start a formula from user text, and writes the text exactly as it is', async () => {
    // Before: a leading apostrophe was added to such text, so an export re-imported changed it.
    const text = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1 }), fc.string({ unit: 'binary-ascii', minLength: 1 }), fc.constantFrom(...NASTY_TEXT));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 40 }), async (texts) => {
        const data = await writeWorkbook(
          '文本',
          [{ header: '内容', kind: 'text' }],
          (async function* () {
            yield texts.map((t) => [t]);
          })(),
        );
        const parts = await xlsxParts(data);
        const formats = cellFormats(parts.get('xl/styles.xml')!);
        const cells = sheetCells(parts.get('xl/worksheets/sheet1.xml')!).slice(1);
        expect(cells.every((c) => c.t === 'inlineStr' && !c.inner.includes('<f'))).toBe(true);
        cells.forEach((c, i) => expect(formats[c.s]?.quotePrefix === '1', texts[i]).toBe(/^[=+\-@\t\r]/.test(texts[i]!)));
        const { rows } = await readFirstSheet(data);
        // Blank cells are skipped rows; everything else comes back as written.
        expect(rows.map((r) => r.values[0])).toEqual(texts.filter((t) => t !== ''));
      }),
      { numRuns: 25 },
    );
    const core = await openTestCore();
    core.ok('people.create', { idNumber: makeIdNumber(), name: '=HYPERLINK("http://x","y")' });
    for (const operation of ['people.export', 'audit.export'] as const) {
      const job = await finishJob(core, core.ok(operation, {}).jobId);
      const { rows } = await readFirstSheet(downloadedFile(core, job.id).data);
      const cells = rows.flatMap((r) => r.values).filter((v): v is string => typeof v === 'string');
      expect(
        cells.some((v) => v.includes('HYPERLINK')),
        operation,
      ).toBe(true);
      if (operation === 'people.export') expect(cells).toContain('=HYPERLINK("http://x","y")');
      const sheetXml = (await xlsxParts(downloadedFile(core, job.id).data)).get('xl/worksheets/sheet1.xml')!;
      expect(sheetXml, operation).not.toContain('<f>');
    }
  });
});

/** One raw request; the answer counts even if the server closes while the body is still being sent (413). */
function send(port: number, path: string, headers: Record<string, string>, body: Buffer | string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      res.on('error', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    req.end(body);
  });
}

describe('malformed requests at the web shell', () => {
  const ANSWERS = [200, 400, 401, 403, 404, 405, 409, 413, 415];
  const TOKEN = 'fuzz-token';

  it('URLs, media types and bodies of any shape get a 4xx with a JSON reason, never a 500 or a dropped connection', async () => {
    const core = await openTestCore();
    const web = await startWebServer({ core, staticDir: tempDir(), token: TOKEN, maxBodyBytes: 16 * 1024 });
    try {
      const headers = { 'content-type': 'application/json', 'x-session-token': TOKEN };
      const answered = async (path: string, h: Record<string, string>, body: Buffer | string) => {
        const res = await send(web.port, path, h, body);
        expect(ANSWERS, `${path} → ${res.status} ${res.body.slice(0, 120)}`).toContain(res.status);
        expect(() => JSON.parse(res.body), res.body.slice(0, 120)).not.toThrow();
        return res;
      };
      // Paths: percent signs in any place, half escapes, escapes of bytes that are not UTF-8.
      const pathPart = fc.array(
        fc.oneof(
          fc.constantFrom('%', '%E0', '%A4%A', '%C3%28', '%FF', '%2F', '%00', '..', '/', '.', 'auth.status', '%25'),
          fc.stringMatching(/^[A-Za-z0-9._~-]{0,6}$/),
        ),
        { maxLength: 8 },
      );
      await fc.assert(
        fc.asyncProperty(pathPart, async (parts) => void (await answered(`/api/${parts.join('')}`, headers, '{}'))),
        { numRuns: 60, seed: 20261206 },
      );
      // Media types: only application/json (any case, well-formed parameters, charset utf-8) is taken as JSON.
      const mediaType = fc.oneof(
        fc.constantFrom(
          'application/jsonx',
          'application/json-seq',
          'application/json5',
          'text/json',
          'application/json; charset=latin1',
          'application/json;charset="utf-8"',
          'APPLICATION/JSON',
          'application/json ; charset=UTF-8',
          'application/json;;',
          'application/json; x',
          'application/jsonapplication/json',
          'multipart/form-data; boundary=application/json',
        ),
        fc.stringMatching(/^[ -~]{0,40}$/),
        fc.stringMatching(/^application\/json[ -~]{0,12}$/),
      );
      await fc.assert(
        fc.asyncProperty(mediaType, async (type) => {
          const res = await answered('/api/auth.status', { ...headers, 'content-type': type }, '{}');
          expect(res.status === 415, type).toBe(!isJsonMediaType(type));
          if (isJsonMediaType(type)) expect(type.split(';')[0]!.trim().toLowerCase()).toBe('application/json');
        }),
        { numRuns: 80, seed: 20261206 },
      );
      // Bodies: any bytes, up to four times the limit; beyond it 413 with the reason in Chinese.
      const body = fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 0, max: 64 * 1024 }).map((n) => new Uint8Array(n).fill(0x7b)),
        fc.json().map((j) => new TextEncoder().encode(j)),
      );
      await fc.assert(
        fc.asyncProperty(body, async (bytes) => {
          const res = await answered('/api/auth.login', headers, Buffer.from(bytes));
          if (bytes.length > 16 * 1024) expect(res.status).toBe(413);
          if (res.status === 413) expect(JSON.parse(res.body).error.message).toMatch(/请求内容过大/);
        }),
        { numRuns: 40, seed: 20261206 },
      );
      expect((await answered('/api/auth.status', headers, '{}')).status).toBe(200); // still serving
    } finally {
      await web.close();
      core.close();
    }
  }, 60_000);
});
