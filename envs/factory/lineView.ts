import type { FlowLineSim } from './FlowLineSim.js';
import { MACHINE_STATES, type MachineState } from './LineStats.js';
import type { RingQueue } from './JobStore.js';

/** One machine as the viewer draws it. */
export interface MachineView {
  readonly name: string;
  readonly state: MachineState;
  /** Serial of the job on the machine (processing, in setup, or finished and blocked), else null. */
  readonly job: number | null;
  readonly product: string | null;
}

/** One stage: its input buffer and its machines. */
export interface StationView {
  readonly name: string;
  /** Buffer capacity in jobs; null for an unlimited buffer. */
  readonly bufferCapacity: number | null;
  /** Serials of the waiting jobs, first in first. */
  readonly buffer: readonly number[];
  readonly machines: readonly MachineView[];
}

/** A finished job held on its machine until the next stage has room (blocking after service). */
export interface TransitView {
  readonly job: number;
  readonly from: string;
  readonly to: string;
  readonly machine: string;
}

/** A read-only snapshot of the line for drawing (see docs/factory.md). */
export interface FactoryView {
  readonly time: number;
  readonly stations: readonly StationView[];
  /** Jobs that arrived and are not yet released into the line. */
  readonly backlog: readonly number[];
  readonly inTransit: readonly TransitView[];
  readonly wip: number;
  readonly completed: number;
  /** Product name of every job serial listed above. */
  readonly products: Readonly<Record<number, string>>;
}

/**
 * Builds a `FactoryView` of the simulator's current state: a fresh plain object (safe to keep or send as
 * JSON), not used by the simulation itself.
 *
 * @example
 * ```ts
 * const v = lineView(sim);
 * v.stations[1].machines[0].state; // 'busy'
 * ```
 */
export function lineView(sim: FlowLineSim): FactoryView {
  const md = sim.model;
  const jobs = sim.jobs;
  const products: Record<number, string> = {};
  const serialsOf = (q: RingQueue): number[] =>
    q.toArray().map((j) => {
      const serial = jobs.serial[j];
      products[serial] = md.productNames[jobs.product[j]];
      return serial;
    });
  const inTransit: TransitView[] = [];
  const stations: StationView[] = md.stageNames.map((name, s) => {
    const machines: MachineView[] = [];
    for (let m = md.stageMachStart[s]; m < (md.stageMachStart[s + 1]); m++) {
      const j = sim.machJob[m];
      const serial = j >= 0 ? (jobs.serial[j]) : null;
      const product = j >= 0 ? (md.productNames[jobs.product[j]]) : null;
      if (serial !== null && product !== null) products[serial] = product;
      const state = MACHINE_STATES[sim.stateOf(m)];
      machines.push({ name: md.machineNames[m], state, job: serial, product });
      if (state === 'blocked' && j >= 0 && serial !== null) {
        const p = jobs.product[j];
        const next = md.route[p * md.nStages + (jobs.step[j]) + 1];
        inTransit.push({ job: serial, from: name, to: md.stageNames[next], machine: md.machineNames[m] });
      }
    }
    const cap = md.bufCap[s];
    return { name, bufferCapacity: Number.isFinite(cap) ? cap : null, buffer: serialsOf(sim.buffers[s]), machines };
  });
  return {
    time: sim.now,
    stations,
    backlog: serialsOf(sim.buffers[md.nStages]),
    inTransit,
    wip: sim.wip,
    completed: sim.cumCompleted,
    products,
  };
}
