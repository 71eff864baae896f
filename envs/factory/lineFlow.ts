import { sampleDist, DIST_EXPONENTIAL } from './distribution.js';
import { EV_END, EV_PM_END, PH_BLOCKED, PH_BUSY, PH_FREE, PH_PM, PH_SETUP, PRIO } from './flowLineState.js';
import { LineRelease } from './lineRelease.js';
import { pickByRule, RULE_FIFO } from './dispatchRules.js';
import { RELEASE_CONWIP, RELEASE_ORDERS } from './LineModel.js';

/**
 * Material-flow events of the flow line: jobs entering stages, setups and processing on machines,
 * blocking-after-service when the next buffer is full, completion, and dispatching a free machine
 * (by `autoRule`, or by queueing a decision for the agent).
 *
 * @example
 * ```ts
 * sim.tryStart(m); // machine m just became free
 * ```
 */
export abstract class LineFlow extends LineRelease {
  /** Buffer position the rule would pick for machine m among the first `limit` jobs (ties: earliest in buffer). */
  pickByRule(m: number, rule: number, limit = Infinity): number {
    return pickByRule(this, m, rule, limit);
  }

  /** Whether a job could enter stage s now (a free machine or buffer room). */
  protected canEnter(s: number): boolean {
    const md = this.model;
    if ((this.buffers[s]).length < (md.bufCap[s])) return true;
    return this.freeMachine(s) >= 0;
  }

  protected freeMachine(s: number): number {
    const md = this.model;
    const end = md.stageMachStart[s + 1];
    for (let m = md.stageMachStart[s]; m < end; m++) {
      if (this.phase[m] === PH_FREE && !this.down[m] && !this.awaiting[m]) return m;
    }
    return -1;
  }

  /** Puts job j on a free machine of stage s, else in its buffer (the caller checked `canEnter`). */
  protected enterStage(j: number, s: number): void {
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
  protected takeFromBuffer(m: number, k: number): void {
    const s = this.model.machStage[m];
    const j = (this.buffers[s]).removeAt(k);
    this.startJob(m, j);
    this.onSpaceFreed(s);
  }

  protected startJob(m: number, j: number): void {
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

  protected startProcessing(m: number): void {
    const md = this.model;
    const i = (md.machStage[m]) * md.nProducts + (this.jobs.product[this.machJob[m]]);
    this.phase[m] = PH_BUSY;
    const code = md.procCode[i];
    const rng = this.procRng[m];
    // exponential inline (the common case in queueing models), else the general sampler
    this.schedule(m, code === DIST_EXPONENTIAL ? -(md.procA[i]) * Math.log(1 - rng.random()) : sampleDist(rng, code, md.procA[i], md.procB[i], md.procC[i]));
  }

  protected schedule(m: number, dur: number): void {
    const t = this.now + dur;
    this.machEnd[m] = t;
    this.queue.push(t, PRIO[EV_END], EV_END, m, this.machEpoch[m]);
  }

  protected onEnd(m: number): void {
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
  protected moveOn(m: number): void {
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

  protected complete(j: number): void {
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
  protected tryStart(m: number): void {
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
  protected onSpaceFreed(s: number): void {
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

  protected unblock(bm: number, s: number): void {
    const j = this.machJob[bm];
    this.account(bm);
    this.jobs.step[j] = (this.jobs.step[j]) + 1;
    this.machJob[bm] = -1;
    this.phase[bm] = PH_FREE;
    this.enterStage(j, s);
    this.tryStart(bm);
  }
}
