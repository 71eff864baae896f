import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidFile } from '../../src/core/errors.js';

/** The file of a folder that lists the length and SHA-256 of every other file in it. */
export const MANIFEST_FILE = 'manifest.json';

/** One entry of a manifest: the file's length in bytes and its SHA-256 (hex). */
export interface ManifestEntry {
  bytes: number;
  sha256: string;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** fsyncs a file or folder (a folder cannot be opened for fsync on every platform: then skipped). */
export function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync: its renames are still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes `manifest.json` into `dir`: the length and SHA-256 of every regular file in it, each file and the
 * folder fsynced first, so a folder renamed into place after this call is whole on disk.
 *
 * @example
 * ```ts
 * writeManifest('runs/x/checkpoints/.step-100.tmp-1');
 * ```
 */
export function writeManifest(dir: string): void {
  const files: Record<string, ManifestEntry> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === MANIFEST_FILE || !statSync(p).isFile()) continue;
    const b = readFileSync(p);
    files[name] = { bytes: b.length, sha256: sha256(b) };
    fsyncPath(p);
  }
  const file = join(dir, MANIFEST_FILE);
  const fd = openSync(file, 'w');
  try {
    writeFileSync(fd, `${JSON.stringify({ format: 'tsgym-manifest', version: 1, files }, null, 1)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncPath(dir);
}

/** The manifest of `dir`, or null when it has none (a folder written before manifests). */
export function readManifest(dir: string): Record<string, ManifestEntry> | null {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidFile(`${file} is not valid JSON (${(e as Error).message}): the checkpoint is damaged`);
  }
  const files = (m as { files?: unknown } | null)?.files;
  if (typeof files !== 'object' || files === null) throw new InvalidFile(`${file} has no 'files' object: expected a tsgym manifest`);
  return files as Record<string, ManifestEntry>;
}

/**
 * Checks files of `dir` against its manifest (all of them, or those named): a missing, truncated, longer or
 * changed file is refused with InvalidFile naming it. A folder without a manifest passes (nothing to check).
 *
 * @example
 * ```ts
 * verifyManifest('runs/x/checkpoints/step-100');
 * ```
 */
export function verifyManifest(dir: string, only?: readonly string[]): void {
  const files = readManifest(dir);
  if (files === null) return;
  for (const [name, e] of Object.entries(files)) {
    if (only !== undefined && !only.includes(name)) continue;
    verifyEntry(dir, name, e);
  }
  for (const name of only ?? []) if (files[name] === undefined) throw new InvalidFile(`${join(dir, name)} is not listed in ${join(dir, MANIFEST_FILE)}`);
}

function verifyEntry(dir: string, name: string, e: ManifestEntry): void {
  const p = join(dir, name);
  if (name.includes('/') || name.includes('\\') || name === '..') throw new InvalidFile(`${join(dir, MANIFEST_FILE)} lists '${name}': expected a file name`);
  if (!existsSync(p)) throw new InvalidFile(`${p} is missing (listed in ${MANIFEST_FILE} with ${e.bytes} bytes): the checkpoint is incomplete`);
  const b = readFileSync(p);
  if (b.length < e.bytes) throw new InvalidFile(`${p} is truncated: ${b.length} bytes, ${MANIFEST_FILE} says ${e.bytes}`);
  if (b.length > e.bytes) throw new InvalidFile(`${p} is corrupt: ${b.length} bytes, ${MANIFEST_FILE} says ${e.bytes}`);
  if (sha256(b) !== e.sha256) throw new InvalidFile(`${p} is corrupt: its SHA-256 differs from the one in ${MANIFEST_FILE}`);
}
