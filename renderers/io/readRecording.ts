import { readFile, stat } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { InvalidFile } from '../../src/core/errors.js';
import { parseRecording } from '../format/parseRecording.js';
import type { Recording } from '../format/types.js';

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The most bytes a recording may hold, on disk and once decompressed: 256 MiB, or TSGYM_MAX_RECORDING_MB.
 * Parsing JSON takes several times its size in memory, so the default keeps reading one under about 2 GB.
 */
export const MAX_RECORDING_BYTES = Math.max(1, Number(process.env.TSGYM_MAX_RECORDING_MB ?? 256) || 256) * 1024 * 1024;

const mib = (b: number): string => `${Math.round(b / 1024 / 1024)} MiB`;

/**
 * The first byte that is not JSON whitespace in the start of the decompressed text (the first 1 KB of
 * compressed bytes, inflated as far as they go), or undefined when that start cannot be read. A recording
 * is a JSON object, so anything but `{` is refused before the whole file is inflated (a bomb of zeros
 * stops here instead of at the size cap).
 */
function firstByteInflated(bytes: Uint8Array): number | undefined {
  let head: Buffer;
  try {
    head = gunzipSync(bytes.subarray(0, 1024), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 4 * 1024 * 1024 });
  } catch {
    return undefined;
  }
  return head.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
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
export async function readRecording(path: string, maxBytes = MAX_RECORDING_BYTES): Promise<Recording> {
  let bytes: Uint8Array;
  try {
    const size = (await stat(path)).size;
    if (size > maxBytes)
      throw new InvalidFile(`Recording '${path}' has ${mib(size)}, more than the ${mib(maxBytes)} a recording may hold (TSGYM_MAX_RECORDING_MB raises it)`);
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof InvalidFile) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InvalidFile(
      `Cannot read recording '${path}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String((e as Error).message)}`,
    );
  }
  const first = isGzip(bytes) ? firstByteInflated(bytes) : undefined;
  if (first !== undefined && first !== 0x7b)
    throw new InvalidFile(`Recording '${path}' is not valid JSON: its decompressed text starts with byte 0x${first.toString(16).padStart(2, '0')}, not '{'`);
  let text: string;
  try {
    // the output is capped while it is inflated: a small bomb stops at the cap, not at the machine's memory
    text = Buffer.from(isGzip(bytes) ? gunzipSync(bytes, { maxOutputLength: maxBytes }) : bytes).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new InvalidFile(
        `Recording '${path}' decompresses to more than the ${mib(maxBytes)} a recording may hold (a gzip bomb, or raise TSGYM_MAX_RECORDING_MB)`,
      );
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
