/**
 * The logs (日志) of core and of the desktop shell's main process: errors and slow operations (over 100 ms), one file a day in the data folder's
 * `logs/`, the last 14 kept. Lines never carry passwords or a full 身份证号 or phone number:
 * operations are logged by name and duration, never with their input, and any text is scrubbed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { maskIdNumber, maskPhone } from './pii.ts';
import { DEFAULT_TIME_ZONE, localDate, zonedTimestamp } from './dates.ts';

export interface Logger {
  error(message: string, error?: unknown): void;
  /** Events worth keeping (start-up, the core process restarting): rare by design. */
  info(message: string): void;
  /** Called after every operation; writes only those slower than the threshold. */
  timed(operation: string, ms: number): void;
  readonly dir: string;
}

export interface LogOptions {
  /** File name prefix: `core` (default) or `main` (the desktop shell's main process). */
  name?: string;
  keepDays?: number;
  slowMs?: number;
  now?: () => Date;
  /** The configured time zone: lines are stamped, and files named, by its wall clock (with the offset). */
  timeZone?: () => string;
}

/** Masks what must never reach a log file, whatever text it hides in. */
export function scrub(text: string): string {
  return text
    .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, (id) => maskIdNumber(id.toUpperCase()))
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (phone) => maskPhone(phone))
    .replace(/(password\w*|密码)(["']?\s*[:=：]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1$2***');
}

export function fileLogger(dir: string, options: LogOptions = {}): Logger {
  const name = options.name ?? 'core';
  const keepDays = options.keepDays ?? 14;
  const slowMs = options.slowMs ?? 100;
  const now = options.now ?? (() => new Date());
  const zone = options.timeZone ?? (() => DEFAULT_TIME_ZONE);
  let currentFile = '';
  const write = (level: string, text: string) => {
    try {
      const at = now().toISOString();
      const timeZone = zone();
      const file = path.join(dir, `${name}-${localDate(at, timeZone)}.log`);
      if (file !== currentFile) {
        fs.mkdirSync(dir, { recursive: true });
        currentFile = file;
        prune(dir, name, keepDays, path.basename(file));
      }
      fs.appendFileSync(file, `${zonedTimestamp(at, timeZone)} ${level} ${scrub(text)}\n`);
    } catch {
      // A full or read-only disk must not stop the program; the message still reaches the console.
      console.error(`[${name}] ${level} ${scrub(text)}`);
    }
  };
  return {
    dir,
    error(message, error) {
      const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error === undefined ? '' : String(error);
      write('ERROR', detail ? `${message}: ${detail}` : message);
    },
    info(message) {
      write('INFO', message);
    },
    timed(operation, ms) {
      if (ms > slowMs) write('SLOW', `${operation} ${Math.round(ms)} ms`);
    },
  };
}

/** Keeps the newest `keep` day files (today's included). */
function prune(dir: string, name: string, keep: number, today: string): void {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && /^\w+-\d{4}-\d{2}-\d{2}\.log$/.test(f))
    .concat(fs.existsSync(path.join(dir, today)) ? [] : [today])
    .sort();
  for (const old of files.slice(0, Math.max(0, files.length - keep))) fs.rmSync(path.join(dir, old), { force: true });
}
