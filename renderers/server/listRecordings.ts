import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidFile } from '../../src/core/errors.js';

/**
 * The recordings (`*.json`, `*.json.gz`) directly inside `dir`, sorted by name.
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
  return names
    .filter((n) => /\.json(\.gz)?$/.test(n))
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile());
}
