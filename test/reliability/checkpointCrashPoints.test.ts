// Issue 18, item 2: a crash at any instant of a training run, including every step of writing a
// checkpoint, leaves a run that `--resume` continues from its newest complete checkpoint and that ends
// bit-identical to an uninterrupted run. The crash is injected through an fs seam: the k-th file-system
// change inside the run directory throws, and from then on every change throws without effect (the
// process is dead: no cleanup code gets to run). With TSGYM_CRASH_POINTS=all, k runs over every change of
// the run; by default over that many (10) evenly spread ones, which keeps `npm test` short (each point is a
// run plus a resume).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const seam = vi.hoisted(() => ({ root: '', count: 0, crashAt: -1, dead: false }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const inRun = (p: unknown): boolean => seam.root !== '' && String(p).startsWith(seam.root);
  const guard = <F extends (...a: never[]) => unknown>(f: F, paths: (a: Parameters<F>) => unknown[], writes: (a: Parameters<F>) => boolean = () => true): F =>
    ((...a: Parameters<F>) => {
      if (writes(a) && paths(a).some(inRun)) {
        if (seam.dead) throw new Error('crashed: the process is dead');
        if (++seam.count === seam.crashAt) {
          seam.dead = true;
          throw new Error(`crash injected at file-system change #${seam.count}`);
        }
      }
      return f(...a);
    }) as F;
  const first = (a: unknown[]): unknown[] => [a[0]];
  const both = (a: unknown[]): unknown[] => [a[0], a[1]];
  const opening = (a: unknown[]): boolean => /[wa+]/.test(String(a[1] ?? 'r'));
  const patched = {
    writeFileSync: guard(fs.writeFileSync, first),
    appendFileSync: guard(fs.appendFileSync, first),
    mkdirSync: guard(fs.mkdirSync, first),
    rmSync: guard(fs.rmSync, first),
    unlinkSync: guard(fs.unlinkSync, first),
    renameSync: guard(fs.renameSync, both),
    symlinkSync: guard(fs.symlinkSync, both),
    linkSync: guard(fs.linkSync, both),
    truncateSync: guard(fs.truncateSync, first),
    openSync: guard(fs.openSync, first, opening),
  };
  return { ...fs, ...patched, default: { ...fs, ...patched } };
});

process.env.TSGYM_TF_BACKEND = 'cpu';
await import('../../envs/index.js');
const { runTraining } = await import('../../src/cli/train/runTraining.js');

type Req = Parameters<typeof runTraining>[0];
const overrides = [
  { checkpointEvery: 60, evalEvery: 0, config: { learningStarts: 30, trainFreq: 4, netArch: [8], bufferSize: 200, batchSize: 16, targetUpdateInterval: 50 } },
];
const request = (outDir: string): Req => ({ envId: 'CartPole-v1', algo: 'dqn', seed: 5, steps: 130, overrides, outDir, quiet: true });

const POINTS = process.env.TSGYM_CRASH_POINTS ?? '10';
let dir: string;
let changes = 0;
let reference: string[];

function outcome(run: string): string[] {
  return ['final/policy.json', 'episodes.csv', 'checkpoints/last/env-state.json'].map((f) => readFileSync(join(run, f), 'utf8'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-crashpoints-'));
  const ref = join(dir, 'reference');
  seam.root = ref;
  await runTraining(request(ref));
  changes = seam.count; // every file-system change of one whole run
  seam.root = '';
  reference = outcome(ref);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a crash at every file-system change of a training run', () => {
  it('resumes from the newest complete checkpoint and ends bit-identical', async () => {
    expect(changes).toBeGreaterThan(50);
    const failures: string[] = [];
    const t0 = Date.now();
    const n = POINTS === 'all' ? changes : Math.min(changes, Number(POINTS));
    const points = [...new Set(Array.from({ length: n }, (_, i) => Math.max(1, Math.round(((i + 0.5) * changes) / n))))];
    for (const k of points) {
      const run = join(dir, `crash-${k}`);
      Object.assign(seam, { root: run, count: 0, crashAt: k, dead: false });
      await expect(runTraining(request(run)), `crash #${k}`).rejects.toThrow(/crash|crashed/);
      Object.assign(seam, { root: '', crashAt: -1, dead: false });
      rmSync(join(run, '.lock'), { force: true }); // the dead process's lock (taking over a dead pid's lock: crashSafeCheckpoints.test.ts)
      try {
        // killed before its config.json was written, a run has not started: the user runs the command again
        await runTraining(existsSync(join(run, 'config.json')) ? { ...request(run), resume: true } : request(run));
        const got = outcome(run);
        if (got.join('\0') !== reference.join('\0')) failures.push(`#${k}: resumed run differs from the uninterrupted one`);
      } catch (e) {
        failures.push(`#${k}: ${(e as Error).message}`);
      }
      rmSync(run, { recursive: true, force: true });
    }
    console.log(`checkpointCrashPoints: crashed at ${points.length} of ${changes} file-system changes, ${Date.now() - t0} ms`);
    expect(failures).toEqual([]);
  }, 900_000);
});
