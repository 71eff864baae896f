import { availableParallelism, loadavg } from 'node:os';
import '../../../envs/index.js';
import type { BenchFigure, BenchFn } from '../../bench/types.js';
import { Rng } from '../../rng/Rng.js';
import { registerBusyStep } from '../../vector/BusyStepEnv.js';
import { makeVec } from '../../vector/makeVec.js';
import type { VectorEnv } from '../../vector/VectorEnv.js';

const ACTION_ROWS = 256;

interface Rate {
  /** Env-steps per wall second (median over rounds). */
  wall: number;
  /** Env-steps per wall second of the median block of 16 steps (robust to preemption on a loaded machine). */
  typical: number;
  /** Env-steps per CPU second of the whole process (all threads), median over rounds. */
  cpu: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Random Discrete(2) actions, `ACTION_ROWS` batches of `n`, preallocated. */
function actionRows(n: number): Int32Array[] {
  const rng = new Rng(1);
  return Array.from({ length: ACTION_ROWS }, () => Int32Array.from({ length: n }, () => rng.integers(0, 2)));
}

/** Steps `v` for about `ms` milliseconds; returns batch steps done, the wall and CPU ms used, and the median ms of a 16-step block. */
function run(v: VectorEnv, rows: Int32Array[], ms: number): { steps: number; wallMs: number; cpuMs: number; blockMs: number } {
  const t0 = performance.now();
  const c0 = cpuMs();
  const blocks: number[] = [];
  let steps = 0;
  let dt = 0;
  while (dt < ms) {
    for (let k = 0; k < 16; k++) v.step(rows[(steps + k) & (ACTION_ROWS - 1)]);
    steps += 16;
    const now = performance.now() - t0;
    blocks.push(now - dt);
    dt = now;
  }
  return { steps, wallMs: dt, cpuMs: Math.max(cpuMs() - c0, 1e-3), blockMs: median(blocks) };
}

/** The shortest single step of `v` (ms) over about `ms` milliseconds: the cost without preemption. */
function minStep(v: VectorEnv, rows: Int32Array[], ms: number): number {
  const t0 = performance.now();
  let best = Infinity;
  let k = 0;
  for (let now = t0; now - t0 < ms; k++) {
    v.step(rows[k & (ACTION_ROWS - 1)]);
    const t = performance.now();
    if (t - now < best) best = t - now;
    now = t;
  }
  return best;
}

/** Median env-steps/s of `v` over `rounds` rounds of `roundMs`, after a warm-up. */
function measure(v: VectorEnv, rounds: number, roundMs: number): Rate {
  const rows = actionRows(v.numEnvs);
  v.reset({ seed: 0 });
  run(v, rows, roundMs / 2);
  const wall: number[] = [];
  const typical: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const x = run(v, rows, roundMs);
    wall.push((x.steps * v.numEnvs * 1000) / x.wallMs);
    typical.push((16 * v.numEnvs * 1000) / x.blockMs);
    cpu.push((x.steps * v.numEnvs * 1000) / x.cpuMs);
  }
  return { wall: median(wall), typical: median(typical), cpu: median(cpu) };
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** A measured configuration: sync, or async with `workers` worker threads and maybe a main-thread share. */
export interface Config {
  key: string;
  n: number;
  mode: 'sync' | 'async';
  workers: number;
  mainThreadShare: boolean;
}

/**
 * Which envs run in which thread, for the scenario strings (the same split as AsyncVectorEnv's lanes).
 *
 * @example
 * ```ts
 * placement({ key: 'a', n: 64, mode: 'async', workers: 1, mainThreadShare: true });
 * // 'AsyncVectorEnv (main thread steps envs 0..31, 1 worker thread envs 32..63; workers: 1, mainThreadShare: true)'
 * ```
 */
export function placement(c: Config): string {
  if (c.mode === 'sync') return 'SyncVectorEnv (all envs in the calling thread)';
  const lanes = c.workers + (c.mainThreadShare ? 1 : 0);
  const range = (l: number): string => {
    const a = Math.floor((l * c.n) / lanes);
    const b = Math.floor(((l + 1) * c.n) / lanes) - 1;
    return a === b ? `env ${a}` : `envs ${a}..${b}`;
  };
  const parts: string[] = [];
  if (c.mainThreadShare) parts.push(`main thread steps ${range(0)}`);
  const first = c.mainThreadShare ? 1 : 0;
  const ws = Array.from({ length: c.workers }, (_, k) => range(k + first));
  parts.push(`${c.workers} worker thread${c.workers > 1 ? 's' : ''} ${ws.join(', ')}`);
  if (!c.mainThreadShare) parts.push('main thread waits');
  return `AsyncVectorEnv (${parts.join(', ')}; workers: ${c.workers}${c.mainThreadShare ? ', mainThreadShare: true' : ''})`;
}

function vecFor(id: string, c: Config, kwargs: Record<string, unknown> = {}): VectorEnv {
  return c.mode === 'sync' ? makeVec(id, c.n, { kwargs }) : makeVec(id, c.n, { mode: 'async', workers: c.workers, mainThreadShare: c.mainThreadShare, kwargs });
}

/**
 * Vector-env benchmark. CartPole-v1 (made with `make`: PassiveEnvChecker, TimeLimit, OrderEnforcing),
 * random actions from a preallocated list, `next-step` autoreset: total env-steps per second for
 * n = 1, 8, 64 envs with SyncVectorEnv, with AsyncVectorEnv on 1 and on 2 worker threads (the main
 * thread waits), and with AsyncVectorEnv on 2 lanes: the main thread steps the first half itself and
 * 1 worker thread the rest (`mainThreadShare`), each the median of several rounds. On a 2-core machine
 * the 2-lane form runs 2 threads, the 2-worker form 3. `asyncStepsPerSec` is the 2-worker-thread form at
 * n = 64 (the "async with 2 workers", taken literally), `asyncMainShareStepsPerSec` the 2-lane form. Sync figures
 * count per CPU second of the process (robust to other load on a shared machine; equal to wall time
 * on an idle one), async figures per wall second (they use several cores; the scenario adds the rate
 * of the median 16-step block, which preemption by other processes drags down less). `asyncSpeedup`:
 * BusyStep-v0 whose step busy-waits 50 us, 16 envs, 2 worker threads: the shortest sync step over the
 * shortest async step from interleaved rounds, i.e. the speed-up without preemption;
 * `asyncSpeedupMainShare` the same on 2 lanes (main thread + 1 worker); the wall-clock ratios are in the
 * scenarios.
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async (opts) => {
  registerBusyStep();
  const rounds = opts.quick ? 3 : 5;
  const roundMs = opts.quick ? 100 : 400;
  const load = (): string => `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`;
  const figures: BenchFigure[] = [];
  const table: Config[] = [];
  for (const n of [1, 8, 64]) {
    table.push({ key: `syncN${n}`, n, mode: 'sync', workers: 0, mainThreadShare: false });
    table.push({ key: `async1wN${n}`, n, mode: 'async', workers: 1, mainThreadShare: false });
    if (n >= 2) table.push({ key: `async2wN${n}`, n, mode: 'async', workers: 2, mainThreadShare: false });
    if (n >= 2) table.push({ key: `asyncMain1wN${n}`, n, mode: 'async', workers: 1, mainThreadShare: true });
  }
  const scenarios = new Map<string, string>();
  const rates = new Map<string, Rate>();
  for (const c of table) {
    const v = vecFor('CartPole-v1', c);
    try {
      const r = measure(v, rounds, roundMs);
      rates.set(c.key, r);
      scenarios.set(
        c.key,
        c.mode === 'sync'
          ? `CartPole-v1 x ${c.n}, ${placement(c)}, random actions, per CPU second, median of ${rounds} x ${roundMs} ms; wall-clock ` +
            `${fmt(r.wall)} env-steps/s; ${load()}`
          : `CartPole-v1 x ${c.n}, ${placement(c)}, random actions, wall clock, median of ${rounds} x ${roundMs} ms; typical (median 16-step block) ` +
            `${fmt(r.typical)} env-steps/s; process CPU ${fmt(r.cpu)} env-steps per CPU second; ${load()}`,
      );
    } finally {
      await v.close();
    }
  }
  const value = (c: Config, r: Rate): number => Math.round(c.mode === 'sync' ? r.cpu : r.wall);
  const fig = (key: string, as: string, anchor?: BenchFigure['anchor']): BenchFigure => {
    const c = table.find((x) => x.key === key) as Config;
    const r = rates.get(key) as Rate;
    return { key: as, value: value(c, r), unit: 'env-steps/s', scenario: scenarios.get(key) as string, ...(anchor === undefined ? {} : { anchor }) };
  };
  figures.push(fig('syncN64', 'syncStepsPerSec', { name: 'Gymnasium 1.4 SyncVectorEnv, 8 CartPole envs', value: 123_000, measured: false }));
  const gymAsync = { name: 'Gymnasium 1.4 AsyncVectorEnv, 2 processes x 4 CartPole envs', value: 41_000, measured: false };
  figures.push(fig('async2wN64', 'asyncStepsPerSec', gymAsync));
  figures.push(fig('asyncMain1wN64', 'asyncMainShareStepsPerSec', gymAsync));

  // speed-up on an env whose step costs 50 us: sync vs 2 worker threads and vs 2 lanes (main + 1 worker), interleaved rounds
  const kwargs = { stepUs: 50, episodeLength: 200 };
  const n = 16;
  const forms: Config[] = [
    { key: 'sync', n, mode: 'sync', workers: 0, mainThreadShare: false },
    { key: 'asyncSpeedup', n, mode: 'async', workers: 2, mainThreadShare: false },
    { key: 'asyncSpeedupMainShare', n, mode: 'async', workers: 1, mainThreadShare: true },
  ];
  const envs = forms.map((c) => vecFor('BusyStep-v0', c, kwargs));
  const best = forms.map(() => Infinity);
  const thru = forms.map((): number[] => []);
  try {
    const rows = actionRows(n);
    for (const v of envs) {
      v.reset({ seed: 0 });
      run(v, rows, roundMs / 2);
    }
    for (let r = 0; r < rounds; r++) {
      envs.forEach((v, i) => {
        const x = run(v, rows, roundMs);
        thru[i]?.push(x.steps / x.wallMs);
        best[i] = Math.min(best[i], minStep(v, rows, roundMs / 2));
      });
    }
  } finally {
    for (const v of envs) await v.close();
  }
  const syncBest = best[0];
  const syncThru = thru[0];
  forms.forEach((c, i) => {
    if (i === 0) return;
    const ratios = (thru[i]).map((t, r) => t / (syncThru[r]));
    figures.push({
      key: c.key,
      value: Math.round((syncBest / best[i]) * 100) / 100,
      unit: 'x',
      scenario: `BusyStep-v0 (step busy-waits 50 us) x ${n}, ${placement(c)} vs SyncVectorEnv: shortest step time, sync ` +
        `${(syncBest * 1000).toFixed(0)} us over async ${(best[i] * 1000).toFixed(0)} us (the cost without preemption), from ${rounds} interleaved rounds; ` +
          `wall-clock throughput ratio (median) ${median(ratios).toFixed(2)}; ${load()}`,
    });
  });
  for (const c of table) figures.push(fig(c.key, c.key));
  return figures;
};
