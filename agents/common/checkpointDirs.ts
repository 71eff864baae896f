import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidFile } from '../../src/core/errors.js';
import { fsyncPath, verifyManifest } from './fileManifest.js';

/** The env state file written beside each agent checkpoint when the callback is given the env. */
export const ENV_STATE_FILE = 'env-state.json';
/** The name of the link to the newest checkpoint of a checkpoints folder. */
export const LAST = 'last';
const STEP = /^step-(\d+)$/;
let counter = 0;

/** A unique suffix for temporary names (pid and a counter: two processes never clash, nor two calls). */
export const stamp = (): string => `${process.pid}-${++counter}`;

/** Renames `tmp` (a whole folder) to `ckptDir/name`; an existing folder of that name is deleted only after. */
function renameIn(tmp: string, ckptDir: string, name: string): void {
  const dest = join(ckptDir, name);
  const old = join(ckptDir, `.${name}.old-${stamp()}`);
  const had = existsSync(dest);
  if (had) renameSync(dest, old);
  renameSync(tmp, dest);
  fsyncPath(ckptDir);
  if (had) rmSync(old, { recursive: true, force: true });
}

/**
 * Points `ckptDir/last` at the checkpoint folder `name` with one atomic rename of a symbolic link, so
 * `last` is at every instant either the previous checkpoint or the new one.
 *
 * @example
 * ```ts
 * pointLast('runs/x/checkpoints', 'step-2000');
 * ```
 */
export function pointLast(ckptDir: string, name: string): void {
  const last = join(ckptDir, LAST);
  const link = join(ckptDir, `.${LAST}.tmp-${stamp()}`);
  symlinkSync(name, link);
  let legacy: string | null = null;
  if (lstatOrNull(last)?.isDirectory() === true) {
    // a folder written by an older tsgym: a link cannot replace it by rename, so it is moved aside first
    legacy = join(ckptDir, `.${LAST}.old-${stamp()}`);
    renameSync(last, legacy);
  }
  renameSync(link, last);
  fsyncPath(ckptDir);
  if (legacy !== null) rmSync(legacy, { recursive: true, force: true });
}

function lstatOrNull(p: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

/**
 * Makes the whole folder `tmp` the checkpoint `ckptDir/name` (rename, fsync) and then points `last` at it.
 *
 * @example
 * ```ts
 * commitCheckpoint('runs/x/checkpoints/.step-100.tmp-1', 'runs/x/checkpoints', 'step-100');
 * ```
 */
export function commitCheckpoint(tmp: string, ckptDir: string, name: string): void {
  mkdirSync(ckptDir, { recursive: true });
  renameIn(tmp, ckptDir, name);
  pointLast(ckptDir, name);
}

/** A checkpoint folder found by {@link newestCheckpoint}, with the step its env state was saved at. */
export interface FoundCheckpoint {
  dir: string;
  step: number;
  /** Newer checkpoint folders that failed their checks, with the reason (only corruption after the write makes these). */
  skipped: string[];
}

/** What `env-state.json` holds: the step, the env's snapshot (null with the reason when it had none) and the run's metadata. */
export interface EnvState {
  numTimesteps: number;
  env: unknown;
  reason?: string;
  envId?: string;
  algo?: string;
  seed?: number;
}

/** The env-state of a checkpoint folder, its manifest entry checked; InvalidFile naming the file otherwise. */
export function readEnvState(dir: string): EnvState {
  const file = join(dir, ENV_STATE_FILE);
  if (!existsSync(file)) throw new InvalidFile(`Cannot resume from '${dir}': no ${ENV_STATE_FILE} (not a tsgym train checkpoint)`);
  verifyManifest(dir, existsSync(join(dir, 'manifest.json')) ? [ENV_STATE_FILE] : undefined);
  let s: unknown;
  try {
    s = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidFile(`${file} is not valid JSON (${(e as Error).message})`);
  }
  const n = (s as { numTimesteps?: unknown } | null)?.numTimesteps;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new InvalidFile(`${file}: numTimesteps ${String(n)} is not a step count`);
  return s as EnvState;
}

/**
 * The newest complete checkpoint of a checkpoints folder: the `step-N` folders (and a `last` folder of an
 * older tsgym) by step, newest first, the first whose files all match their manifest; null when none is.
 *
 * @example
 * ```ts
 * const found = newestCheckpoint('runs/x/checkpoints'); // { dir: 'runs/x/checkpoints/step-3000', step: 3000, skipped: [] }
 * ```
 */
export function newestCheckpoint(ckptDir: string): FoundCheckpoint | null {
  if (!existsSync(ckptDir)) return null;
  const names = readdirSync(ckptDir).filter((n) => STEP.test(n) || (n === LAST && lstatOrNull(join(ckptDir, n))?.isDirectory() === true));
  // a legacy `last` folder first (its step is in its env state), then step-N newest first
  const byStep = names.map((n) => ({ n, step: n === LAST ? Infinity : Number(STEP.exec(n)?.[1] ?? -1) })).sort((a, b) => b.step - a.step);
  const skipped: string[] = [];
  const found: { dir: string; step: number }[] = [];
  for (const { n } of byStep) {
    const dir = join(ckptDir, n);
    try {
      verifyManifest(dir);
      found.push({ dir, step: readEnvState(dir).numTimesteps });
      if (n !== LAST) break;
    } catch (e) {
      skipped.push(`${dir}: ${(e as Error).message}`);
    }
  }
  found.sort((a, b) => b.step - a.step);
  const best = found[0];
  return best === undefined ? null : { ...best, skipped };
}

/**
 * Removes what a killed writer left in a checkpoints folder (`.NAME.tmp-*`, `.NAME.old-*`); call it only
 * while holding the run's lock.
 *
 * @example
 * ```ts
 * removeLeftovers('runs/x/checkpoints');
 * ```
 */
export function removeLeftovers(ckptDir: string): void {
  if (!existsSync(ckptDir)) return;
  for (const n of readdirSync(ckptDir)) if (/^\..*\.(tmp|old)-/.test(n)) rmSync(join(ckptDir, n), { recursive: true, force: true });
}

/**
 * Moves the checkpoints newer than `step` into `superseded-<time>/` (a run continued from an older
 * checkpoint abandons them; they are kept, not deleted).
 *
 * @example
 * ```ts
 * supersede('runs/x/checkpoints', 1200);
 * ```
 */
export function supersede(ckptDir: string, step: number): string | null {
  const newer = readdirSync(ckptDir).filter((n) => Number(STEP.exec(n)?.[1] ?? -1) > step);
  if (newer.length === 0) return null;
  const aside = join(ckptDir, `superseded-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(aside);
  for (const n of newer) renameSync(join(ckptDir, n), join(aside, n));
  fsyncPath(ckptDir);
  return aside;
}
