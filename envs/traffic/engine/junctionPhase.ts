import { HALTING_SPEED } from './EngineCounters.js';
import { SIG_PERMITTED, SIG_PROTECTED, SIG_RED, SIG_UNCONTROLLED, SIG_YELLOW } from './SignalController.js';
import type { TrafficEngine } from './TrafficEngine.js';

/** Yield rank of connection `c` in its current state (higher goes first). */
function rank(e: TrafficEngine, c: number): number {
  const st = e.connState[c];
  if (st === SIG_PROTECTED || st === SIG_YELLOW) return 3;
  if (st === SIG_PERMITTED) return 2;
  if (st === SIG_UNCONTROLLED) return 10 + (e.net.roadPriority[e.net.connFromRoad[c] as number] as number);
  return 0;
}

/**
 * Junction phase: each lane's front vehicle learns whether it may cross the stop line this step
 * (signal state, yellow dilemma, right turn on red, gap acceptance against conflicting movements,
 * occupied junction paths).
 *
 * @example
 * ```ts
 * decideJunctions(engine);
 * ```
 */
export function decideJunctions(e: TrafficEngine): void {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const eta = e.connEta;
  eta.fill(Infinity);
  for (let l = 0; l < n.nLanes; l++) {
    const h = e.segHead[l] as number;
    if (h < 0) continue;
    const c = vs.conn[h] as number;
    if (c < 0 || e.connState[c] === SIG_RED) continue;
    const t = ((n.segLength[l] as number) - (vs.pos[h] as number)) / Math.max(vs.speed[h] as number, 1);
    if (t < (eta[c] as number)) eta[c] = t;
  }
  const gapT = e.opts.criticalGap;
  const rtor = e.opts.rightTurnOnRed;
  for (let l = 0; l < n.nLanes; l++) {
    const h = e.segHead[l] as number;
    if (h < 0) continue;
    vs.mayEnter[h] = 0;
    const c = vs.conn[h] as number;
    if (c < 0) continue;
    const st = e.connState[c];
    const dist = (n.segLength[l] as number) - (vs.pos[h] as number);
    const v = vs.speed[h] as number;
    let myRank: number;
    if (st === SIG_RED) {
      if (!(rtor && n.connDir[c] === 2 && v < HALTING_SPEED && dist < 1)) continue;
      myRank = 0;
    } else if (st === SIG_YELLOW) {
      // yellow dilemma: stop if it can at comfortable deceleration, else go
      if (v * v <= 2 * (d.typeDecel[vs.type[h] as number] as number) * dist) continue;
      vs.mayEnter[h] = 1;
      continue;
    } else myRank = rank(e, c);
    const myEta = dist / Math.max(v, 1);
    let open = true;
    for (let k = n.foeStart[c] as number; k < (n.foeStart[c + 1] as number); k++) {
      const f = n.foes[k] as number;
      if ((e.segCount[n.nLanes + f] as number) > 0) {
        open = false;
        break;
      }
      if (st === SIG_PROTECTED) continue;
      const ef = eta[f] as number;
      if (ef === Infinity || ef >= gapT) continue;
      const fr = rank(e, f);
      if (fr > myRank || (fr === myRank && (ef < myEta || (ef === myEta && f < c)))) {
        open = false;
        break;
      }
    }
    if (open) vs.mayEnter[h] = 1;
  }
}
