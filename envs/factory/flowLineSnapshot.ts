import { Rng, type RngState } from '../../src/rng/Rng.js';
import type { EventQueueSnapshot } from './EventQueue.js';
import type { FlowLineSim } from './FlowLineSim.js';
import type { JobStoreSnapshot } from './JobStore.js';
import type { LineStatsSnapshot } from './LineStats.js';

/**
 * A structured-cloneable copy of a simulator's whole run state (clock, machines, jobs, buffers, events,
 * counters and random-stream positions).
 *
 * @example
 * ```ts
 * const snap = snapshotLine(sim); // ... later: restoreLine(sim, snap)
 * ```
 */
export function snapshotLine(sim: FlowLineSim): FlowLineSnapshot {
  return {
    scalars: [
      sim.now,
      sim.wip,
      sim.cumCompleted,
      sim.cumCycle,
      sim.cumTardiness,
      sim.cumWipArea,
      sim.pending,
      sim.decisionMachine,
      sim.done ? 1 : 0,
      sim.releaseHeld ? 1 : 0,
      sim.nextOrder,
    ],
    machines: {
      phase: sim.phase.slice(),
      down: sim.down.slice(),
      pmPending: sim.pmPending.slice(),
      awaiting: sim.awaiting.slice(),
      machJob: sim.machJob.slice(),
      machLast: sim.machLast.slice(),
      machEnd: sim.machEnd.slice(),
      machRemain: sim.machRemain.slice(),
      machEpoch: sim.machEpoch.slice(),
      stateSince: sim.stateSince.slice(),
      stateTime: sim.stateTime.slice(),
      machProcessed: sim.machProcessed.slice(),
      machNominal: sim.machNominal.slice(),
    },
    buffers: sim.buffers.map((b) => b.snapshot()),
    blocked: sim.blocked.map((b) => b.snapshot()),
    decisions: sim.decisions.snapshot(),
    queue: sim.queue.snapshot(),
    jobs: sim.jobs.snapshot(),
    stats: sim.stats.snapshot(),
    rngs: [sim.arrivalRng, sim.mixRng, ...sim.procRng, ...sim.failRng].map((r) => (r as Rng).getState()),
  };
}

/**
 * Restores `snapshotLine(...)` output into a simulator of the same model.
 *
 * @example
 * ```ts
 * restoreLine(other, snapshotLine(sim));
 * ```
 */
export function restoreLine(sim: FlowLineSim, s: FlowLineSnapshot): void {
  const M = sim.model.nMachines;
  if (s.machines.phase.length !== M || s.buffers.length !== sim.buffers.length)
    throw new RangeError(`snapshot of a line with ${s.machines.phase.length} machines, this line has ${M}`);
  const [now, wip, done, cycle, tard, area, pending, dm, isDone, held, nextOrder] = s.scalars as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  sim.now = now;
  sim.wip = wip;
  sim.cumCompleted = done;
  sim.cumCycle = cycle;
  sim.cumTardiness = tard;
  sim.cumWipArea = area;
  sim.pending = pending;
  sim.decisionMachine = dm;
  sim.done = isDone === 1;
  sim.releaseHeld = held === 1;
  sim.nextOrder = nextOrder;
  const m = s.machines;
  sim.phase.set(m.phase);
  sim.down.set(m.down);
  sim.pmPending.set(m.pmPending);
  sim.awaiting.set(m.awaiting);
  sim.machJob.set(m.machJob);
  sim.machLast.set(m.machLast);
  sim.machEnd.set(m.machEnd);
  sim.machRemain.set(m.machRemain);
  sim.machEpoch.set(m.machEpoch);
  sim.stateSince.set(m.stateSince);
  sim.stateTime.set(m.stateTime);
  sim.machProcessed.set(m.machProcessed);
  sim.machNominal.set(m.machNominal);
  s.buffers.forEach((b, i) => sim.buffers[i]?.restore(b));
  s.blocked.forEach((b, i) => sim.blocked[i]?.restore(b));
  sim.decisions.restore(s.decisions);
  sim.queue.restore(s.queue);
  sim.jobs.restore(s.jobs);
  sim.stats.restore(s.stats);
  const r = s.rngs.map((st) => Rng.fromState(st));
  sim.arrivalRng = r[0] ?? null;
  sim.mixRng = r[1] ?? null;
  sim.procRng = r.slice(2, 2 + M);
  sim.failRng = r.slice(2 + M);
}

/** The state of a {@link FlowLineSim}, as returned by `snapshot()` (plain data: JSON- and structured-clone-safe apart from typed arrays). */
export interface FlowLineSnapshot {
  readonly scalars: readonly number[];
  readonly machines: {
    readonly phase: Uint8Array; readonly down: Uint8Array; readonly pmPending: Uint8Array; readonly awaiting: Uint8Array;
    readonly machJob: Int32Array; readonly machLast: Int32Array; readonly machEnd: Float64Array; readonly machRemain: Float64Array;
    readonly machEpoch: Int32Array; readonly stateSince: Float64Array; readonly stateTime: Float64Array;
    readonly machProcessed: Float64Array; readonly machNominal: Float64Array;
  };
  readonly buffers: readonly Int32Array[];
  readonly blocked: readonly Int32Array[];
  readonly decisions: Int32Array;
  readonly queue: EventQueueSnapshot;
  readonly jobs: JobStoreSnapshot;
  readonly stats: LineStatsSnapshot;
  readonly rngs: readonly RngState[];
}
