import type { JobShopInstance } from './JobShopInstance.js';

/**
 * How a dispatched operation is placed and which jobs may be dispatched:
 * - `append`: any job with operations left; its next operation starts when both the job and its
 *   machine are free, after the machine's last operation (semi-active).
 * - `left-shift`: any job with operations left (L2D's action space); its next operation goes into the
 *   earliest idle gap of its machine that starts after the job is ready and is long enough, else after
 *   the machine's last operation (L2D's permissible left shift).
 * - `active`: Giffler-Thompson: only jobs in the conflict set (on the machine of the operation that can
 *   finish first, able to start before that finish); builds active schedules.
 * - `non-delay`: only jobs whose next operation can start at the earliest possible start time, on the
 *   machine of the lowest-indexed such job; builds non-delay schedules.
 *
 * @example
 * ```ts
 * const sim = new JobShopSim(inst, 'non-delay');
 * ```
 */
export type DispatchScheme = 'append' | 'left-shift' | 'active' | 'non-delay';

/** The dispatch schemes, for validation and help. */
export const DISPATCH_SCHEMES: readonly DispatchScheme[] = ['append', 'left-shift', 'active', 'non-delay'];

/** One scheduled operation of the final schedule. */
export interface ScheduledOp {
  readonly job: number;
  readonly op: number;
  readonly machine: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The job-shop scheduling state, free of any RL concern: which operation each job does next, ready
 * times, work left, the start of every scheduled operation and each machine's sequence. `dispatch(job)`
 * schedules the job's next operation under the scheme; `mask` holds the jobs the scheme allows next and
 * `now` the earliest start among the next operations (the decision time). Struct-of-arrays, preallocated,
 * no allocation per dispatch.
 *
 * @example
 * ```ts
 * const sim = new JobShopSim(parseJobShop(INSTANCE_TEXTS.ft06, 'ft06'), 'append');
 * while (!sim.done) sim.dispatch(sim.mask.indexOf(1));
 * sim.makespan(); // a feasible makespan >= 55
 * ```
 */
export class JobShopSim {
  readonly nJobs: number;
  readonly nMachines: number;
  /** Next operation index of each job (`nMachines` when done). */
  readonly nextOp: Int32Array;
  /** End of each job's last scheduled operation. */
  readonly jobReady: Float64Array;
  /** End of each machine's last operation. */
  readonly machReady: Float64Array;
  /** Processing time of each job's unscheduled operations. */
  readonly jobWorkLeft: Float64Array;
  /** Processing time of each job's scheduled operations. */
  readonly jobWorkDone: Float64Array;
  /** Processing time of each machine's unscheduled operations. */
  readonly machWorkLeft: Float64Array;
  /** Unscheduled operations of each machine. */
  readonly machOpsLeft: Int32Array;
  /** Start time of each operation (`[job * nMachines + op]`), -1 until scheduled. */
  readonly start: Float64Array;
  /** Each machine's operations in start order: `machSeq[m * nJobs + k]`, `machCount[m]` of them. */
  readonly machSeq: Int32Array;
  readonly machCount: Int32Array;
  /** 1 for the jobs the scheme allows next. */
  readonly mask: Int8Array;
  /** Operations scheduled so far. */
  scheduled = 0;
  /** Earliest start among the jobs' next operations (when the next decision happens). */
  now = 0;

  constructor(readonly instance: JobShopInstance, readonly scheme: DispatchScheme = 'append') {
    const J = instance.nJobs;
    const M = instance.nMachines;
    this.nJobs = J;
    this.nMachines = M;
    this.nextOp = new Int32Array(J);
    this.jobReady = new Float64Array(J);
    this.machReady = new Float64Array(M);
    this.jobWorkLeft = new Float64Array(J);
    this.jobWorkDone = new Float64Array(J);
    this.machWorkLeft = new Float64Array(M);
    this.machOpsLeft = new Int32Array(M);
    this.start = new Float64Array(J * M);
    this.machSeq = new Int32Array(J * M);
    this.machCount = new Int32Array(M);
    this.mask = new Int8Array(J);
    this.reset();
  }

  /** Whether every operation is scheduled. */
  get done(): boolean {
    return this.scheduled === this.nJobs * this.nMachines;
  }

  /** Back to the empty schedule. */
  reset(): void {
    const { instance: inst, nJobs: J, nMachines: M } = this;
    this.nextOp.fill(0);
    this.jobReady.fill(0);
    this.machReady.fill(0);
    this.jobWorkDone.fill(0);
    this.machWorkLeft.fill(0);
    this.machOpsLeft.fill(J);
    this.start.fill(-1);
    this.machCount.fill(0);
    for (let j = 0; j < J; j++) {
      let w = 0;
      for (let k = 0; k < M; k++) {
        const i = j * M + k;
        const t = inst.time[i];
        w += t;
        const mc = inst.machine[i];
        this.machWorkLeft[mc] = this.machWorkLeft[mc] + t;
      }
      this.jobWorkLeft[j] = w;
    }
    this.scheduled = 0;
    this.updateMask();
  }

  /** Earliest start of job `j`'s next operation when appended to its machine (Infinity when done). */
  earliestStart(j: number): number {
    const k = this.nextOp[j];
    const M = this.nMachines;
    if (k >= M) return Infinity;
    const mc = this.instance.machine[j * M + k];
    return Math.max(this.jobReady[j], this.machReady[mc]);
  }

