/**
 * A newcomer's first commands say only what they need to read (issue 23): `npm install` without
 * ~45 EBADENGINE warnings (npm runs on the system's Node 20, the project on its own Node 22), and
 * the first `npm start` without Vite's English build report.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('quiet first commands', () => {
  it('npm, in this project, shows errors only (engine-strict=false does not silence EBADENGINE)', () => {
    const npmrc = fs.readFileSync('.npmrc', 'utf8');
    expect(npmrc).toMatch(/^loglevel=error$/m);
    // npm itself reads it here (not only a file lying about).
    expect(execFileSync('npm', ['config', 'get', 'loglevel'], { encoding: 'utf8' }).trim()).toBe('error');
  });

  it('npm start builds the interface with Vite at warnings and errors only, after one Chinese line', () => {
    const start = fs.readFileSync('scripts/start.ts', 'utf8');
    expect(start).toMatch(/buildIfStale\('build:renderer', [^\n]*\['--logLevel', 'warn'\]\)/);
    expect(start).toContain("console.log('正在准备程序（首次启动或更新后需要稍候）…')");
  });
});
