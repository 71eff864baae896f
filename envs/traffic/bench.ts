import type { BenchFigure, BenchFn } from '../../src/bench/types.js';
import { cpuNow, median } from '../../src/bench/clock.js';
import { TrafficEngine } from './engine/TrafficEngine.js';
import { TrafficSignalEnv } from './env/TrafficSignalEnv.js';
import { gridNetwork } from './scenarios/gridNetwork.js';
import { measureSumoUps } from './sumoSideBySide.js';

/** The 4x4 grid of the SUMO anchor: 1 lane, 200 m blocks, 2,400 veh/h in total (150 veh/h at each of 16 entries), fixed-time plans. */
export const BENCH_GRID = { rows: 4, cols: 4, lanes: 1, spacing: 200, approachLength: 200, demand: 150 } as const;

/** Vehicle-updates per CPU second over `rounds` simulated hours (after one warm-up hour). */
function vehicleUpdates(rounds: number, seconds: number): { rate: number; wall: number; vehicles: number } {
  const e = new TrafficEngine(gridNetwork(BENCH_GRID), { step: 1 });
  e.reset(0);
  for (let i = 0; i < Math.max(seconds, 1800); i++) e.step(); // warm-up (JIT)
  const rates: number[] = [];
  const walls: number[] = [];
  let mean = 0;
  for (let r = 0; r < rounds; r++) {
    e.reset(r + 1);
    const c0 = cpuNow?.() ?? 0;
    const t0 = performance.now();
    for (let i = 0; i < seconds; i++) e.step();
    const wall = performance.now() - t0;
    const cpu = cpuNow === undefined ? wall : Math.max(cpuNow() - c0, 1e-3);
    rates.push((e.counters.vehicleUpdates / cpu) * 1000);
    walls.push((e.counters.vehicleUpdates / wall) * 1000);
    mean = e.counters.vehicleUpdates / seconds;
  }
  return { rate: median(rates), wall: median(walls), vehicles: mean };
}

/** Microseconds per `TrafficSignal-v0` step (5 simulated seconds, 600 veh/h per approach), phases cycled every 4 steps. */
function envStep(rounds: number, steps: number): { us: number; wallUs: number } {
  const env = new TrafficSignalEnv({ numSeconds: 1e9 });
  env.reset({ seed: 0 });
  for (let i = 0; i < steps; i++) env.step((i >> 2) % 4);
  const us: number[] = [];
  const wallUs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    env.reset({ seed: r + 1 });
    for (let i = 0; i < 200; i++) env.step((i >> 2) % 4); // fill the intersection
    const c0 = cpuNow?.() ?? 0;
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) env.step((i >> 2) % 4);
    const wall = performance.now() - t0;
    const cpu = cpuNow === undefined ? wall : Math.max(cpuNow() - c0, 1e-3);
    us.push((cpu * 1000) / steps);
    wallUs.push((wall * 1000) / steps);
  }
  return { us: median(us), wallUs: median(wallUs) };
}

/**
 * Traffic benchmark: `vehicleUpdatesPerSec` (vehicles x steps per CPU second) on the 4x4 grid of the SUMO
 * anchor (1 lane, 2,400 veh/h, fixed-time, step 1 s, one simulated hour per round, median of 3; quick:
 * 15 minutes) with SUMO measured side by side when `sumo` is installed (else the ANCHORS.md figure), and
 * `envStepUs` of `TrafficSignal-v0` (5 s per step, 600 veh/h per approach; sumo-rl needs ~16,000 us).
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async (opts) => {
  const seconds = opts.quick ? 900 : 3600;
  const rounds = opts.quick ? 1 : 3;
  const vu = vehicleUpdates(rounds, seconds);
  const es = envStep(rounds, opts.quick ? 500 : 3000);
  const clock = cpuNow === undefined ? 'wall time' : 'per CPU second of the process';
  const sumo = opts.quick ? undefined : await measureSumoUps(BENCH_GRID);
  const figures: BenchFigure[] = [
    {
      key: 'vehicleUpdatesPerSec',
      value: Math.round(vu.rate),
      unit: 'vehicle-updates/s',
      scenario: `4x4 grid, 1 lane, 200 m blocks, 2,400 veh/h (150 at each of 16 entries), fixed-time, IDM, step 1 s, ${seconds} s simulated, ` +
        `${vu.vehicles.toFixed(0)} vehicles on average, ${clock}, median of ${rounds}; wall-clock ${Math.round(vu.wall).toLocaleString('en-US')}/s` +
          `${sumo ? `; SUMO ${sumo.version} on the same grid (netgenerate + flows) in this run: ${Math.round(sumo.ups).toLocaleString('en-US')} UPS` : ''}`,
      anchor: sumo
        ? { name: `SUMO ${sumo.version}, same grid, measured in this run`, value: Math.round(sumo.ups), measured: true }
        : { name: 'SUMO 1.15, 4x4 grid 1 lane 2,400 veh/h (ANCHORS.md)', value: 560_000, measured: false },
    },
    {
      key: 'envStepUs',
      value: Math.round(es.us * 10) / 10,
      unit: 'us',
      scenario: `TrafficSignal-v0 default (4 arms x 2 lanes, 600 veh/h per approach), deltaTime 5 s = 5 engine steps + observation + reward + info.metrics, ` +
        `${clock}, median of ${rounds}; wall-clock ${es.wallUs.toFixed(1)} us`,
      anchor: { name: 'sumo-rl through TraCI, one intersection, 5 s step (ANCHORS.md)', value: 16_000, measured: false },
    },
  ];
  return figures;
};
