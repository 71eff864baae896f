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
  const gapT = e.opts.criticalGap;
  // arrival time at the stop line of each lane's front vehicle that could go now (not at red, room behind the junction)
  for (let l = 0; l < n.nLanes; l++) {
    const h = e.segHead[l] as number;
    if (h < 0) continue;
    const c = vs.conn[h] as number;
    if (c < 0 || e.connState[c] === SIG_RED) continue;
    const t = ((n.segLength[l] as number) - (vs.pos[h] as number)) / Math.max(vs.speed[h] as number, 1);
    // only arrivals within the critical gap matter to anyone
    if (t < gapT && t < (eta[c] as number) && hasRoom(e, h, c)) eta[c] = t;
  }
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
      // yellow dilemma: go if it cannot stop at comfortable deceleration; a vehicle already waiting at the
      // line for a gap ("sneaker") may still turn if the junction is clear
      if (v * v > 2 * (d.typeDecel[vs.type[h] as number] as number) * dist) {
        vs.mayEnter[h] = 1;
        continue;
      }
      if (!(v < HALTING_SPEED && dist < 1)) continue;
      myRank = 2;
    } else myRank = rank(e, c);
    const myEta = dist / Math.max(v, 1);
    if (!hasRoom(e, h, c)) continue;
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

/** Whether the lane behind the junction has room for `h` taking connection `c` (keep the junction clear). */
function hasRoom(e: TrafficEngine, h: number, c: number): boolean {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const tl = n.connToLane[c] as number;
  const ty = vs.type[h] as number;
  const need = (d.typeLength[ty] as number) + (d.typeMinGap[ty] as number);
  const t = e.segTail[tl] as number;
  const room = t < 0 ? (n.segLength[tl] as number) : (vs.pos[t] as number) - (d.typeLength[vs.type[t] as number] as number) + 3 * (vs.speed[t] as number);
  return room - (e.segCount[n.nLanes + c] as number) * need >= need;
}
