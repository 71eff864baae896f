import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InvalidFile } from '../../src/core/errors.js';
import { parseRecording } from '../format/parseRecording.js';
import type { Recording } from '../format/types.js';

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads and validates a recording file (plain JSON or gzip'd JSON, detected by content). Throws
 * `InvalidFile` with one clear line if the file is missing, unreadable, not JSON, or not a version-1
 * tsgym episode.
 *
 * @example
 * ```ts
 * const rec = await readRecording('runs/grid.json.gz');
 * console.log(rec.env, rec.frames.length);
 * ```
 */
export async function readRecording(path: string): Promise<Recording> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InvalidFile(
      `Cannot read recording '${path}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String((e as Error).message)}`,
    );
  }
  let text: string;
  try {
    text = Buffer.from(isGzip(bytes) ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (e) {
    throw new InvalidFile(`Recording '${path}' is a corrupt gzip file: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InvalidFile(`Recording '${path}' is not valid JSON: ${(e as Error).message}`);
  }
  return parseRecording(value, `'${path}'`);
}
