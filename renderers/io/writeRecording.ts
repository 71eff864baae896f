import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Recording } from '../format/types.js';

let tmpCounter = 0;

/**
 * Writes a recording atomically (a temporary file in the same folder, then a rename), gzip'd when the
 * path ends in `.gz`. Synchronous, so a wrapper can call it from `step`. Returns the bytes written.
 *
 * @example
 * ```ts
 * writeRecording('runs/episode.json.gz', recording);
 * ```
 */
export function writeRecording(path: string, rec: Recording): number {
  const text = Buffer.from(JSON.stringify(rec), 'utf8');
  const data = path.endsWith('.gz') ? gzipSync(text, { level: 6 }) : text;
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}-${tmpCounter++}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    // say which file, and that the previous one is untouched; keep the errno code for callers
    throw Object.assign(new Error(`Cannot write recording '${path}': ${err.message}; any previous file there is unchanged`, { cause: e }), { code: err.code });
  }
  return data.length;
}
