import { brakeGap } from './carFollowing.js';
import { connTo, continuation } from './bestLanes.js';
import type { EngineState } from './EngineState.js';
import type { Neighbour } from './laneChangeContext.js';
import { lcSecureGap } from './laneChangeContext.js';
import { havePriority, LS_M, LS_R } from './linkStates.js';

/** How many roads beyond the current one the leader search follows. */
const MAX_HOPS = 3;

/**
 * The leader of vehicle `v` on `lane` of its road (SUMO `MSLaneChanger::getRealLeader`): `L`, the
 * vehicle last passed over on that lane in the lane changer's sweep, if any; else a vehicle whose back
 * still covers the lane's end; else, within the braking distance, the last vehicle on the lanes its
 * best continuation from `lane` leads over (stopping at a red light). Written to `out`.
 *
 * @example
 * ```ts
 * realLeader(state, v, lane, prevOnLane, ctx.neighLead);
 * ```
 */
export function realLeader(e: EngineState, v: number, lane: number, L: number, out: Neighbour): Neighbour {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  const ty = vs.type[v] ?? 0;
  const minGap = d.typeMinGap[ty] ?? 2.5;
  const p = vs.pos[v] ?? 0;
  if (L >= 0) return out.set(L, (vs.pos[L] ?? 0) - (d.typeLength[vs.type[L] ?? 0] ?? 5) - p - minGap);
  const u = e.partialOccupant(lane);
  if (u >= 0 && u !== v) return out.set(u, (n.segLength[lane] ?? 0) - e.partialBack - p - minGap);
  let seen = (n.segLength[lane] ?? 0) - p;
  const dist = brakeGap(vs.speed[v] ?? 0, d.typeDecel[ty] ?? 4.5, e.dt, d.typeTau[ty] ?? 1) + minGap;
  if (seen > dist) return out.set(-1, -1);
  const k = n.laneIndex[lane] ?? 0;
  let from = lane;
  for (let hop = 0; hop < MAX_HOPS && seen <= dist; hop++) {
    const to = continuation(e, v, k, hop);
    const c = to < 0 ? -1 : connTo(e, from, to);
    if (c < 0 || e.linkState[c] === LS_R) break;
    const s0 = n.connSegStart[c] ?? 0;
    for (let s = s0; s < s0 + (n.connSegCount[c] ?? 1); s++) {
      const t = e.segTail[s] ?? -1;
      if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
      seen += n.segLength[s] ?? 0;
    }
    const t = e.segTail[to] ?? -1;
    if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
    seen += n.segLength[to] ?? 0;
    from = to;
  }
  return out.set(-1, -1);
}

/** Breadth-first queue of `realFollower`'s search upstream: segment, distance from its start to the lane, link minor. */
let qSeg = new Int32Array(64);
let qLen = new Float64Array(64);
let qMinor = new Uint8Array(64);
/** `visited[s] === visitStamp`: segment `s` was queued in the current search. */
let visited = new Int32Array(0);
let visitStamp = 0;

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
}

/** SUMO `MSLane::getMaximumBrakeDist`: how far the fastest driver seen stops from the segment's limit at the weakest deceleration. */
function maximumBrakeDist(e: EngineState, s: number, maxSpeedFactor: number, minDecel: number): number {
  const v = (e.net.segSpeed[s] ?? 13.89) * maxSpeedFactor;
  return Math.min(1000, (v * v * 0.5) / minDecel);
}

/**
 * The follower of vehicle `v` on `lane` of its road (SUMO `MSLaneChanger::getRealFollower`): `F`, the
 * next vehicle the sweep will visit on that lane, if any; else SUMO's `MSLane::getFollowersOnConsecutive`:
 * a search upstream over every lane leading onto `lane` (internal lanes and the roads before them, whatever
 * their vehicles' routes) as far as the fastest driver seen so far needs to stop from those lanes' limits at
 * the weakest deceleration seen (`maxSpeedFactor`, `minDecel`), taking the front vehicle of each and keeping
 * the one that misses the most of its secure gap to `v`; a vehicle still before a link without priority
 * does not count as overlapping (its gap is at least 0). The gap is from its front to `v`'s back, less its
 * minimum gap. Written to `out`.
 *
 * @example
 * ```ts
 * realFollower(state, v, lane, nextOnLane, 1.2, 4.5, ctx.neighFollow);
 * ```
 */
