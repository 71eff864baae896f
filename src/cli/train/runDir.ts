import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidConfig, InvalidFile } from '../../core/errors.js';
import { LOCK_FILE, lockRunDir, type RunLock } from './runLock.js';
import { newestCheckpoint, pointLast, readEnvState, removeLeftovers, supersede } from '../../../agents/index.js';

/** What a run's config.json holds (the parts resuming reads). */
export interface SavedRun {
  envId: string;
  algo: string;
  seed: number;
  initFrom: string | null;
  train: unknown;
}

/** What a killed process may leave in a run directory besides its files: its lock and temporary files. */
const LEFTOVER = /^\.(lock(\.tmp-.*)?|.*\.tmp-.*)$/;

/**
 * `mkdir -p` one level at a time: Node's recursive mkdir loops forever where a level cannot be created
 * but reports ENOENT (under /proc); created one by one, the first failing level throws.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!existsSync(d)) {
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) mkdirSync(m);
}

/**
 * Creates a new run directory and locks it; refuses one that holds files (a lock or temporary files left by
 * a killed start of the same command are not files of a run: they are removed).
 *
 * @example
 * ```ts
 * const lock = createRunDir('runs/x');
 * ```
 */
export function createRunDir(dir: string): RunLock {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InvalidConfig(`Invalid --out '${dir}': it is a file, expected a directory`);
  const files = (): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => !LEFTOVER.test(n)) : []);
  if (files().length > 0) throw new InvalidConfig(`Run directory '${dir}' already holds files: choose another --out, or --resume it`);
  let lock: RunLock;
  try {
    makeDirs(dir);
    lock = lockRunDir(dir, 'tsgym train');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    // ENOTDIR: a parent is a file; EACCES/EROFS/ENOENT (e.g. under /proc): not a place for files
    throw new InvalidConfig(`Invalid --out '${dir}': cannot create a run directory there (${code}: ${(e as Error).message})`);
  }
  if (files().length > 0) {
    lock.release();
    throw new InvalidConfig(`Run directory '${dir}' already holds files: choose another --out, or --resume it`);
  }
  for (const n of readdirSync(dir)) if (n !== LOCK_FILE && LEFTOVER.test(n)) rmSync(join(dir, n), { force: true });
  return lock;
}

const isRun = (d: string): boolean => existsSync(join(d, 'config.json'));

/**
 * What `--resume TARGET` names: a run directory, or one checkpoint folder of a run (`RUN/checkpoints/step-N`,
 * also inside `checkpoints/superseded-*`), whose run directory is then the folder holding `checkpoints/`.
 *
 * @example
 * ```ts
 * resumeTarget('runs/x/checkpoints/step-1200'); // { runDir: 'runs/x', checkpoint: 'runs/x/checkpoints/step-1200' }
 * ```
 */
export function resumeTarget(target: string): { runDir: string; checkpoint: string | null } {
  if (!existsSync(target)) throw new InvalidFile(`Cannot resume '${target}': no such run directory or checkpoint`);
  if (!existsSync(join(target, 'env-state.json'))) return { runDir: target, checkpoint: null };
  const real = realpathSync(target); // checkpoints/last is a link to a step-N folder
  let up = dirname(real);
  for (let i = 0; i < 2 && basename(up) !== 'checkpoints'; i++) up = dirname(up);
  const runDir = dirname(up);
  if (basename(up) !== 'checkpoints' || !isRun(runDir))
    throw new InvalidFile(`Cannot resume from checkpoint '${target}': it is not inside RUN/checkpoints/ of a tsgym train run directory (no RUN/config.json)`);
  // keep the user's spelling of the run directory where it is the same folder
  const given = resolve(target, '..', '..');
  return { runDir: realpathSync(given) === runDir ? join(target, '..', '..') : runDir, checkpoint: real };
}

/**
 * Reads a run's config.json and checks it is a run of `envId` with `algo`; InvalidFile naming the file when
 * it is missing or damaged, InvalidConfig naming both when it is another run.
 *
 * @example
 * ```ts
 * const saved = readSavedRun('runs/x', 'CartPole-v1', 'dqn');
 * ```
 */
export function readSavedRun(runDir: string, envId: string, algo: string): SavedRun {
  const file = join(runDir, 'config.json');
  if (!existsSync(file)) throw new InvalidFile(`Cannot resume '${runDir}': no config.json (expected a run directory written by tsgym train)`);
  let saved: SavedRun;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as SavedRun;
  } catch (e) {
    throw new InvalidFile(`${file} is not valid JSON (${(e as Error).message})`);
  }
  if (saved.envId !== envId || saved.algo !== algo)
    throw new InvalidConfig(`Cannot resume '${runDir}': it is a ${saved.algo} run on ${saved.envId}, not ${algo} on ${envId}`);
  return saved;
}

/**
 * Chooses the checkpoint a resume continues from: the one named, or the newest complete one. Removes what
 * a killed writer left, moves checkpoints newer than the chosen one aside (`superseded-*`) and points
 * `last` at it. Null when the run has no complete checkpoint yet (it then starts again from step 0).
 *
 * @example
 * ```ts
 * const from = chooseCheckpoint('runs/x', null, { envId: 'CartPole-v1', algo: 'dqn' }, (w) => console.warn(w));
 * ```
 */
export function chooseCheckpoint(
  runDir: string,
  named: string | null,
  want: { envId: string; algo: string },
  warn: (line: string) => void,
): string | null {
  const ckptDir = join(runDir, 'checkpoints');
  removeLeftovers(ckptDir);
  let dir: string;
  let step: number;
  if (named !== null) {
    const s = readEnvState(named);
    const meta = { envId: s.envId ?? want.envId, algo: s.algo ?? want.algo };
    if (meta.envId !== want.envId || meta.algo !== want.algo)
      throw new InvalidConfig(
        `Cannot resume from '${named}': it is a checkpoint of ${String(meta.algo)} on ${String(meta.envId)}, not ${want.algo} on ${want.envId}`,
      );
    [dir, step] = [named, s.numTimesteps];
  } else {
    const found = newestCheckpoint(ckptDir);
    if (found === null) return null;
    for (const s of found.skipped) warn(`tsgym: skipping a damaged checkpoint: ${s}`);
    [dir, step] = [found.dir, found.step];
  }
  supersede(ckptDir, step);
  if (dirname(dir) === realpathSync(ckptDir) || dirname(dir) === ckptDir) pointLast(ckptDir, basename(dir));
  return dir;
}
