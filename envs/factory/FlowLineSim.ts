import type { Rng } from '../../src/rng/Rng.js';
import { DIST_EXPONENTIAL, sampleDist } from './distribution.js';
import { EventQueue } from './EventQueue.js';
import { CONTROL_AGENT, CONTROL_CONWIP, CONTROL_IMMEDIATE, RELEASE_CONWIP, RELEASE_ORDERS, RELEASE_POISSON, type LineModel } from './LineModel.js';
import { LineStats, STATE_BLOCKED, STATE_BUSY, STATE_DOWN, STATE_IDLE, STATE_SETUP, STATE_STARVED } from './LineStats.js';
import { pickByRule, RULE_FIFO } from './dispatchRules.js';
import { JobStore, RingQueue } from './JobStore.js';
import { restoreLine, snapshotLine, type FlowLineSnapshot } from './flowLineSnapshot.js';

// event kinds (priority in brackets: lower pops first at equal times)
const EV_WARMUP = 0; // [0]
const EV_END = 1; // [1] end of a setup or of processing
const EV_REPAIR = 2; // [2]
const EV_PM_END = 3; // [2]
const EV_FAIL = 4; // [4]
const EV_PM_DUE = 5; // [5]
const EV_ARRIVAL = 6; // [6] Poisson arrival
const EV_ORDER = 7; // [6] scheduled order
const EV_REVIEW = 8; // [7] release review (agent control)
const EV_HORIZON = 9; // [9]
const PRIO = [0, 1, 2, 2, 4, 5, 6, 6, 7, 9];

// machine phases
const PH_FREE = 0;
const PH_SETUP = 1;
const PH_BUSY = 2;
const PH_BLOCKED = 3;
const PH_PM = 4;

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
 * The discrete-event flow-line simulator: stages of parallel machines, finite buffers with
 * blocking-after-service, setups, failures, preventive maintenance and Poisson / order / CONWIP release.
 * All hot state is struct-of-arrays; an event allocates nothing. With `agentDispatch` off, machines
 * pick jobs by `autoRule`; with it on, `advance()` stops whenever a machine frees with two or more jobs
 * waiting (and, under agent release control, at release decisions).
 *
 * @example
 * ```ts
 * const sim = new FlowLineSim(LineModel.fromConfig(cfg));
 * sim.reset(new Rng(1));
 * sim.advance();                  // runs to the horizon (agentDispatch is off)
 * sim.stats.sumCycle / sim.stats.completed;
 * ```
 */
export class FlowLineSim {
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

  /**
   * Starts a new run. `rng` is split into independent streams: arrivals, product mix, then one
   * processing and one failure stream per machine, so changing one source leaves the others.
   */
  reset(rng: Rng): void {
    const md = this.model;
    const M = md.nMachines;
    const streams = rng.spawn(2 + 2 * M);
    this.arrivalRng = streams[0];
    this.mixRng = streams[1];
    this.procRng = streams.slice(2, 2 + M);
    this.failRng = streams.slice(2 + M);
    this.queue.clear();
    this.jobs.clear();
    for (const b of this.buffers) b.clear();
    for (const b of this.blocked) b.clear();
    this.decisions.clear();
    this.now = 0;
    this.wip = 0;
    this.cumCompleted = 0;
    this.cumCycle = 0;
    this.cumTardiness = 0;
    this.cumWipArea = 0;
    this.pending = SIM_END;
    this.decisionMachine = -1;
    this.done = false;
    this.releaseHeld = false;
    this.nextOrder = 0;
    this.phase.fill(PH_FREE);
    this.down.fill(0);
    this.pmPending.fill(0);
    this.awaiting.fill(0);
    this.machJob.fill(-1);
    this.machLast.fill(-1);
    this.machEpoch.fill(0);
    this.stateSince.fill(0);
    this.stateTime.fill(0);
    this.machProcessed.fill(0);
    this.machNominal.fill(0);
    this.stats.reset(0);
    const q = this.queue;
    q.push(md.horizon, PRIO[EV_HORIZON], EV_HORIZON, 0, 0);
    if (md.warmup > 0) q.push(md.warmup, 0, EV_WARMUP, 0, 0);
    for (let m = 0; m < M; m++) {
      const s = md.machStage[m];
      const f = md.failTbf[s];
      if (f) q.push(sampleDist(this.failRng[m], f.code, f.a, f.b, f.c), PRIO[EV_FAIL], EV_FAIL, m, 0);
      const pm = md.pmInterval[s];
      if (pm > 0) q.push(pm, PRIO[EV_PM_DUE], EV_PM_DUE, m, 0);
    }
    if (md.releaseKind === RELEASE_POISSON) q.push(this.arrivalRng.exponential(1 / md.rate), PRIO[EV_ARRIVAL], EV_ARRIVAL, 0, 0);
    else if (md.releaseKind === RELEASE_ORDERS) q.push(md.orderTime[0], PRIO[EV_ORDER], EV_ORDER, 0, 0);
    else for (let i = 0; i < md.wipCap; i++) this.newJob(this.drawProduct(), NaN);
    if (md.control === CONTROL_AGENT) q.push(md.reviewInterval, PRIO[EV_REVIEW], EV_REVIEW, 0, 0);
    this.pumpBacklog();
  }

