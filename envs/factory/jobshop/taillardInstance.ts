import { InvalidConfig } from '../../../src/core/errors.js';
import type { Rng } from '../../../src/rng/Rng.js';
import type { JobShopInstance } from './JobShopInstance.js';

const LCG_M = 2147483647;

/** Taillard's (1993) uniform generator: a Lehmer LCG (a = 16807, m = 2^31 - 1, Schrage's method), one state per stream. */
function unif(state: { s: number }, low: number, high: number): number {
  const k = Math.trunc(state.s / 127773);
  state.s = 16807 * (state.s % 127773) - k * 2836;
  if (state.s < 0) state.s += LCG_M;
  return low + Math.floor((state.s / LCG_M) * (high - low + 1));
}

/**
 * A job-shop instance from Taillard's generator (E. Taillard, "Benchmarks for basic scheduling
 * problems", EJOR 1993): processing times U[low, high] drawn job by job from the time seed, then each
 * job's machine order by the swap shuffle `swap(M[j][k], M[j][U[k, m-1]])` from the machine seed.
 * With the published seeds it reproduces Taillard's instances (ta01: 840612802, 398197754).
 *
 * @example
 * ```ts
 * const ta01 = taillardInstance(15, 15, 840612802, 398197754, 'ta01');
 * ```
 */
export function taillardInstance(
  nJobs: number,
  nMachines: number,
  timeSeed: number,
  machineSeed: number,
  name = `taillard-${nJobs}x${nMachines}-${timeSeed}-${machineSeed}`,
  low = 1,
  high = 99,
): JobShopInstance {
  for (const [k, v] of [['jobs', nJobs], ['machines', nMachines]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 10000) throw new InvalidConfig(`Invalid Taillard ${k} ${v}: expected an integer in 1..10000`);
  }
  for (const [k, v] of [['time seed', timeSeed], ['machine seed', machineSeed]] as const) {
    if (!Number.isInteger(v) || v < 1 || v >= LCG_M) throw new InvalidConfig(`Invalid Taillard ${k} ${v}: expected an integer in 1..${LCG_M - 1}`);
  }
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < 0 || high < low) {
    throw new InvalidConfig(`Invalid Taillard time range ${low}..${high}: expected integers 0 <= low <= high`);
  }
  const n = nJobs * nMachines;
  const time = new Int32Array(n);
  const machine = new Int32Array(n);
  const ts = { s: timeSeed };
  for (let i = 0; i < n; i++) time[i] = unif(ts, low, high);
  const ms = { s: machineSeed };
  for (let j = 0; j < nJobs; j++) {
    const b = j * nMachines;
    for (let k = 0; k < nMachines; k++) machine[b + k] = k;
    for (let k = 0; k < nMachines; k++) {
      const o = unif(ms, k, nMachines - 1);
      const x = machine[b + k];
      machine[b + k] = machine[b + o];
      machine[b + o] = x;
    }
  }
  return { name, nJobs, nMachines, machine, time };
}

/**
 * A random instance from Taillard's generator with both seeds drawn from `rng` (the env's stream).
 *
 * @example
 * ```ts
 * const inst = randomTaillardInstance(new Rng(0), 15, 15);
 * ```
 */
export function randomTaillardInstance(rng: Rng, nJobs: number, nMachines: number, low = 1, high = 99): JobShopInstance {
  const timeSeed = rng.integers(1, LCG_M);
  const machineSeed = rng.integers(1, LCG_M);
  return taillardInstance(nJobs, nMachines, timeSeed, machineSeed, `random-${nJobs}x${nMachines}-${timeSeed}-${machineSeed}`, low, high);
}
