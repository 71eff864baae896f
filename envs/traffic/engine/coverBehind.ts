import type { EngineState } from './EngineState.js';
import { LS_M } from './linkStates.js';

/**
 * A vehicle placed with its back before the start of its lane (on a lane shorter than the vehicle) covers
 * the end of the lane's incoming internal lane, and of the lane before that if it reaches so far (SUMO's
 * further lanes at insertion, along the canonical predecessor: the first incoming internal lane with
 * priority): recorded as its partial occupant, as when a vehicle drives on.
 *
 * @example
 * ```ts
 * coverBehind(state, v, lane, 1.19); // a 5 m car at 1.19 m covers 3.81 m of the internal lane before
 * ```
 */
export function coverBehind(e: EngineState, v: number, lane: number, pos: number): void {
  const n = e.net;
  let rest = (n.demand.typeLength[e.veh.type[v] ?? 0] ?? 5) - pos;
  if (rest <= 0) return;
  let pred = -1;
  for (let k = n.laneInStart[lane] ?? 0; k < (n.laneInStart[lane + 1] ?? 0); k++) {
    const s = n.laneIn[k] ?? 0;
    if (pred < 0 || (e.linkState[n.segConn[s] ?? 0] === LS_M && e.linkState[n.segConn[pred] ?? 0] !== LS_M)) pred = s;
  }
  let ahead = pos;
  for (let s = pred; s >= 0 && rest > 0; ) {
    e.markLeft(s, v, ahead);
    const len = n.segLength[s] ?? 0;
    rest -= len;
    ahead += len;
    const c = n.segConn[s] ?? -1;
    if (c < 0) break;
    s = s > (n.connSegStart[c] ?? 0) ? s - 1 : (n.connFromLane[c] ?? -1);
    if (s >= 0 && s < n.nLanes) {
      e.markLeft(s, v, ahead);
      break;
    }
  }
}
