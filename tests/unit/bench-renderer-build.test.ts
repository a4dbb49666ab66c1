import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRendererBuilt } from '../../scripts/bench/renderer-build.ts';

/** `npm run bench` on a fresh clone: the renderer case builds the renderer it measures when none is built. */
describe('the bench builds the renderer when dist/renderer is missing', () => {
  const root = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sws-bench-root-'));
  const writeIndex = (dir: string) => {
    fs.mkdirSync(path.join(dir, 'dist', 'renderer'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', 'renderer', 'index.html'), '<!doctype html>');
  };

  it('builds on a fresh clone', () => {
    const dir = root();
    let builds = 0;
    const build = () => {
      builds++;
      writeIndex(dir);
    };
    expect(ensureRendererBuilt(dir, build)).toBe(true);
    expect(builds).toBe(1);
  });

  it('leaves an existing build alone', () => {
    const dir = root();
    writeIndex(dir);
    let builds = 0;
    expect(ensureRendererBuilt(dir, () => builds++)).toBe(false);
    expect(builds).toBe(0);
  });

  it('says so when the build left nothing to serve', () => {
    expect(() => ensureRendererBuilt(root(), () => {})).toThrow(/index\.html/);
  });
});
