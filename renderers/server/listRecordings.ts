import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { InvalidFile } from '../../src/core/errors.js';

/**
 * The recordings (`*.json`, `*.json.gz`) directly inside `dir`, sorted by name; symlinks that lead out
 * of `dir` (and dangling ones) are skipped.
 *
 * @example
 * ```ts
 * listRecordings('recordings/'); // ['recordings/a.json.gz', 'recordings/b.json']
 * ```
 */
export function listRecordings(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new InvalidFile(`Cannot list recordings in '${dir}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const root = realpathSync(dir);
  // a symlink leading out of the folder is skipped (the server only serves what is inside its roots)
  const inside = (p: string): boolean => {
    try {
      return realpathSync(p).startsWith(root + sep) && statSync(p).isFile();
    } catch {
      return false;
    }
  };
  return names
    .filter((n) => /\.json(\.gz)?$/.test(n))
    .sort()
    .map((n) => join(dir, n))
    .filter(inside);
}
