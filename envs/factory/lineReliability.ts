import { sampleDist } from './distribution.js';
import { EV_FAIL, EV_PM_DUE, EV_REPAIR, PH_BLOCKED, PH_BUSY, PH_FREE, PH_PM, PH_SETUP, PRIO } from './flowLineState.js';
import { LineFlow } from './lineFlow.js';

/**
 * Reliability events of the flow line: random failures and repairs (a failure interrupts setup or
 * processing, which resumes with its remaining time after the repair) and preventive maintenance, due
 * at fixed intervals and started when the machine is next free.
 *
 * @example
 * ```ts
 * sim.onFail(m); // machine m breaks down now
 * ```
 */
export abstract class LineReliability extends LineFlow {
  protected onFail(m: number): void {
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

  protected onRepair(m: number): void {
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

  protected onPmDue(m: number): void {
    this.pmPending[m] = 1;
    if (this.phase[m] === PH_FREE && !this.down[m] && !this.awaiting[m]) this.tryStart(m);
  }

  protected onPmEnd(m: number): void {
    const md = this.model;
    this.account(m);
    this.phase[m] = PH_FREE;
    this.queue.push(this.now + (md.pmInterval[md.machStage[m]]), PRIO[EV_PM_DUE], EV_PM_DUE, m, 0);
    this.tryStart(m);
  }
}
