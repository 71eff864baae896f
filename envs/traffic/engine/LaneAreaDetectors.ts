import type { CompiledDelayBased } from './compileDelayBased.js';
import type { EngineState } from './EngineState.js';

/**
 * SUMO's `MSDelayBasedTrafficLightLogic::trySwitch` for a green step `act` seconds in: how much longer to
 * keep it before the next check (0: end it now). At least to its minDur; then, up to its maxDur, the
 * proposed prolongation; with nobody waiting at red, one more second at a time whatever its maxDur.
 *
 * @example
 * ```ts
 * keepGreenFor(12, 5, 50, 3.2, false); // 3.2
 * ```
 */
export function keepGreenFor(act: number, minDur: number, maxDur: number, prolong: number, othersEmpty: boolean): number {
  const next = Math.max(0, prolong, minDur - act);
  const out = othersEmpty ? Math.max(next, 1) : Math.min(next, Math.max(0, maxDur - act));
  return out > 1e-9 ? out : 0;
}

/**
 * The lane-area detectors of SUMO's delay_based programs at run time (SUMO's `MSE2Collector` as
 * `MSDelayBasedTrafficLightLogic` reads it): which vehicles are on a detector, how much time each has
 * lost since it came on, and how far its front is from the stop line.
 *
 * @example
 * ```ts
 * const areas = new LaneAreaDetectors(compileDelayBased(spec, net, raw.stepStart));
 * areas.settle(state); // once per step, before the signals decide
 * ```
 */
export class LaneAreaDetectors {
  /** Set by `propose`: whether no vehicle was on a detector of a lane that is not green. */
  othersEmpty = true;

  constructor(readonly db: CompiledDelayBased) {}

  get n(): number {
    return this.db.nDetectors;
  }

  /** Whether detector `d` covers the front of a vehicle at `pos` on segment `seg`. */
  private contains(d: number, seg: number, pos: number): boolean {
    const db = this.db;
    for (let k = db.pieceStart[d] ?? 0; k < (db.pieceStart[d + 1] ?? 0); k++) if (db.pieceSeg[k] === seg && pos >= (db.pieceFrom[k] ?? 0)) return true;
    return false;
  }

  /**
   * Notes, for each vehicle that came onto a detector, its time loss then (a detector counts the time
   * lost since the vehicle entered it). A vehicle stays with the detector it entered while it is on it.
   */
  settle(e: EngineState): void {
    const db = this.db;
    const vs = e.veh;
    for (let d = 0; d < db.nDetectors; d++) {
      for (let k = db.pieceStart[d] ?? 0; k < (db.pieceStart[d + 1] ?? 0); k++) {
        const seg = db.pieceSeg[k] ?? 0;
        const from = db.pieceFrom[k] ?? 0;
        for (let v = e.segHead[seg] ?? -1; v >= 0; v = vs.behind[v] ?? -1) {
          const pos = vs.pos[v] ?? 0;
          if (pos < from) break;
          const m = vs.detMark[v] ?? -1;
          if (m === d || (m >= 0 && this.contains(m, seg, pos))) continue;
          vs.detMark[v] = d;
          vs.detLoss0[v] = vs.timeLoss[v] ?? 0;
        }
      }
    }
  }

  /**
   * SUMO's `proposeProlongation` for step `p` of signal `s`, `act` seconds into it: the longest time a
   * vehicle on a green lane's detector that lost more than the threshold needs to reach the stop line at
   * the lane's speed limit, if it can make it before `maxDur`; 0 at once when the step has run its
   * maxDur and a vehicle waits on another lane. Sets `othersEmpty`.
   */
  propose(e: EngineState, s: number, p: number, act: number, maxDur: number): number {
    const db = this.db;
    const vs = e.veh;
    const thr = db.minTimeLoss[s] ?? 1;
    this.othersEmpty = true;
    for (let j = db.stepOtherStart[p] ?? 0; j < (db.stepOtherStart[p + 1] ?? 0); j++) {
      if (this.occupied(e, db.stepOther[j] ?? 0)) {
        this.othersEmpty = false;
        if (act >= maxDur - 1e-9) return 0;
        break;
      }
    }
    let prolong = 0;
    for (let j = db.stepGreenStart[p] ?? 0; j < (db.stepGreenStart[p + 1] ?? 0); j++) {
      const d = db.stepGreen[j] ?? 0;
      const speed = db.detSpeed[d] ?? 13.89;
      for (let k = db.pieceStart[d] ?? 0; k < (db.pieceStart[d + 1] ?? 0); k++) {
        const seg = db.pieceSeg[k] ?? 0;
        const from = db.pieceFrom[k] ?? 0;
        const len = e.net.segLength[seg] ?? 0;
        for (let v = e.segHead[seg] ?? -1; v >= 0; v = vs.behind[v] ?? -1) {
          const pos = vs.pos[v] ?? 0;
          if (pos < from) break;
          const dist = len - pos + (db.pieceAfter[k] ?? 0);
          const lost = (vs.timeLoss[v] ?? 0) - (vs.detMark[v] === d ? (vs.detLoss0[v] ?? 0) : (vs.timeLoss[v] ?? 0));
          if (lost <= thr || dist <= 0) continue;
          // SUMO keeps whole milliseconds
          const t = Math.round((dist / speed) * 1000) / 1000;
          if (act + t <= maxDur + 1e-9 && t > prolong) prolong = t;
        }
      }
    }
    return prolong;
  }

  /** Whether a vehicle's front is on detector `d` (a segment's first vehicle is its front-most). */
  private occupied(e: EngineState, d: number): boolean {
    const db = this.db;
    for (let k = db.pieceStart[d] ?? 0; k < (db.pieceStart[d + 1] ?? 0); k++) {
      const v = e.segHead[db.pieceSeg[k] ?? 0] ?? -1;
      if (v >= 0 && (e.veh.pos[v] ?? 0) >= (db.pieceFrom[k] ?? 0)) return true;
    }
    return false;
  }
}
