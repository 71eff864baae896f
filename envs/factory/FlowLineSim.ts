import type { Rng } from '../../src/rng/Rng.js';
import { sampleDist } from './distribution.js';
import {
  EV_ARRIVAL,
  EV_END,
  EV_FAIL,
  EV_HORIZON,
  EV_ORDER,
  EV_PM_DUE,
  EV_PM_END,
  EV_REPAIR,
  EV_REVIEW,
  EV_WARMUP,
  PH_FREE,
  PRIO,
  SIM_DISPATCH,
  SIM_END,
  SIM_RELEASE,
} from './flowLineState.js';
import { CONTROL_AGENT, RELEASE_ORDERS, RELEASE_POISSON } from './LineModel.js';
import { LineReliability } from './lineReliability.js';
import { STATE_BLOCKED, STATE_BUSY, STATE_DOWN, STATE_IDLE, STATE_SETUP, STATE_STARVED } from './LineStats.js';
import { restoreLine, snapshotLine, type FlowLineSnapshot } from './flowLineSnapshot.js';

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
export class FlowLineSim extends LineReliability {
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

  protected resolve(m: number, k: number): void {
    this.pending = SIM_END;
    this.awaiting[m] = 0;
    this.account(m);
    this.takeFromBuffer(m, k);
  }

  /** Pops the decision queue until a machine really needs a choice (stale entries resolve themselves). */
  protected nextDecision(): boolean {
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

  protected resetStats(): void {
    const M = this.model.nMachines;
    for (let m = 0; m < M; m++) this.account(m);
    this.stateTime.fill(0);
    this.machProcessed.fill(0);
    this.machNominal.fill(0);
    this.stats.reset(this.now);
  }
}

export { SIM_END, SIM_DISPATCH, SIM_RELEASE, STATE_IDLE, STATE_BUSY, STATE_SETUP, STATE_BLOCKED, STATE_STARVED, STATE_DOWN };
export type { FlowLineSnapshot };