export function realFollower(e: EngineState, v: number, lane: number, F: number, maxSpeedFactor: number, minDecel: number, out: Neighbour): Neighbour {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  const back = (vs.pos[v] ?? 0) - (d.typeLength[vs.type[v] ?? 0] ?? 5);
  if (F >= 0) return out.set(F, back - (vs.pos[F] ?? 0) - (d.typeMinGap[vs.type[F] ?? 0] ?? 2.5));
  const nSegs = n.segLength.length;
  if (visited.length < nSegs) visited = new Int32Array(nSegs);
  if (++visitStamp > 2_000_000_000) {
    visited.fill(0);
    visitStamp = 1;
  }
  const r = n.laneRoad[lane] ?? 0;
  const l0 = n.roadLaneStart[r] ?? 0;
  for (let k = 0; k < (n.roadLaneCount[r] ?? 1); k++) visited[l0 + k] = visitStamp;
  const spV = vs.speed[v] ?? 0;
  const decV = d.typeDecel[vs.type[v] ?? 0] ?? 4.5;
  let searchDist = maximumBrakeDist(e, lane, maxSpeedFactor, minDecel) - back;
  let best = -1;
  let bestGap = 0;
  let bestMissing = -Infinity;
  let qn = 0;
  for (let j = n.laneInStart[lane] ?? 0; j < (n.laneInStart[lane + 1] ?? 0); j++) {
    if (qn >= qSeg.length) grow();
    const s = n.laneIn[j] ?? 0;
    qSeg[qn] = s;
    qLen[qn] = n.segLength[s] ?? 0;
    qMinor[qn] = 0;
    qn++;
  }
  for (let qi = 0; qi < qn; qi++) {
    const s = qSeg[qi] ?? 0;
    const len = qLen[qi] ?? 0;
    searchDist = Math.max(searchDist, maximumBrakeDist(e, s, maxSpeedFactor, minDecel) - back);
    const u = e.segHead[s] ?? -1;
    if (u >= 0 && u !== v) {
      let gap = len - (vs.pos[u] ?? 0) + back - (d.typeMinGap[vs.type[u] ?? 0] ?? 2.5);
      // a vehicle before a link without priority does not overlap (SUMO: unless `v`'s back still reaches
      // back onto that vehicle's road, which tsgym does not track)
      if (qMinor[qi] === 1) gap = Math.max(gap, 0);
      const missing = lcSecureGap(e, u, vs.speed[u] ?? 0, spV, decV) - gap;
      if (missing > bestMissing) {
        best = u;
        bestGap = gap;
        bestMissing = missing;
      }
    }
    if (len >= searchDist) continue;
    if (s < n.nLanes) {
      for (let j = n.laneInStart[s] ?? 0; j < (n.laneInStart[s + 1] ?? 0); j++) {
        const t = n.laneIn[j] ?? 0;
        if (visited[t] === visitStamp) continue;
        visited[t] = visitStamp;
        if (qn >= qSeg.length) grow();
        qSeg[qn] = t;
        qLen[qn] = len + (n.segLength[t] ?? 0);
        qMinor[qn] = 0;
        qn++;
      }
    } else {
      const c = n.segConn[s] ?? -1;
      if (c < 0) continue;
      const t = s > (n.connSegStart[c] ?? 0) ? s - 1 : (n.connFromLane[c] ?? -1);
      if (t < 0 || visited[t] === visitStamp) continue;
      visited[t] = visitStamp;
      if (qn >= qSeg.length) grow();
      qSeg[qn] = t;
      qLen[qn] = len + (n.segLength[t] ?? 0);
      qMinor[qn] = t < n.nLanes && !havePriority(e.linkState[c] ?? LS_M) ? 1 : 0;
      qn++;
    }
  }
  return best >= 0 ? out.set(best, bestGap) : out.set(-1, -1);
}
