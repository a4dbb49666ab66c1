import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Makes a folder read-only for this process and returns the undo. Root ignores permission bits,
 * so as root the folder is made immutable (`chattr +i`: nothing can be created, renamed or
 * deleted in it, as for a user without write permission); otherwise its mode becomes 0555.
 */
export function makeReadOnly(dir: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', dir]);
    return () => execFileSync('chattr', ['-i', dir]);
  }
  fs.chmodSync(dir, 0o555);
  return () => fs.chmodSync(dir, 0o755);
}

/** Whether the folder can be made read-only here (chattr needs a file system that supports it). */
export function canMakeReadOnly(dir: string): boolean {
  try {
    makeReadOnly(dir)();
    return process.platform !== 'win32';
  } catch {
    return false;
  }
}
