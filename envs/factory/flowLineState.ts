import type { Rng } from '../../src/rng/Rng.js';
import { EventQueue } from './EventQueue.js';
import type { LineModel } from './LineModel.js';
import { LineStats, STATE_BLOCKED, STATE_BUSY, STATE_DOWN, STATE_IDLE, STATE_SETUP, STATE_STARVED } from './LineStats.js';
import { RULE_FIFO } from './dispatchRules.js';
import { JobStore, RingQueue } from './JobStore.js';

// event kinds (priority in brackets: lower pops first at equal times)
export const EV_WARMUP = 0; // [0]
export const EV_END = 1; // [1] end of a setup or of processing
export const EV_REPAIR = 2; // [2]
export const EV_PM_END = 3; // [2]
export const EV_FAIL = 4; // [4]
export const EV_PM_DUE = 5; // [5]
export const EV_ARRIVAL = 6; // [6] Poisson arrival
export const EV_ORDER = 7; // [6] scheduled order
export const EV_REVIEW = 8; // [7] release review (agent control)
export const EV_HORIZON = 9; // [9]
export const PRIO = [0, 1, 2, 2, 4, 5, 6, 6, 7, 9];

// machine phases
export const PH_FREE = 0;
export const PH_SETUP = 1;
export const PH_BUSY = 2;
export const PH_BLOCKED = 3;
export const PH_PM = 4;

/**
 * Why `advance()` returned: the run ended, or a dispatch / release decision is pending.
 *
 * @example
 * ```ts
 * while (sim.advance() !== SIM_END) sim.dispatchRule(RULE_FIFO);
 * ```
 */
export const SIM_END = 0;
export const SIM_DISPATCH = 1;
export const SIM_RELEASE = 2;

/**
 * The state of a flow-line run (struct-of-arrays, allocated once per model) and the bookkeeping every
 * event family shares: machine-state time accounting and the end of the run. The events themselves are
 * layered on top by family: release (`LineRelease`), material flow (`LineFlow`), reliability
 * (`LineReliability`); `FlowLineSim` drives them.
 *
 * @example
 * ```ts
 * const sim = new FlowLineSim(model); // a FlowLineState
 * sim.stateOf(0); // STATE_STARVED before the first job
 * ```
 */
export class FlowLineState {
  readonly model: LineModel;
  readonly stats = new LineStats();
  readonly jobs = new JobStore(64);
  /** Input buffer per stage; index nStages is the pre-line backlog. */
  readonly buffers: RingQueue[];
  /** Machines blocked with a finished job waiting to enter stage s. */
  readonly blocked: RingQueue[];
  readonly queue = new EventQueue(64);
  now = 0;
  /** Jobs released into the line and not finished. */
  wip = 0;
  /** Ask the caller for dispatch decisions (else use `autoRule`). */
  agentDispatch = false;
  autoRule = RULE_FIFO;
  /** Cumulative counters since time 0 (not reset by warm-up), for rewards. */
  cumCompleted = 0;
  cumCycle = 0;
  cumTardiness = 0;
  cumWipArea = 0;
  /** Pending decision: SIM_DISPATCH (machine `decisionMachine`), SIM_RELEASE, or SIM_END for none. */
  pending = SIM_END;
  decisionMachine = -1;
  /** True once the horizon is reached or every order is done. */
  done = false;
  /** Called with (job serial, product, completion time) for every finished job, when set (tests, traces). */
  onJobDone: ((serial: number, product: number, time: number) => void) | null = null;
  readonly phase: Uint8Array;
  readonly down: Uint8Array;
  readonly pmPending: Uint8Array;
  readonly awaiting: Uint8Array;
  readonly machJob: Int32Array;
  readonly machLast: Int32Array;
  readonly machEnd: Float64Array;
  readonly machRemain: Float64Array;
  readonly machEpoch: Int32Array;
  readonly stateSince: Float64Array;
  /** Seconds per machine and state since the statistics start: `stateTime[m * 6 + state]`. */
  readonly stateTime: Float64Array;
  readonly machProcessed: Float64Array;
  readonly machNominal: Float64Array;
  // run state below is public for snapshots (flowLineSnapshot.ts); treat it as read-only
  /** Machines waiting for a dispatch decision, in order. */
  readonly decisions: RingQueue;
  /** The agent held the last release decision (no new one until something changes). */
  releaseHeld = false;
  /** Index of the next scheduled order. */
  nextOrder = 0;
  /** Random streams: arrivals, product mix, per-machine processing, per-machine failures. */
  arrivalRng: Rng | null = null;
  mixRng: Rng | null = null;
  procRng: Rng[] = [];
  failRng: Rng[] = [];

  constructor(model: LineModel) {
    this.model = model;
    const M = model.nMachines;
    const S = model.nStages;
    this.buffers = Array.from({ length: S + 1 }, () => new RingQueue(16));
    this.blocked = Array.from({ length: S }, () => new RingQueue(Math.max(4, M)));
    this.decisions = new RingQueue(Math.max(4, M));
    this.phase = new Uint8Array(M);
    this.down = new Uint8Array(M);
    this.pmPending = new Uint8Array(M);
    this.awaiting = new Uint8Array(M);
    this.machJob = new Int32Array(M);
    this.machLast = new Int32Array(M);
    this.machEnd = new Float64Array(M);
    this.machRemain = new Float64Array(M);
    this.machEpoch = new Int32Array(M);
    this.stateSince = new Float64Array(M);
    this.stateTime = new Float64Array(M * 6);
    this.machProcessed = new Float64Array(M);
    this.machNominal = new Float64Array(M);
  }

  /** Adds the time since the machine's last change to its current state's total. */
  protected account(m: number): void {
    const dt = this.now - (this.stateSince[m]);
    if (dt > 0) {
      const i = m * 6 + this.stateOf(m);
      this.stateTime[i] = (this.stateTime[i]) + dt;
    }
    this.stateSince[m] = this.now;
  }

  /** The displayed state of machine m (a STATE_* code). */
  stateOf(m: number): number {
    const ph = this.phase[m];
    if (this.down[m] || ph === PH_PM) return STATE_DOWN;
    if (ph === PH_BUSY) return STATE_BUSY;
    if (ph === PH_SETUP) return STATE_SETUP;
    if (ph === PH_BLOCKED) return STATE_BLOCKED;
    return this.awaiting[m] ? STATE_IDLE : STATE_STARVED;
  }

  protected finish(): void {
    const M = this.model.nMachines;
    for (let m = 0; m < M; m++) this.account(m);
    this.done = true;
    this.pending = SIM_END;
  }
}