  /**
   * Schedules job `j`'s next operation under the scheme and returns its start. The caller checks that
   * `mask[j]` is set (the env refuses other jobs).
   */
  dispatch(j: number): number {
    const { instance: inst, nMachines: M } = this;
    const k = this.nextOp[j];
    const i = j * M + k;
    const mc = inst.machine[i];
    const t = inst.time[i];
    const s = this.scheme === 'left-shift' ? this.insertLeftShifted(i, j, mc, t) : this.append(i, j, mc);
    this.start[i] = s;
    this.jobReady[j] = s + t;
    if (s + t > this.machReady[mc]) this.machReady[mc] = s + t;
    this.jobWorkLeft[j] = this.jobWorkLeft[j] - t;
    this.jobWorkDone[j] = this.jobWorkDone[j] + t;
    this.machWorkLeft[mc] = this.machWorkLeft[mc] - t;
    this.machOpsLeft[mc] = this.machOpsLeft[mc] - 1;
    this.nextOp[j] = k + 1;
    this.scheduled++;
    this.updateMask();
    return s;
  }

  /** Makespan of the partial schedule (latest job end). */
  makespan(): number {
    let ms = 0;
    for (const r of this.jobReady) if (r > ms) ms = r;
    return ms;
  }

  /** Lower bound of the final makespan: max over jobs (ready + work left) and machines (ready + work left). */
  bound(): number {
    let lb = 0;
    for (let j = 0; j < this.nJobs; j++) {
      const v = this.jobReady[j] + this.jobWorkLeft[j];
      if (v > lb) lb = v;
    }
    for (let m = 0; m < this.nMachines; m++) {
      const v = this.machReady[m] + this.machWorkLeft[m];
      if (v > lb) lb = v;
    }
    return lb;
  }

  /** The scheduled operations so far, by job then operation. */
  schedule(): ScheduledOp[] {
    const { instance: inst, nMachines: M } = this;
    const out: ScheduledOp[] = [];
    for (let j = 0; j < this.nJobs; j++) {
      for (let k = 0; k < this.nextOp[j]; k++) {
        const i = j * M + k;
        const s = this.start[i];
        out.push({ job: j, op: k, machine: inst.machine[i], start: s, end: s + inst.time[i] });
      }
    }
    return out;
  }

  /**
   * Giffler-Thompson conflict set: jobs whose next operation runs on the machine of the operation that
   * can finish first (lowest job index on ties) and could start before that finish. Writes 1/0 per job
   * into `out` and returns how many are set.
   */
  conflictSet(out: Int8Array): number {
    const { instance: inst, nJobs: J, nMachines: M } = this;
    let bestEnd = Infinity;
    let bestMach = -1;
    for (let j = 0; j < J; j++) {
      const s = this.earliestStart(j);
      if (s === Infinity) continue;
      const i = j * M + this.nextOp[j];
      const end = s + inst.time[i];
      if (end < bestEnd) {
        bestEnd = end;
        bestMach = inst.machine[i];
      }
    }
    out.fill(0);
    let n = 0;
    for (let j = 0; j < J; j++) {
      const s = this.earliestStart(j);
      if (s === Infinity || inst.machine[j * M + this.nextOp[j]] !== bestMach) continue;
      if (s < bestEnd) {
        out[j] = 1;
        n++;
      }
    }
    return n;
  }

  /**
   * Non-delay set: jobs whose next operation can start at the earliest possible start time, on the
   * machine of the lowest-indexed such job. Writes 1/0 per job into `out`, returns how many are set.
   */
  nonDelaySet(out: Int8Array): number {
    const { instance: inst, nJobs: J, nMachines: M } = this;
    let t = Infinity;
    let mach = -1;
    for (let j = 0; j < J; j++) {
      const s = this.earliestStart(j);
      if (s < t) {
        t = s;
        mach = inst.machine[j * M + this.nextOp[j]];
      }
    }
    out.fill(0);
    let n = 0;
    for (let j = 0; j < J; j++) {
      if (this.earliestStart(j) === t && inst.machine[j * M + this.nextOp[j]] === mach) {
        out[j] = 1;
        n++;
      }
    }
    return n;
  }

  /** Recomputes `mask` and `now` for the scheme. */
  updateMask(): void {
    let t = Infinity;
    for (let j = 0; j < this.nJobs; j++) {
      const s = this.earliestStart(j);
      if (s < t) t = s;
    }
    this.now = t === Infinity ? this.makespan() : t;
    if (this.scheme === 'active') this.conflictSet(this.mask);
    else if (this.scheme === 'non-delay') this.nonDelaySet(this.mask);
    else for (let j = 0; j < this.nJobs; j++) this.mask[j] = this.nextOp[j] < this.nMachines ? 1 : 0;
  }

  /** Appends operation `i` of job `j` after machine `mc`'s last operation; returns its start. */
  private append(i: number, j: number, mc: number): number {
    const c = this.machCount[mc];
    this.machSeq[mc * this.nJobs + c] = i;
    this.machCount[mc] = c + 1;
    return Math.max(this.jobReady[j], this.machReady[mc]);
  }

  /** L2D's permissible left shift: the earliest gap after the job is ready that fits `t`, else appended. */
  private insertLeftShifted(i: number, j: number, mc: number, t: number): number {
    const { instance: inst, nJobs: J } = this;
    const jr = this.jobReady[j];
    const c = this.machCount[mc];
    const base = mc * J;
    let prevEnd = 0;
    for (let pos = 0; pos < c; pos++) {
      const q = this.machSeq[base + pos];
      const qs = this.start[q];
      const est = Math.max(jr, prevEnd);
      if (qs > jr && est + t <= qs) {
        for (let r = c; r > pos; r--) this.machSeq[base + r] = this.machSeq[base + r - 1];
        this.machSeq[base + pos] = i;
        this.machCount[mc] = c + 1;
        return est;
      }
      prevEnd = qs + inst.time[q];
    }
    return this.append(i, j, mc);
  }
}
