import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** fsyncs a directory so a rename inside it survives a crash (not possible on every platform: then skipped). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync: the rename is still atomic there
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes `data` to `file` so that a reader, or a crash at any point, sees either the old file or the whole
 * new one, never a part: the data goes to a temp file in the same folder, is fsynced, renamed over
 * `file`, and the folder is fsynced. On any error the temp file is removed and the error rethrown, so
 * nothing is left half-written.
 *
 * @example
 * ```ts
 * writeFileAtomic('runs/ppo/config.json', `${JSON.stringify(config, null, 2)}\n`);
 * ```
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.tmp-${process.pid}-${++counter}`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDir(dir);
}