  /**
   * Runs events until a decision is needed (returns SIM_DISPATCH / SIM_RELEASE) or the run ends (SIM_END).
   * Call again after resolving the decision with `dispatch*` or `release`.
   */
  advance(): number {
    if (this.pending !== SIM_END) return this.pending;
    if (this.nextDecision()) return this.pending;
    const q = this.queue;
    while (!this.done && q.pop()) {
      const t = q.time;
      const target = q.target;
      if (t !== this.now) {
        const dt = t - this.now;
        this.stats.wipArea += this.wip * dt;
        this.cumWipArea += this.wip * dt;
        this.now = t;
      }
      switch (q.kind) {
        case EV_END:
          if (q.stamp === this.machEpoch[target]) this.onEnd(target);
          break;
        case EV_ARRIVAL:
          this.onArrival();
          break;
        case EV_FAIL:
          this.onFail(target);
          break;
        case EV_REPAIR:
          this.onRepair(target);
          break;
        case EV_PM_DUE:
          this.onPmDue(target);
          break;
        case EV_PM_END:
          this.onPmEnd(target);
          break;
        case EV_ORDER:
          this.onOrder(target);
          break;
        case EV_REVIEW:
          this.releaseHeld = false;
          this.pumpBacklog();
          q.push(t + this.model.reviewInterval, PRIO[EV_REVIEW], EV_REVIEW, 0, 0);
          break;
        case EV_WARMUP:
          this.resetStats();
          break;
        case EV_HORIZON:
          this.finish();
          break;
      }
      if (this.pending !== SIM_END || this.nextDecision()) return this.pending;
    }
    if (!this.done) this.finish();
    return SIM_END;
  }

  /** Number of jobs waiting in stage s's buffer. */
  queueLength(s: number): number {
    return (this.buffers[s]).length;
  }

  /** Resolves the pending dispatch decision with a rule index (see DISPATCH_RULES). */
  dispatchRule(rule: number): void {
    const m = this.decisionMachine;
    this.resolve(m, this.pickByRule(m, rule));
  }

  /** Resolves the pending dispatch decision with the k-th job of the buffer (0 = first in). */
  dispatchIndex(k: number): void {
    this.resolve(this.decisionMachine, k);
  }

  /** Resolves a release decision: release the backlog's first job into the line, or hold. */
  release(go: boolean): void {
    this.pending = SIM_END;
    if (go) this.releaseHead();
    else this.releaseHeld = true;
    this.pumpBacklog();
  }

  /** Buffer position the rule would pick for machine m among the first `limit` jobs (ties: earliest in buffer). */
  pickByRule(m: number, rule: number, limit = Infinity): number {
    return pickByRule(this, m, rule, limit);
  }

  /**
   * A structured-cloneable copy of the whole run state (clock, machines, jobs, buffers, events, counters
   * and random streams): `restore` it into a simulator of the same model to continue exactly from here.
   */
  snapshot(): FlowLineSnapshot {
    return snapshotLine(this);
  }

  /** Continues from a `snapshot()` taken on a simulator of the same model. */
  restore(s: FlowLineSnapshot): void {
    restoreLine(this, s);
  }

  // ---- internals -------------------------------------------------------------------------------------

  private resolve(m: number, k: number): void {
    this.pending = SIM_END;
    this.awaiting[m] = 0;
    this.account(m);
    this.takeFromBuffer(m, k);
  }

