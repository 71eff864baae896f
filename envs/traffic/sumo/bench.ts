import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFigure, BenchFn } from '../../../src/bench/types.js';
import { TrafficNetworkEnv } from '../network-env/TrafficNetworkEnv.js';
import { TrafficNetworkParallelEnv } from '../network-env/TrafficNetworkParallelEnv.js';
import { repoRoot } from '../validate/repoRoot.js';
import { hasSumo } from './process/findSumo.js';
import { makePolicy } from '../../../src/policy/policyRegistry.js';
import type { Info } from '../../../src/core/types.js';
import { registerTraffic } from '../registerTraffic.js';

/** sumo-rl's cost of one 5 s decision at one intersection through TraCI from Python (ANCHORS.md). */
const SUMO_RL_MS = 16;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** An env under test: reset, one decision of the fixed-time policy, close, and its clock. */
interface Runner {
  reset(seed: number): void;
  decide(): boolean;
  close(): void;
  time(): number;
}

/**
 * Wall milliseconds per decision of one env over `decisions` decisions from the scenario's begin (the
 * tsgym backend, whose clock still starts at 0 on these files, first runs untimed up to the begin), after
 * one untimed warm-up episode. Median of `rounds`.
 */
function msPerDecision(make: () => Runner, begin: number, decisions: number, rounds: number): number {
  const env = make();
  try {
    const run = (seed: number, timed: boolean): number => {
      env.reset(seed);
      while (env.time() < begin) env.decide();
      const t0 = performance.now();
      let k = 0;
      while (k < decisions && !env.decide()) k++;
      return timed ? (performance.now() - t0) / Math.max(1, k) : 0;
    };
    run(100, false);
    return median(Array.from({ length: rounds }, (_, k) => run(k + 1, true)));
  } finally {
    env.close();
  }
}

/** TrafficNetwork-v0 (10 s decisions) under the `fixed-time` baseline (Webster plan of the signal). */
function single(cfg: string, backend: string): () => Runner {
  return () => {
    const env = new TrafficNetworkEnv({ network: cfg, backend, deltaTime: 10 });
    const policy = makePolicy('fixed-time', 'TrafficNetwork-v0', env);
    let obs: unknown;
    let info: Info = {};
    return {
      reset: (seed) => void ([obs, info] = env.reset({ seed })),
      decide: () => {
        const r = env.step(policy.act(obs, info) as number);
        [obs, info] = [r[0], r[4]];
        return r[3];
      },
      close: () => env.close(),
      time: () => env.engine.time,
    };
  };
}

/** TrafficNetworkParallel-v0 (10 s decisions, every signal an agent) under the `fixed-time` baseline. */
function parallel(cfg: string, backend: string): () => Runner {
  return () => {
    const env = new TrafficNetworkParallelEnv({ network: cfg, backend, deltaTime: 10 });
    const policy = makePolicy('fixed-time', 'TrafficNetworkParallel-v0', env);
    let obs: unknown;
    let infos: Record<string, Info> = {};
    return {
      reset: (seed) => void ([obs, infos] = env.reset({ seed })),
      decide: () => {
        const r = env.step(policy.act(obs, infos as Info) as Record<string, number>);
        [obs, infos] = [r[0], r[4]];
        return Object.values(r[3]).some(Boolean);
      },
      close: () => env.close(),
      time: () => env.engine.time,
    };
  };
}

/**
 * The SUMO backend's speed (`sumo` section): wall milliseconds per decision of `TrafficNetwork-v0` with
 * `backend: 'sumo'` on RESCO's cologne1 (one signal, 10 s decisions, the default observation and reward,
 * one hour of traffic: 360 decisions) and cologne8 (one controlled signal, the seven others on their
 * programs; and `TrafficNetworkParallel-v0`, all eight controlled), the `fixed-time` baseline deciding
 * (a signal switched at random congests the junction, and SUMO's own work then dominates), against
 * sumo-rl's ~16 ms per decision (ANCHORS.md), and the tsgym backend on the same env and decisions
 * (`tsgymSpeedup`: how many times faster tsgym's own engine decides). Needs `sumo` and `../shared/data/resco`; skips (no
 * figures) without them.
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async ({ quick }) => {
  registerTraffic();
  const resco = join(repoRoot(), '..', 'shared', 'data', 'resco');
  if (!hasSumo() || !existsSync(join(resco, 'cologne1'))) return [];
  const rounds = quick ? 1 : 3;
  const decisions = quick ? 60 : 360;
  const c1 = join(resco, 'cologne1', 'cologne1.sumocfg');
  const c8 = join(resco, 'cologne8', 'cologne8.sumocfg');
  const begin = 25200;
  const what = `${decisions} decisions of 10 s from 25,200 s, default observation and reward (diff-waiting-time), info.metrics, the fixed-time baseline deciding; wall time, median of ${rounds} after a warm-up episode`;
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
