import { INSERT_SCHEDULED, type CompiledDemand } from './compileDemand.js';

/**
 * Lookup tables that let `spawn` touch only the flows due in a step: rate flows (Poisson or uniform)
 * sorted by begin time, and every scheduled departure sorted by the time it becomes due (the later of
 * its time and its flow's begin). A CityFlow dataset compiles to hundreds of scheduled flows with a
 * few departures each, so scanning every flow every step cost as much as moving the vehicles.
 *
 * @example
 * ```ts
 * const ix = new SpawnIndex(compileNetwork(spec).demand);
 * ix.schedOrder[0]; // the first scheduled departure (an index into demand.schedT)
 * ```
 */
export class SpawnIndex {
  /** Rate flows sorted by begin time (ties by index). */
  readonly rateOrder: Int32Array;
  /** Scheduled departures (indices into `schedT`) sorted by `schedDue` (ties by index). */
  readonly schedOrder: Int32Array;
  /** Time from which scheduled departure `p` is due: max(schedT[p], begin of its flow). */
  readonly schedDue: Float64Array;
  /** Flow of scheduled departure `p`. */
  readonly schedFlow: Int32Array;

  constructor(d: CompiledDemand) {
    const nSched = d.schedStart[d.nFlows];
    this.schedFlow = new Int32Array(nSched);
    this.schedDue = new Float64Array(nSched);
    const rate: number[] = [];
    const sched: number[] = [];
    for (let f = 0; f < d.nFlows; f++) {
      if (d.flowMode[f] !== INSERT_SCHEDULED) {
        rate.push(f);
        continue;
      }
      for (let p = d.schedStart[f]; p < d.schedStart[f + 1]; p++) {
        this.schedFlow[p] = f;
        this.schedDue[p] = Math.max(d.schedT[p], d.flowBegin[f]);
        sched.push(p);
      }
    }
    const begin = d.flowBegin;
    this.rateOrder = Int32Array.from(rate.sort((a, b) => begin[a] - begin[b] || a - b));
    const due = this.schedDue;
    this.schedOrder = Int32Array.from(sched.sort((a, b) => due[a] - due[b] || a - b));
  }

  /** Number of scheduled departures due before `time` (where `spawn` resumes after a restore). */
  dueBefore(time: number): number {
    let lo = 0;
    let hi = this.schedOrder.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.schedDue[this.schedOrder[mid]] < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
