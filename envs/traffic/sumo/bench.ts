import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { BenchFigure, BenchFn } from '../../../src/bench/types.js';
import type { Info } from '../../../src/core/types.js';
import { makePolicy } from '../../../src/policy/policyRegistry.js';
import type { TrafficSimulation } from '../env/TrafficSimulation.js';
import { TrafficNetworkEnv } from '../network-env/TrafficNetworkEnv.js';
import { TrafficNetworkParallelEnv } from '../network-env/TrafficNetworkParallelEnv.js';
import { registerTraffic } from '../registerTraffic.js';
import { repoRoot } from '../validate/repoRoot.js';
import { hasSumo } from './process/findSumo.js';
import type { SumoSimulation } from './SumoSimulation.js';

/** sumo-rl's cost of one 5 s decision at one intersection through TraCI from Python (ANCHORS.md). */
const SUMO_RL_MS = 16;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** CPU milliseconds used so far by this process (all threads) and, with backend sumo, by SUMO. */
function cpuMs(sim: TrafficSimulation): number {
  const own = process.cpuUsage();
  let sumo = 0;
  const pid = sim.backend === 'sumo' ? (sim as SumoSimulation).traci?.process.pid : undefined;
  if (pid !== undefined && process.platform === 'linux') {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    sumo = (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
  }
  return (own.user + own.system) / 1000 + sumo;
}

/** An env under test: reset, one decision of the fixed-time policy (true at the episode's end), close, its simulation. */
interface Runner {
  reset(seed: number): void;
  decide(): boolean;
  close(): void;
  sim(): TrafficSimulation;
}

/**
 * Milliseconds per decision, wall clock and CPU (this process and SUMO together: what a decision costs
 * on an idle machine, where the two alternate), over `decisions` decisions from the scenario's begin
 * (the tsgym backend, whose clock still starts at 0 on these files, first runs untimed up to the begin),
 * after one untimed warm-up episode. Medians of `rounds`.
 */
function msPerDecision(make: () => Runner, begin: number, decisions: number, rounds: number): { wall: number; cpu: number } {
  const env = make();
  try {
    const run = (seed: number): { wall: number; cpu: number } => {
      env.reset(seed);
      while (env.sim().time < begin) env.decide();
      const c0 = cpuMs(env.sim());
      const t0 = performance.now();
      let k = 0;
      while (k < decisions && !env.decide()) k++;
      const n = Math.max(1, k);
      return { wall: (performance.now() - t0) / n, cpu: (cpuMs(env.sim()) - c0) / n };
    };
    run(100);
    const r = Array.from({ length: rounds }, (_, k) => run(k + 1));
    return { wall: median(r.map((x) => x.wall)), cpu: median(r.map((x) => x.cpu)) };
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
      sim: () => env.engine,
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
        const r = env.step(policy.act(obs, infos) as Record<string, number>);
        [obs, infos] = [r[0], r[4]];
        return Object.values(r[3]).some(Boolean);
      },
      close: () => env.close(),
      sim: () => env.engine,
    };
  };
}

/**
 * The SUMO backend's speed (`sumo` section): milliseconds per decision of `TrafficNetwork-v0` with
 * `backend: 'sumo'` on RESCO's cologne1 (one signal, 10 s decisions, the default observation and
 * reward, `info.metrics`, one hour of traffic: 360 decisions) and cologne8 (one controlled signal, the
 * seven others on their programs; and `TrafficNetworkParallel-v0`, all eight controlled), the
 * `fixed-time` baseline deciding (a signal switched blindly congests the junction, and SUMO's own work
 * then dominates), against sumo-rl's ~16 ms per decision (ANCHORS.md), and the tsgym backend on the
 * same env and decisions (`tsgymSpeedup`). Wall clock, and CPU of this process plus SUMO (the cost on
 * an idle machine; the shared machine's load inflates wall time). Needs `sumo` and
 * `../shared/data/resco`; skips (no figures) without them.
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
  const load = (): string => `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`;
  const what =
    `${decisions} decisions of 10 s from 25,200 s, default observation and reward (diff-waiting-time), info.metrics, ` +
    `the fixed-time baseline deciding, median of ${rounds} after a warm-up episode`;
  const sumo1 = msPerDecision(single(c1, 'sumo'), begin, decisions, rounds);
  const load1 = load();
  await Promise.resolve();
  const tsgym1 = msPerDecision(single(c1, 'tsgym'), begin, decisions, rounds);
  const out: BenchFigure[] = [
    {
      key: 'cologne1MsPerDecision',
      value: sumo1.wall,
      unit: 'ms',
      scenario: `TrafficNetwork-v0 backend=sumo on RESCO cologne1 (1 signal), ${what}; wall clock, ${load1}`,
      anchor: { name: 'sumo-rl, one intersection, 5 s decisions (ANCHORS.md)', value: SUMO_RL_MS, measured: false },
    },
    {
      key: 'cologne1CpuMsPerDecision',
      value: sumo1.cpu,
      unit: 'ms',
      scenario: `the same, CPU of tsgym's process and of SUMO together (the decision's cost on an idle machine)`,
      anchor: { name: 'sumo-rl, one intersection, 5 s decisions (ANCHORS.md)', value: SUMO_RL_MS, measured: false },
    },
    { key: 'cologne1SpeedupVsSumoRl', value: SUMO_RL_MS / sumo1.wall, unit: 'x', scenario: 'sumo-rl ~16 ms per decision / cologne1MsPerDecision (wall clock)' },
    {
      key: 'cologne1TsgymMsPerDecision',
      value: tsgym1.wall,
      unit: 'ms',
      scenario: `the same env and decisions with backend=tsgym (tsgym's own engine), wall clock`,
    },
    {
      key: 'tsgymSpeedup',
      value: sumo1.wall / tsgym1.wall,
      unit: 'x',
      scenario: 'cologne1MsPerDecision / cologne1TsgymMsPerDecision, measured in the same run (wall clock)',
    },
  ];
  if (existsSync(c8)) {
    await Promise.resolve();
    const s8 = msPerDecision(single(c8, 'sumo'), begin, decisions, rounds);
    out.push({
      key: 'cologne8MsPerDecision',
      value: s8.wall,
      unit: 'ms',
      scenario: `TrafficNetwork-v0 backend=sumo on RESCO cologne8 (1 of 8 signals controlled, 7 on their programs), ${what}; wall clock, ${load()}`,
    });
    out.push({ key: 'cologne8CpuMsPerDecision', value: s8.cpu, unit: 'ms', scenario: 'the same, CPU of tsgym and SUMO together' });
    await Promise.resolve();
    const p8 = msPerDecision(parallel(c8, 'sumo'), begin, decisions, rounds);
    out.push({
      key: 'cologne8ParallelMsPerDecision',
      value: p8.wall,
      unit: 'ms',
      scenario: `TrafficNetworkParallel-v0 backend=sumo on RESCO cologne8 (8 agents, one decision for all), ${what}; wall clock, ${load()}`,
    });
    out.push({ key: 'cologne8ParallelCpuMsPerDecision', value: p8.cpu, unit: 'ms', scenario: 'the same, CPU of tsgym and SUMO together' });
  }
  return out;
};
