import type { JobShopSim } from './JobShopSim.js';

/**
 * Names of the per-operation features of the disjunctive-graph observation, in order. Times are
 * relative to the decision time `now` and scaled by the mean processing time `pBar` or the mean job
 * length `M * pBar`; loads by the current makespan bound, so instances of any size share one scale.
 * - `scheduled`: 1 once the operation is scheduled (L2D's finished flag).
 * - `candidate`: 1 for the next operation of a job the scheme allows now.
 * - `time`: processing time / pBar.
 * - `lbEnd`: (lower-bound completion - now) / (M pBar); the completion is the actual end when
 *   scheduled, else the job's earliest start chained through its remaining operations (L2D's C_LB).
 * - `tail`: work of the job from this operation on / (M pBar) (0 when scheduled).
 * - `opsLeft`: operations of the job from this one on / M (0 when scheduled).
 * - `jobProgress`: the job's scheduled work / its total work.
 * - `machineShare`: unscheduled work of the operation's machine / the largest machine's.
 * - `machineBusy`: how long the machine stays busy after now, / pBar, clipped to [0, 5], / 5.
 * - `jobCritical`: (lower-bound start + tail) / bound: how close the job's path is to the bound.
 * - `machineCritical`: (max(machine ready, now) + machine work left) / bound.
 * - `machineOpsLeft`: unscheduled operations of the machine / jobs.
 * - `progress`: scheduled operations / all operations.
 *
 * @example
 * ```ts
 * OP_FEATURES.indexOf('lbEnd'); // 3
 * ```
 */
export const OP_FEATURES = [
  'scheduled', 'candidate', 'time', 'lbEnd', 'tail', 'opsLeft', 'jobProgress',
  'machineShare', 'machineBusy', 'jobCritical', 'machineCritical', 'machineOpsLeft', 'progress',
] as const;

/** Features per operation (`OP_FEATURES.length`). */
export const N_OP_FEATURES = OP_FEATURES.length;

/**
 * Writes the features of every operation of `sim` into `out` (row-major `[nJobs * nMachines,
 * N_OP_FEATURES]`, operation `j * nMachines + k`), see {@link OP_FEATURES}; `candidate` marks the jobs
 * set in `mask` (default the sim's own). No allocation.
 *
 * @example
 * ```ts
 * const x = new Float32Array(sim.nJobs * sim.nMachines * N_OP_FEATURES);
 * writeOpFeatures(sim, x);
 * ```
 */
export function writeOpFeatures(sim: JobShopSim, out: Float32Array, mask: Int8Array = sim.mask): void {
  const { instance: inst, nJobs: J, nMachines: M } = sim;
  const F = N_OP_FEATURES;
  const N = J * M;
  let total = 0;
  for (let i = 0; i < N; i++) total += inst.time[i];
  const pBar = Math.max(1e-9, total / N);
  const H = M * pBar;
  const now = sim.now;
  const lb = Math.max(1e-9, sim.bound());
  let maxMachWork = 0;
  for (let m = 0; m < M; m++) if (sim.machWorkLeft[m] > maxMachWork) maxMachWork = sim.machWorkLeft[m];
  const progress = sim.scheduled / N;
  for (let j = 0; j < J; j++) {
    const next = sim.nextOp[j];
    const wd = sim.jobWorkDone[j];
    const wl = sim.jobWorkLeft[j];
    const jobProgress = wd + wl > 0 ? wd / (wd + wl) : 1;
    let est = next < M ? sim.earliestStart(j) : 0;
    let tail = wl;
    for (let k = 0; k < M; k++) {
      const i = j * M + k;
      const b = i * F;
      const t = inst.time[i];
      const mc = inst.machine[i];
      const mr = sim.machReady[mc];
      const mwl = sim.machWorkLeft[mc];
      const done = k < next;
      out[b] = done ? 1 : 0;
      out[b + 1] = !done && k === next && mask[j] ? 1 : 0;
      out[b + 2] = t / pBar;
      if (done) {
        const s = sim.start[i];
        out[b + 3] = (s + t - now) / H;
        out[b + 4] = 0;
        out[b + 5] = 0;
        out[b + 9] = (sim.jobReady[j] + wl) / lb;
      } else {
        out[b + 3] = (est + t - now) / H;
        out[b + 4] = tail / H;
        out[b + 5] = (M - k) / M;
        out[b + 9] = (est + tail) / lb;
        est += t;
        tail -= t;
      }
      out[b + 6] = jobProgress;
      out[b + 7] = maxMachWork > 0 ? mwl / maxMachWork : 0;
      out[b + 8] = Math.min(5, Math.max(0, mr - now) / pBar) / 5;
      out[b + 10] = (Math.max(mr, now) + mwl) / lb;
      out[b + 11] = sim.machOpsLeft[mc] / J;
      out[b + 12] = progress;
    }
  }
}
