import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFigure, BenchFn } from '../../../src/bench/types.js';
import { TrafficNetworkEnv } from '../network-env/TrafficNetworkEnv.js';
import { TrafficNetworkParallelEnv } from '../network-env/TrafficNetworkParallelEnv.js';
import { repoRoot } from '../validate/repoRoot.js';
import { hasSumo } from './process/findSumo.js';

/** sumo-rl's cost of one 5 s decision at one intersection through TraCI from Python (ANCHORS.md). */
const SUMO_RL_MS = 16;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/**
 * Wall milliseconds per decision of one env over `decisions` decisions from the scenario's begin (the
 * tsgym backend, whose clock still starts at 0 on these files, first runs untimed up to the begin), after
 * one untimed warm-up episode; actions cycle the phases, one switch every 3 decisions. Median of `rounds`.
 */
function msPerDecision(make: () => { reset(o: { seed: number }): unknown; step(a: never): unknown[]; close(): void; time(): number }, begin: number, decisions: number, rounds: number): number {
  const env = make();
  try {
    const run = (seed: number, timed: boolean): number => {
      env.reset({ seed });
      while (env.time() < begin) env.step(0 as never);
      const t0 = performance.now();
      for (let i = 0; i < decisions; i++) {
        const r = env.step(Math.floor(i / 3) as never);
        if (r[3] === true || (typeof r[3] === 'object' && r[3] !== null && Object.values(r[3]).some(Boolean))) break;
      }
      return timed ? (performance.now() - t0) / decisions : 0;
    };
    run(100, false);
    return median(Array.from({ length: rounds }, (_, k) => run(k + 1, true)));
  } finally {
    env.close();
  }
}

function single(cfg: string, backend: string): () => { reset(o: { seed: number }): unknown; step(a: never): unknown[]; close(): void; time(): number } {
  return () => {
    const env = new TrafficNetworkEnv({ network: cfg, backend, deltaTime: 10 });
    const n = env.actionSpace.n;
    return { reset: (o) => env.reset(o), step: (a) => env.step((a as number) % n), close: () => env.close(), time: () => env.engine.time };
  };
}

function parallel(cfg: string, backend: string): () => { reset(o: { seed: number }): unknown; step(a: never): unknown[]; close(): void; time(): number } {
  return () => {
    const env = new TrafficNetworkParallelEnv({ network: cfg, backend, deltaTime: 10 });
    const act = (k: number): Record<string, number> => Object.fromEntries(env.possibleAgents.map((id) => [id, k % env.actionSpace(id).n]));
    return { reset: (o) => env.reset(o), step: (a) => env.step(act(a as number)), close: () => env.close(), time: () => env.engine.time };
  };
}

/**
 * The SUMO backend's speed (`sumo` section): wall milliseconds per decision of `TrafficNetwork-v0` with
 * `backend: 'sumo'` on RESCO's cologne1 (one signal, 10 s decisions, the default observation and reward,
 * one hour of traffic: 360 decisions) and cologne8 (one controlled signal, the seven others on their
 * programs; and `TrafficNetworkParallel-v0`, all eight controlled), against sumo-rl's ~16 ms per
 * decision (ANCHORS.md), and the tsgym backend on the same env and decisions (`tsgymSpeedup`: how many
 * times faster tsgym's own engine decides). Needs `sumo` and `../shared/data/resco`; skips (no
 * figures) without them.
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async ({ quick }) => {
  const resco = join(repoRoot(), '..', 'shared', 'data', 'resco');
  if (!hasSumo() || !existsSync(join(resco, 'cologne1'))) return [];
  const rounds = quick ? 1 : 3;
  const decisions = quick ? 60 : 360;
  const c1 = join(resco, 'cologne1', 'cologne1.sumocfg');
  const c8 = join(resco, 'cologne8', 'cologne8.sumocfg');
  const begin = 25200;
  const what = `${decisions} decisions of 10 s from 25,200 s, default observation and reward (diff-waiting-time), phases cycled; wall time, median of ${rounds} after a warm-up episode`;
  const sumo1 = msPerDecision(single(c1, 'sumo'), begin, decisions, rounds);
  await Promise.resolve();
  const tsgym1 = msPerDecision(single(c1, 'tsgym'), begin, decisions, rounds);
  const out: BenchFigure[] = [
    { key: 'cologne1MsPerDecision', value: sumo1, unit: 'ms', scenario: `TrafficNetwork-v0 backend=sumo on RESCO cologne1 (1 signal), ${what}`, anchor: { name: 'sumo-rl, one intersection, 5 s decisions (ANCHORS.md)', value: SUMO_RL_MS, measured: false } },
    { key: 'cologne1SpeedupVsSumoRl', value: SUMO_RL_MS / sumo1, unit: 'x', scenario: 'sumo-rl ~16 ms per decision / cologne1MsPerDecision' },
    { key: 'cologne1TsgymMsPerDecision', value: tsgym1, unit: 'ms', scenario: `the same env and decisions with backend=tsgym (tsgym's own engine)` },
    { key: 'tsgymSpeedup', value: sumo1 / tsgym1, unit: 'x', scenario: 'cologne1MsPerDecision / cologne1TsgymMsPerDecision, measured in the same run' },
  ];
  if (existsSync(c8)) {
    await Promise.resolve();
    out.push({ key: 'cologne8MsPerDecision', value: msPerDecision(single(c8, 'sumo'), begin, decisions, rounds), unit: 'ms', scenario: `TrafficNetwork-v0 backend=sumo on RESCO cologne8 (1 of 8 signals controlled, 7 on their programs), ${what}` });
    await Promise.resolve();
    out.push({ key: 'cologne8ParallelMsPerDecision', value: msPerDecision(parallel(c8, 'sumo'), begin, decisions, rounds), unit: 'ms', scenario: `TrafficNetworkParallel-v0 backend=sumo on RESCO cologne8 (8 agents, one decision for all), ${what}` });
  }
  return out;
};
