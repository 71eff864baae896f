import { availableParallelism, loadavg } from 'node:os';
import '../../envs/index.js';
import type { BenchFigure, BenchFn } from '../bench/types.js';
import { Rng } from '../rng/Rng.js';
import { registerBusyStep } from './BusyStepEnv.js';
import { makeVec } from './makeVec.js';
import type { VectorEnv } from './VectorEnv.js';

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
    for (let k = 0; k < 16; k++) v.step(rows[(steps + k) & (ACTION_ROWS - 1)] as Int32Array);
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
    v.step(rows[k & (ACTION_ROWS - 1)] as Int32Array);
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

/**
 * Vector-env benchmark. CartPole-v1 (made with `make`: PassiveEnvChecker, TimeLimit, OrderEnforcing),
 * random actions from a preallocated list, `next-step` autoreset: total env-steps per second for
 * n = 1, 8, 64 envs with SyncVectorEnv and with AsyncVectorEnv on 1 and 2 worker threads, each the
 * median of several rounds. Sync figures count per CPU second of the process (robust to other load on
 * a shared machine; equal to wall time on an idle one), async figures per wall second (they use
 * several cores; the scenario adds the rate of the median 16-step block, which preemption by other
 * processes on a loaded machine drags down less). `asyncSpeedup`: BusyStep-v0 whose step busy-waits
 * 50 us, 16 envs, 2 workers: the shortest sync step over the shortest async step from interleaved
 * rounds, i.e. the speed-up without preemption (a wall-clock ratio on a busy machine mostly measures
 * how much CPU share three threads get against one); the wall-clock ratio is in the scenario.
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
  const load = `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`;
  const figures: BenchFigure[] = [];
  const table: { key: string; n: number; mode: 'sync' | 'async'; workers: number }[] = [];
  for (const n of [1, 8, 64]) {
    table.push({ key: `syncN${n}`, n, mode: 'sync', workers: 0 });
    table.push({ key: `async1wN${n}`, n, mode: 'async', workers: 1 });
    if (n >= 2) table.push({ key: `async2wN${n}`, n, mode: 'async', workers: 2 });
  }
  const rates = new Map<string, Rate>();
  for (const c of table) {
    const v = c.mode === 'sync' ? makeVec('CartPole-v1', c.n) : makeVec('CartPole-v1', c.n, { mode: 'async', workers: c.workers });
    try {
      rates.set(c.key, measure(v, rounds, roundMs));
    } finally {
      await v.close();
    }
  }
  const scenario = (c: (typeof table)[number], r: Rate): string =>
    c.mode === 'sync'
      ? `CartPole-v1 x ${c.n}, SyncVectorEnv, random actions, per CPU second, median of ${rounds} x ${roundMs} ms; wall-clock ${fmt(r.wall)} env-steps/s; ${load}`
      : `CartPole-v1 x ${c.n}, AsyncVectorEnv with ${c.workers} worker thread${c.workers > 1 ? 's' : ''}, random actions, wall clock, median of ${rounds} x ${roundMs} ms; typical (median 16-step block) ${fmt(r.typical)} env-steps/s; ${load}`;
  const value = (c: (typeof table)[number], r: Rate): number => Math.round(c.mode === 'sync' ? r.cpu : r.wall);
  const at = (key: string): { c: (typeof table)[number]; r: Rate } => {
    const c = table.find((x) => x.key === key) as (typeof table)[number];
    return { c, r: rates.get(key) as Rate };
  };
  const s64 = at('syncN64');
  const a64 = at('async2wN64');
  figures.push({ key: 'syncStepsPerSec', value: value(s64.c, s64.r), unit: 'env-steps/s', scenario: scenario(s64.c, s64.r), anchor: { name: 'Gymnasium 1.4 SyncVectorEnv, 8 CartPole envs', value: 123_000, measured: false } });
  figures.push({ key: 'asyncStepsPerSec', value: value(a64.c, a64.r), unit: 'env-steps/s', scenario: scenario(a64.c, a64.r), anchor: { name: 'Gymnasium 1.4 AsyncVectorEnv, 2 processes x 4 CartPole envs', value: 41_000, measured: false } });

  // speed-up on an env whose step costs 50 us: sync vs 2 workers, interleaved rounds
  const kwargs = { stepUs: 50, episodeLength: 200 };
  const n = 16;
  const sync = makeVec('BusyStep-v0', n, { kwargs });
  const async = makeVec('BusyStep-v0', n, { mode: 'async', workers: 2, kwargs });
  const ratios: number[] = [];
  let syncBest = Infinity;
  let asyncBest = Infinity;
  try {
    const rows = actionRows(n);
    sync.reset({ seed: 0 });
    async.reset({ seed: 0 });
    run(sync, rows, roundMs / 2);
    run(async, rows, roundMs / 2);
    for (let r = 0; r < rounds; r++) {
      const s = run(sync, rows, roundMs);
      const a = run(async, rows, roundMs);
      ratios.push(a.steps / a.wallMs / (s.steps / s.wallMs));
      syncBest = Math.min(syncBest, minStep(sync, rows, roundMs / 2));
      asyncBest = Math.min(asyncBest, minStep(async, rows, roundMs / 2));
    }
  } finally {
    sync.close();
    await async.close();
  }
  const speedup = syncBest / asyncBest;
  figures.push({
    key: 'asyncSpeedup',
    value: Math.round(speedup * 100) / 100,
    unit: 'x',
    scenario: `BusyStep-v0 (step busy-waits 50 us) x ${n}, AsyncVectorEnv 2 workers vs SyncVectorEnv: shortest step time, sync ${(syncBest * 1000).toFixed(0)} us over async ${(asyncBest * 1000).toFixed(0)} us (the cost without preemption), from ${rounds} interleaved rounds; wall-clock throughput ratio (median) ${median(ratios).toFixed(2)}; ${load}`,
  });
  for (const c of table) {
    const r = rates.get(c.key) as Rate;
    figures.push({ key: c.key, value: value(c, r), unit: 'env-steps/s', scenario: scenario(c, r) });
  }
  return figures;
};
