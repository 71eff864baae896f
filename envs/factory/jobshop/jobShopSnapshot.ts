import { SnapshotUnsupported } from '../../../src/core/errors.js';
import { fromJsonState, toJsonState } from '../../../src/core/jsonState.js';
import type { RngState } from '../../../src/rng/Rng.js';
import { JobShopSim } from './JobShopSim.js';

interface SimState {
  kind: unknown;
  instance: unknown;
  nJobs: unknown;
  nMachines: unknown;
  scheme: unknown;
  time?: Int32Array;
  machine?: Int32Array;
  nextOp: Int32Array;
  jobReady: Float64Array;
  machReady: Float64Array;
  jobWorkLeft: Float64Array;
  jobWorkDone: Float64Array;
  machWorkLeft: Float64Array;
  machOpsLeft: Int32Array;
  start: Float64Array;
  machSeq: Int32Array;
  machCount: Int32Array;
  scheduled: number;
  lb: number;
  rng: RngState | null;
}

/**
 * JobShop-v0's snapshot as JSON: the simulation state, the bound `lb`, the rng, and the instance's data
 * when it was drawn at random (a shipped or file instance is identified by its name and size).
 *
 * @example
 * ```ts
 * const s = jobShopSnapshot(sim, lb, false, rngState);
 * ```
 */
export function jobShopSnapshot(sim: JobShopSim, lb: number, withInstance: boolean, rng: RngState | null): unknown {
  const inst = sim.instance;
  return toJsonState({
    kind: 'job-shop', instance: inst.name, nJobs: sim.nJobs, nMachines: sim.nMachines, scheme: sim.scheme,
    ...(withInstance ? { time: inst.time, machine: inst.machine } : {}),
    nextOp: sim.nextOp, jobReady: sim.jobReady, machReady: sim.machReady, jobWorkLeft: sim.jobWorkLeft, jobWorkDone: sim.jobWorkDone,
    machWorkLeft: sim.machWorkLeft, machOpsLeft: sim.machOpsLeft, start: sim.start, machSeq: sim.machSeq, machCount: sim.machCount,
    scheduled: sim.scheduled, lb, rng,
  }, 'JobShop-v0 snapshot');
}

/**
 * Restores a {@link jobShopSnapshot} into `sim` (or, for a random instance, into a new sim on the
 * snapshot's instance); throws SnapshotUnsupported for a snapshot of another instance, size or scheme.
 *
 * @example
 * ```ts
 * const { sim: restored, lb, rng } = restoreJobShop(JSON.parse(text), sim, false);
 * ```
 */
export function restoreJobShop(snapshot: unknown, sim: JobShopSim, random: boolean): { sim: JobShopSim; lb: number; rng: RngState | null } {
  const s = fromJsonState(snapshot, 'JobShop-v0 snapshot') as Partial<SimState> | null;
  const inst = sim.instance;
  const sameShape = s?.kind === 'job-shop' && s.nJobs === sim.nJobs && s.nMachines === sim.nMachines && s.scheme === sim.scheme;
  const sameInstance = random ? s?.time instanceof Int32Array && s.machine instanceof Int32Array : s?.instance === inst.name;
  if (!sameShape || !sameInstance) {
    throw new SnapshotUnsupported(
      `JobShop-v0.restore(): expected a snapshot of ${random ? 'a random instance' : `instance '${inst.name}'`} (${sim.nJobs} x ${sim.nMachines}), ` +
        `got ${JSON.stringify(s?.instance ?? null)} (${String(s?.nJobs)} x ${String(s?.nMachines)}); ` +
        `schemes '${sim.scheme}' and ${JSON.stringify(s?.scheme ?? null)}`,
    );
  }
  const full = s as SimState;
  const target = random && full.time && full.machine
    ? new JobShopSim({ name: String(full.instance), nJobs: sim.nJobs, nMachines: sim.nMachines, time: full.time, machine: full.machine }, sim.scheme)
    : sim;
  target.nextOp.set(full.nextOp);
  target.jobReady.set(full.jobReady);
  target.machReady.set(full.machReady);
  target.jobWorkLeft.set(full.jobWorkLeft);
  target.jobWorkDone.set(full.jobWorkDone);
  target.machWorkLeft.set(full.machWorkLeft);
  target.machOpsLeft.set(full.machOpsLeft);
  target.start.set(full.start);
  target.machSeq.set(full.machSeq);
  target.machCount.set(full.machCount);
  target.scheduled = full.scheduled;
  target.updateMask();
  return { sim: target, lb: full.lb, rng: full.rng };
}
