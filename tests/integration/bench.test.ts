import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBench, formatReport, CASES } from '../../scripts/bench.ts';
import { tempDir } from '../support/core.ts';

// Keeps `npm run bench` from rotting: it runs at demo scale and must produce every figure.
// Never asserts a time: budgets are judged by the bench itself, on the real scale.
describe('npm run bench', () => {
  it('measures every case at demo scale and reports figures, budgets and a table', async () => {
    const dir = tempDir('sws-bench-test-');
    const report = await runBench({ scale: 'demo', browser: false, dir, log: () => {} });
    expect(fs.existsSync(`${dir}/demo.db`)).toBe(true);
    expect(report.seededInSeconds).not.toBeNull();
    const nonBrowserCases = CASES.filter((c) => !c.browser).length;
    expect(report.results.length).toBeGreaterThanOrEqual(nonBrowserCases);
    for (const result of report.results) {
      expect(result.error, result.operation).toBeUndefined();
      expect(result.operation).toMatch(/[\u4e00-\u9fff]/);
      expect(result.budget).not.toBe('');
      expect(result.median ?? result.value).toEqual(expect.any(Number));
      if (result.median !== undefined) expect(result.p95).toBeGreaterThanOrEqual(result.median);
    }
    expect(report.results.some((r) => r.ratio !== undefined)).toBe(true);
    expect(report.peakRssMb).toBeGreaterThan(0);
    const table = formatReport(report);
    for (const result of report.results) expect(table).toContain(result.operation);
  }, 300_000); // generous: on 2 cores it shares the machine with the other test files
});
