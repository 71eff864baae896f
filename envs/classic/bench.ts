import type { BenchFigure, BenchFn } from '../../src/bench/types.js';
import { cpuNow, median } from '../../src/bench/clock.js';
import type { Env } from '../../src/core/Env.js';
import { make } from '../../src/registry/registry.js';
import { Rng } from '../../src/rng/Rng.js';
import './registerClassic.js';

const ACTIONS = 1 << 16;

/** Steps `env` with the preallocated random `actions` for `steps` steps, resetting finished episodes. */
function runSteps(env: Env<Float32Array, number>, actions: Int32Array, steps: number, start: number): number {
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    const r = env.step(actions[(start + i) & (ACTIONS - 1)]);
    sum += r[1];
    if (r[2] || r[3]) env.reset();
  }
  return sum;
}

/** Median steps per CPU second (wall second without a CPU clock) over `rounds` rounds of about `roundMs` each, after a warm-up. */
function stepsPerSec(env: Env<Float32Array, number>, actions: Int32Array, rounds: number, roundMs: number): { rate: number; wallRate: number } {
  env.reset({ seed: 0 });
  let chunk = 100_000;
  let t = performance.now();
  runSteps(env, actions, chunk, 0);
  // warm up (JIT) and size the chunk to about 1/10 of a round
  while (performance.now() - t < roundMs / 2) runSteps(env, actions, chunk, 0);
  t = performance.now();
  runSteps(env, actions, chunk, 0);
  const perStepMs = Math.max((performance.now() - t) / chunk, 1e-7);
  chunk = Math.max(10_000, Math.round(roundMs / 10 / perStepMs));
  const rates: number[] = [];
  const wallRates: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    let steps = 0;
    const t0 = performance.now();
    const c0 = cpuNow?.() ?? 0;
    let dt = 0;
    while (dt < roundMs) {
      sink += runSteps(env, actions, chunk, steps);
      steps += chunk;
      dt = performance.now() - t0;
    }
    const cpu = cpuNow === undefined ? dt : Math.max(cpuNow() - c0, 1e-3);
    rates.push((steps / cpu) * 1000);
    wallRates.push((steps / dt) * 1000);
  }
  if (sink === -1) rates.push(0); // keep the loop observable
  return { rate: median(rates), wallRate: median(wallRates) };
}

/**
 * Classic-control benchmark: CartPole-v1 steps per second with uniformly random actions (taken from a
 * preallocated list), single env on one core, raw `unwrapped` and through `make` (PassiveEnvChecker,
 * TimeLimit 500, OrderEnforcing). Each figure is the median of 5 rounds of ~0.5 s (quick: 3 x 0.1 s),
 * counted per CPU second of the process where the runtime has a CPU clock (so other processes on a
 * shared machine do not distort it; on an idle machine it equals wall time), with the wall-clock rate
 * in the scenario text.
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async (opts) => {
  const rounds = opts.quick ? 3 : 5;
  const roundMs = opts.quick ? 100 : 500;
  const rng = new Rng(1);
  const actions = new Int32Array(ACTIONS);
  for (let i = 0; i < ACTIONS; i++) actions[i] = rng.integers(0, 2);
  const wrapped = make('CartPole-v1') as Env<Float32Array, number>;
  const raw = wrapped.unwrapped as Env<Float32Array, number>;
  const rawRate = stepsPerSec(raw, actions, rounds, roundMs);
  const makeRate = stepsPerSec(make('CartPole-v1') as Env<Float32Array, number>, actions, rounds, roundMs);
  const clock = cpuNow === undefined ? 'wall time' : 'per CPU second of the process (process.cpuUsage)';
  const scenario = `CartPole-v1, random actions, fresh Float32Array obs per step, one core, ${clock}, median of ${rounds} x ${roundMs} ms`;
  const wall = (r: { wallRate: number }): string => (cpuNow === undefined ? '' : `; wall-clock ${Math.round(r.wallRate).toLocaleString('en-US')} steps/s`);
  const figures: BenchFigure[] = [
    {
      key: 'cartpoleRawStepsPerSec',
      value: Math.round(rawRate.rate),
      unit: 'steps/s',
      scenario: `${scenario}, unwrapped${wall(rawRate)}`,
      anchor: { name: 'Gymnasium 1.4 unwrapped CartPoleEnv', value: 179_000, measured: false },
    },
    {
      key: 'cartpoleMakeStepsPerSec',
      value: Math.round(makeRate.rate),
      unit: 'steps/s',
      scenario: `${scenario}, make() with PassiveEnvChecker, TimeLimit, OrderEnforcing${wall(makeRate)}`,
      anchor: { name: 'Gymnasium 1.4 gym.make("CartPole-v1")', value: 153_000, measured: false },
    },
  ];
  return figures;
};
