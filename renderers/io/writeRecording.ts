import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../../src/io/writeFileAtomic.js';
import type { Recording } from '../format/types.js';

/**
 * Writes a recording atomically (`writeFileAtomic`), gzip'd when the
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
  try {
    writeFileAtomic(path, data);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // say which file, and that the previous one is untouched; keep the errno code for callers
    throw Object.assign(new Error(`Cannot write recording '${path}': ${err.message}; any previous file there is unchanged`, { cause: e }), { code: err.code });
  }
  return data.length;
}
