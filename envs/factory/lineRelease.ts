import type { Rng } from '../../src/rng/Rng.js';
import { EV_ARRIVAL, EV_ORDER, FlowLineState, PRIO, SIM_END, SIM_RELEASE } from './flowLineState.js';
import { CONTROL_AGENT, CONTROL_CONWIP, CONTROL_IMMEDIATE } from './LineModel.js';

/**
 * Release events of the flow line: Poisson arrivals, scheduled orders, and the backlog that the release
 * control (immediate, CONWIP or the agent) lets into the line. Entering a stage is the flow family's
 * (`LineFlow`).
 *
 * @example
 * ```ts
 * sim.pumpBacklog(); // after anything that may let a job in
 * ```
 */
export abstract class LineRelease extends FlowLineState {
  /** Whether a job could enter stage s now (a free machine or buffer room). */
  protected abstract canEnter(s: number): boolean;
  /** Puts job j on a free machine of stage s, else in its buffer. */
  protected abstract enterStage(j: number, s: number): void;

  protected drawProduct(): number {
    const cdf = this.model.mixCdf;
    if (cdf.length === 1) return 0;
    const u = (this.mixRng as Rng).random();
    let p = 0;
    while (p < cdf.length - 1 && u >= (cdf[p])) p++;
    return p;
  }

  /** Creates a job that arrives now and hands it to the release control. */
  protected newJob(p: number, due: number): void {
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

  protected onArrival(): void {
    const md = this.model;
    this.newJob(this.drawProduct(), NaN);
    const next = this.now + (this.arrivalRng as Rng).exponential(1 / md.rate);
    if (next < md.horizon) this.queue.push(next, PRIO[EV_ARRIVAL], EV_ARRIVAL, 0, 0);
    this.releaseHeld = false;
    this.pumpBacklog();
  }

  protected onOrder(i: number): void {
    const md = this.model;
    const qty = md.orderQty[i];
    for (let k = 0; k < qty; k++) this.newJob(md.orderProduct[i], md.orderDue[i]);
    this.nextOrder = i + 1;
    if (i + 1 < md.orderTime.length) this.queue.push(md.orderTime[i + 1], PRIO[EV_ORDER], EV_ORDER, i + 1, 0);
    this.releaseHeld = false;
    this.pumpBacklog();
  }

  /** Releases backlog jobs into the line as the release control allows. */
  protected pumpBacklog(): void {
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

  protected releaseHead(): void {
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
}
