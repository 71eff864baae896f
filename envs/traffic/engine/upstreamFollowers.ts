import type { EngineState } from './EngineState.js';
import { havePriority, LS_M } from './linkStates.js';

/**
 * SUMO's `MSLane::getFollowersOnConsecutive`, shared by the insertion checks and the lane changer: a
 * breadth-first search upstream of `lane` over every segment leading onto it (its internal lanes, then the
 * lanes before them, and so on), as far as the fastest driver so far needs to stop at the weakest
 * deceleration so far (SUMO's `getMaximumBrakeDist` with `MSVehicleControl`'s running extremes, kept in
 * `e.counters`). The front vehicle of each segment reached is a candidate, with the gap from its front to a
 * back at `back` on `lane` (less its minimum gap) and whether it stands before a link without priority.
 * Candidates are written to `upstream` (allocation-free: the arrays are reused and grown as needed).
 */

/** The candidates of the last {@link upstreamFollowers} call: `veh[i]`, `gap[i]`, `minor[i]` for `i < count`. */
export const upstream = { count: 0, veh: new Int32Array(64), gap: new Float64Array(64), minor: new Uint8Array(64) };

let qSeg = new Int32Array(64);
let qLen = new Float64Array(64);
let qMinor = new Uint8Array(64);
let visited = new Int32Array(0);
let visitStamp = 0;
let qn = 0;

function grow(): void {
  const m = qSeg.length * 2;
  const s = new Int32Array(m);
  s.set(qSeg);
  qSeg = s;
  const l = new Float64Array(m);
  l.set(qLen);
  qLen = l;
  const k = new Uint8Array(m);
  k.set(qMinor);
  qMinor = k;
  const v = new Int32Array(m);
  v.set(upstream.veh);
  upstream.veh = v;
  const g = new Float64Array(m);
  g.set(upstream.gap);
  upstream.gap = g;
  const mi = new Uint8Array(m);
  mi.set(upstream.minor);
  upstream.minor = mi;
}

function push(s: number, len: number, minor: number): void {
  if (visited[s] === visitStamp) return;
  visited[s] = visitStamp;
  if (qn >= qSeg.length) grow();
  qSeg[qn] = s;
  qLen[qn] = len;
  qMinor[qn] = minor;
  qn++;
}

/** How far the fastest driver so far stops from segment `s`'s speed limit (SUMO `MSLane::getMaximumBrakeDist`). */
function maximumBrakeDist(e: EngineState, s: number): number {
  const v = (e.net.segSpeed[s] ?? 13.89) * e.counters.maxSpeedFactor;
  return Math.min(1000, (v * v * 0.5) / e.counters.minDecel);
}

/**
 * Collects the upstream candidates for a vehicle whose back is at `back` on `lane` (see the module
 * comment), skipping vehicle `skip`; returns their number.
 *
 * @example
 * ```ts
 * const k = upstreamFollowers(state, lane, pos - length, -1);
 * for (let i = 0; i < k; i++) console.log(upstream.veh[i], upstream.gap[i]);
 * ```
 */
export function upstreamFollowers(e: EngineState, lane: number, back: number, skip: number): number {
  const n = e.net;
  const vs = e.veh;
  const minGap = n.demand.typeMinGap;
  if (visited.length < n.nSegs) visited = new Int32Array(n.nSegs);
  if (++visitStamp > 2_000_000_000) {
    visited.fill(0);
    visitStamp = 1;
  }
  let searchDist = maximumBrakeDist(e, lane) - back;
  qn = 0;
  if (lane < n.nLanes) {
    const r = n.laneRoad[lane] ?? 0;
    const l0 = n.roadLaneStart[r] ?? 0;
    for (let k = 0; k < (n.roadLaneCount[r] ?? 1); k++) visited[l0 + k] = visitStamp;
    for (let j = n.laneInStart[lane] ?? 0; j < (n.laneInStart[lane + 1] ?? 0); j++) {
      const s = n.laneIn[j] ?? 0;
      push(s, n.segLength[s] ?? 0, 0);
    }
  } else {
    // an internal lane (a lane change inside a junction): the lane before it on its connection
    visited[lane] = visitStamp;
    const c = n.segConn[lane] ?? 0;
    const t = lane > (n.connSegStart[c] ?? 0) ? lane - 1 : (n.connFromLane[c] ?? 0);
    push(t, n.segLength[t] ?? 0, t < n.nLanes && !havePriority(e.linkState[c] ?? LS_M) ? 1 : 0);
  }
  let count = 0;
  for (let qi = 0; qi < qn; qi++) {
    const s = qSeg[qi] ?? 0;
    const len = qLen[qi] ?? 0;
    searchDist = Math.max(searchDist, maximumBrakeDist(e, s) - back);
    const u = e.segHead[s] ?? -1;
    if (u >= 0 && u !== skip) {
      upstream.veh[count] = u;
      upstream.gap[count] = len - (vs.pos[u] ?? 0) + back - (minGap[vs.type[u] ?? 0] ?? 2.5);
      upstream.minor[count] = qMinor[qi] ?? 0;
      count++;
    }
    if (len >= searchDist) continue;
    if (s < n.nLanes) {
      for (let j = n.laneInStart[s] ?? 0; j < (n.laneInStart[s + 1] ?? 0); j++) {
        const t = n.laneIn[j] ?? 0;
        push(t, len + (n.segLength[t] ?? 0), 0);
      }
    } else {
      const c = n.segConn[s] ?? -1;
      if (c < 0) continue;
      const t = s > (n.connSegStart[c] ?? 0) ? s - 1 : (n.connFromLane[c] ?? -1);
      if (t < 0) continue;
      push(t, len + (n.segLength[t] ?? 0), t < n.nLanes && !havePriority(e.linkState[c] ?? LS_M) ? 1 : 0);
    }
  }
  upstream.count = count;
  return count;
}