  /** Pops the decision queue until a machine really needs a choice (stale entries resolve themselves). */
  private nextDecision(): boolean {
    const dq = this.decisions;
    while (dq.length > 0) {
      const m = dq.shift();
      if (!this.awaiting[m]) continue;
      const n = this.queueLength(this.model.machStage[m]);
      if (n >= 2) {
        this.pending = SIM_DISPATCH;
        this.decisionMachine = m;
        return true;
      }
      this.awaiting[m] = 0;
      this.account(m);
      if (n === 1) this.takeFromBuffer(m, 0);
      else this.tryStart(m);
    }
    return this.pending !== SIM_END;
  }

  /** Adds the time since the machine's last change to its current state's total. */
  private account(m: number): void {
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

  private drawProduct(): number {
    const cdf = this.model.mixCdf;
    if (cdf.length === 1) return 0;
    const u = (this.mixRng as Rng).random();
    let p = 0;
    while (p < cdf.length - 1 && u >= (cdf[p])) p++;
    return p;
  }

  /** Creates a job that arrives now and hands it to the release control. */
  private newJob(p: number, due: number): void {
    const md = this.model;
    const j = this.jobs.alloc();
    this.jobs.product[j] = p;
    this.jobs.step[j] = 0;
    this.jobs.arrive[j] = this.now;
    this.jobs.due[j] = due === due ? due : this.now + (md.dueFactor[p]) * md.nominalWork(p);
    const backlog = this.buffers[md.nStages];
    // fast path: nothing queued before it and the control lets it in now
    if (backlog.length === 0 && (md.control === CONTROL_IMMEDIATE || (md.control === CONTROL_CONWIP && this.wip < md.wipCap))) {
      const first = md.route[p * md.nStages];
      if (this.canEnter(first)) {
        this.jobs.release[j] = this.now;
        this.wip++;
        this.enterStage(j, first);
        return;
      }
    }
    backlog.push(j);
  }

  private onArrival(): void {
    const md = this.model;
    this.newJob(this.drawProduct(), NaN);
    const next = this.now + (this.arrivalRng as Rng).exponential(1 / md.rate);
    if (next < md.horizon) this.queue.push(next, PRIO[EV_ARRIVAL], EV_ARRIVAL, 0, 0);
    this.releaseHeld = false;
    this.pumpBacklog();
  }

  private onOrder(i: number): void {
    const md = this.model;
    const qty = md.orderQty[i];
    for (let k = 0; k < qty; k++) this.newJob(md.orderProduct[i], md.orderDue[i]);
    this.nextOrder = i + 1;
    if (i + 1 < md.orderTime.length) this.queue.push(md.orderTime[i + 1], PRIO[EV_ORDER], EV_ORDER, i + 1, 0);
    this.releaseHeld = false;
    this.pumpBacklog();
  }

  /** Releases backlog jobs into the line as the release control allows. */
  private pumpBacklog(): void {
    const md = this.model;
    const backlog = this.buffers[md.nStages];
    while (backlog.length > 0) {
      const j = backlog.peek();
      const first = md.route[(this.jobs.product[j]) * md.nStages];
      if (!this.canEnter(first)) return;
      if (md.control === CONTROL_CONWIP && this.wip >= md.wipCap) return;
      if (md.control === CONTROL_AGENT) {
        if (!this.releaseHeld && this.pending === SIM_END) this.pending = SIM_RELEASE;
        return;
      }
      this.releaseHead();
    }
  }

  private releaseHead(): void {
    const md = this.model;
    const backlog = this.buffers[md.nStages];
    if (backlog.length === 0) return;
    const j = backlog.peek();
    const first = md.route[(this.jobs.product[j]) * md.nStages];
    if (!this.canEnter(first)) return;
    backlog.shift();
    this.jobs.release[j] = this.now;
    this.wip++;
    this.enterStage(j, first);
  }

  /** Whether a job could enter stage s now (a free machine or buffer room). */
  private canEnter(s: number): boolean {
    const md = this.model;
    if ((this.buffers[s]).length < (md.bufCap[s])) return true;
    return this.freeMachine(s) >= 0;
  }

  private freeMachine(s: number): number {
    const md = this.model;
    const end = md.stageMachStart[s + 1];
    for (let m = md.stageMachStart[s]; m < end; m++) {
      if (this.phase[m] === PH_FREE && !this.down[m] && !this.awaiting[m]) return m;
    }
    return -1;
  }

  /** Puts job j on a free machine of stage s, else in its buffer (the caller checked `canEnter`). */
  private enterStage(j: number, s: number): void {
    const buf = this.buffers[s];
    if (buf.length === 0) {
      const m = this.freeMachine(s);
      if (m >= 0) {
        this.account(m);
        this.startJob(m, j);
        return;
      }
    }
    this.jobs.enter[j] = this.now;
    buf.push(j);
  }

  /** Machine m takes the k-th job of its buffer, then room is offered upstream. */
  private takeFromBuffer(m: number, k: number): void {
    const s = this.model.machStage[m];
    const j = (this.buffers[s]).removeAt(k);
    this.startJob(m, j);
    this.onSpaceFreed(s);
  }

  private startJob(m: number, j: number): void {
    const md = this.model;
    const s = md.machStage[m];
    const p = this.jobs.product[j];
    this.machJob[m] = j;
    const last = this.machLast[m];
    this.machLast[m] = p;
    const P = md.nProducts;
    if (md.hasSetup[s] && last >= 0) {
      const st = md.setup[(s * P + last) * P + p];
      if (st > 0) {
        this.phase[m] = PH_SETUP;
        this.schedule(m, st);
        return;
      }
    }
    this.startProcessing(m);
  }

  private startProcessing(m: number): void {
    const md = this.model;
    const i = (md.machStage[m]) * md.nProducts + (this.jobs.product[this.machJob[m]]);
    this.phase[m] = PH_BUSY;
    const code = md.procCode[i];
    const rng = this.procRng[m];
    // exponential inline (the common case in queueing models), else the general sampler
    this.schedule(m, code === DIST_EXPONENTIAL ? -(md.procA[i]) * Math.log(1 - rng.random()) : sampleDist(rng, code, md.procA[i], md.procB[i], md.procC[i]));
  }

  private schedule(m: number, dur: number): void {
    const t = this.now + dur;
    this.machEnd[m] = t;
    this.queue.push(t, PRIO[EV_END], EV_END, m, this.machEpoch[m]);
  }

  private onEnd(m: number): void {
    this.account(m);
    if (this.phase[m] === PH_SETUP) {
      this.startProcessing(m);
      return;
    }
    const md = this.model;
    const j = this.machJob[m];
    this.machProcessed[m] = (this.machProcessed[m]) + 1;
    const i = (md.machStage[m]) * md.nProducts + (this.jobs.product[j]);
    this.machNominal[m] = (this.machNominal[m]) + (md.procMean[i]);
    this.moveOn(m);
  }

  /** The finished job on machine m goes to its next stage, leaves the line, or blocks the machine. */
  private moveOn(m: number): void {
    const md = this.model;
    const j = this.machJob[m];
    const p = this.jobs.product[j];
    const step = (this.jobs.step[j]) + 1;
    if (step >= (md.routeLen[p])) {
      this.complete(j);
    } else {
      const ns = md.route[p * md.nStages + step];
      if (!this.canEnter(ns)) {
        this.phase[m] = PH_BLOCKED;
        (this.blocked[ns]).push(m);
        return;
      }
      this.jobs.step[j] = step;
      this.enterStage(j, ns);
    }
    this.machJob[m] = -1;
    this.phase[m] = PH_FREE;
    this.tryStart(m);
  }

  private complete(j: number): void {
    const jobs = this.jobs;
    const cycle = this.now - (jobs.release[j]);
    const tard = this.now - (jobs.due[j]);
    this.wip--;
    this.cumCompleted++;
    this.cumCycle += cycle;
    if (tard > 0) this.cumTardiness += tard;
    this.stats.recordJob(cycle, tard);
    if (this.onJobDone !== null) this.onJobDone(jobs.serial[j], jobs.product[j], this.now);
    jobs.free(j);
    const md = this.model;
    if (md.releaseKind === RELEASE_CONWIP) this.newJob(this.drawProduct(), NaN);
    this.releaseHeld = false;
    this.pumpBacklog();
    if (md.releaseKind === RELEASE_ORDERS && this.nextOrder >= md.orderTime.length && this.wip === 0 && (this.buffers[md.nStages]).length === 0) {
      this.finish();
    }
  }

  /** Machine m is free: start maintenance, ask for a decision, or take the next job. */
  private tryStart(m: number): void {
    if (this.down[m]) return;
    if (this.pmPending[m]) {
      this.pmPending[m] = 0;
      this.account(m);
      this.phase[m] = PH_PM;
      const md = this.model;
      this.queue.push(this.now + (md.pmDuration[md.machStage[m]]), PRIO[EV_PM_END], EV_PM_END, m, 0);
      return;
    }
    const s = this.model.machStage[m];
    const n = (this.buffers[s]).length;
    if (n === 0) {
      this.onSpaceFreed(s);
      return;
    }
    this.account(m);
    if (n >= 2 && this.agentDispatch) {
      this.awaiting[m] = 1;
      this.decisions.push(m);
      return;
    }
    this.takeFromBuffer(m, n === 1 || this.autoRule === RULE_FIFO ? 0 : this.pickByRule(m, this.autoRule));
  }

  /** Room appeared at stage s: admit blocked upstream jobs (first blocked first), then the backlog. */
  private onSpaceFreed(s: number): void {
    const bl = this.blocked[s];
    while (bl.length > 0 && this.canEnter(s)) {
      let k = 0;
      while (k < bl.length && this.down[bl.at(k)]) k++;
      if (k >= bl.length) break;
      const bm = bl.removeAt(k);
      this.unblock(bm, s);
    }
    this.pumpBacklog();
  }

  private unblock(bm: number, s: number): void {
    const j = this.machJob[bm];
    this.account(bm);
    this.jobs.step[j] = (this.jobs.step[j]) + 1;
    this.machJob[bm] = -1;
    this.phase[bm] = PH_FREE;
    this.enterStage(j, s);
    this.tryStart(bm);
  }

  private onFail(m: number): void {
    const md = this.model;
    const s = md.machStage[m];
    if (this.phase[m] === PH_PM) {
      // no failure during maintenance: draw the next one
      const f = md.failTbf[s];
      if (f) this.queue.push(this.now + sampleDist(this.failRng[m], f.code, f.a, f.b, f.c), PRIO[EV_FAIL], EV_FAIL, m, 0);
      return;
    }
    this.account(m);
    this.down[m] = 1;
    const ph = this.phase[m];
    if (ph === PH_BUSY || ph === PH_SETUP) {
      this.machRemain[m] = (this.machEnd[m]) - this.now;
      this.machEpoch[m] = (this.machEpoch[m]) + 1; // cancels the pending end event
    }
    const r = md.failRepair[s];
    const dur = r ? sampleDist(this.failRng[m], r.code, r.a, r.b, r.c) : 0;
    this.queue.push(this.now + dur, PRIO[EV_REPAIR], EV_REPAIR, m, 0);
  }

  private onRepair(m: number): void {
    const md = this.model;
    const s = md.machStage[m];
    this.account(m);
    this.down[m] = 0;
    const f = md.failTbf[s];
    if (f) this.queue.push(this.now + sampleDist(this.failRng[m], f.code, f.a, f.b, f.c), PRIO[EV_FAIL], EV_FAIL, m, 0);
    const ph = this.phase[m];
    if (ph === PH_BUSY || ph === PH_SETUP) {
      this.schedule(m, this.machRemain[m]);
    } else if (ph === PH_BLOCKED) {
      const j = this.machJob[m];
      const ns = md.route[(this.jobs.product[j]) * md.nStages + (this.jobs.step[j]) + 1];
      if (this.canEnter(ns)) {
        const bl = this.blocked[ns];
        for (let k = 0; k < bl.length; k++) {
          if (bl.at(k) === m) {
            bl.removeAt(k);
            break;
          }
        }
        this.unblock(m, ns);
      }
    } else {
      this.tryStart(m);
    }
  }

  private onPmDue(m: number): void {
    this.pmPending[m] = 1;
    if (this.phase[m] === PH_FREE && !this.down[m] && !this.awaiting[m]) this.tryStart(m);
  }

  private onPmEnd(m: number): void {
    const md = this.model;
    this.account(m);
    this.phase[m] = PH_FREE;
    this.queue.push(this.now + (md.pmInterval[md.machStage[m]]), PRIO[EV_PM_DUE], EV_PM_DUE, m, 0);
    this.tryStart(m);
  }

  private resetStats(): void {
    const M = this.model.nMachines;
    for (let m = 0; m < M; m++) this.account(m);
    this.stateTime.fill(0);
    this.machProcessed.fill(0);
    this.machNominal.fill(0);
    this.stats.reset(this.now);
  }

  private finish(): void {
    const M = this.model.nMachines;
    for (let m = 0; m < M; m++) this.account(m);
    this.done = true;
    this.pending = SIM_END;
  }
}

export { STATE_IDLE, STATE_BUSY, STATE_SETUP, STATE_BLOCKED, STATE_STARVED, STATE_DOWN };
export type { FlowLineSnapshot };

