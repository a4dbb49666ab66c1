/**
 * The renderer's hashed assets compressed once, at build time (vite.config.ts), at the best levels:
 * `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) beside each. The web shell sends them as they are
 * (web/server.ts): the first visitor after a start no longer waits for brotli's slowest level, about
 * half a second of CPU for each large script, on a busy server more.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compress, COMPRESS_MIN_BYTES, type Encoding } from './compression.ts';

export const PRECOMPRESSED_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };
/** The text assets a build makes (scripts, styles, pictures as SVG); fonts and PNGs are compressed already. */
const TEXT_ASSET = /\.(js|mjs|css|svg|json|html)$/;

export interface PrecompressReport {
  files: number;
  bytes: number;
  br: number;
  gzip: number;
}

/** Writes `.br` and `.gz` beside every text file of `dir` worth compressing; answers the sizes before and after. */
export async function precompressFolder(dir: string): Promise<PrecompressReport> {
  const report: PrecompressReport = { files: 0, bytes: 0, br: 0, gzip: 0 };
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => TEXT_ASSET.test(name)) : [];
  await Promise.all(
    files.map(async (name) => {
      const file = path.join(dir, name);
      const body = fs.readFileSync(file);
      if (body.length < COMPRESS_MIN_BYTES) return;
      report.files++;
      report.bytes += body.length;
      for (const encoding of ['br', 'gzip'] as const) {
        const packed = await compress(body, encoding, 'best');
        fs.writeFileSync(file + PRECOMPRESSED_SUFFIX[encoding], packed);
        report[encoding] += packed.length;
      }
    }),
  );
  return report;
}

/**
 * The build's compressed forms of `file`, when written no earlier than the file itself (a stale one is
 * ignored). Only plain files: a symbolic link is never followed (it could point out of the folder).
 */
export function readPrecompressed(file: string, mtimeMs: number): Map<Encoding, Promise<Buffer>> {
  const found = new Map<Encoding, Promise<Buffer>>();
  for (const encoding of ['br', 'gzip'] as const) {
    const packed = file + PRECOMPRESSED_SUFFIX[encoding];
    const stat = fs.lstatSync(packed, { throwIfNoEntry: false });
    if (stat?.isFile() && stat.mtimeMs >= mtimeMs) found.set(encoding, Promise.resolve(fs.readFileSync(packed)));
  }
  return found;
}
