import { secureGapOf } from './cfModel.js';
import { FOE_SIBLING } from './compileLinks.js';
import type { EngineState } from './EngineState.js';
import { FL, foeGap, setFoeLane, strategicGap } from './foeLaneGap.js';
import { upstream, upstreamFollowers } from './upstreamFollowers.js';

/*
 * The follower an insertion must leave room for (SUMO's MSLane::getFollowersOnConsecutive as
 * MSLane::isInsertionSuccess calls it): among the vehicles behind the departure position on its lane,
 * or, when there is none, the first vehicle of every lane and internal lane upstream within the braking
 * distance of the fastest driver, and the junction foes of the internal lane the new vehicle's back
 * reaches into, the one that misses the largest part of its secure gap.
 */

/** The follower found by {@link insertionFollower} (`veh` -1: none) and the gap (m) from its front, less its minGap, to the inserted vehicle's back. */
export const follower = { veh: -1, gap: 0 };

let bestMissing = -Infinity;

/**
 * The junction foes {@link junctionFoes} found, as followers: `veh[i]` and the gap `gap[i]` from its front,
 * less its minimum gap, to the asking vehicle's back, for `i < count`, in the order SUMO reports them (reused
 * arrays, grown when full).
 */
export const junctionFoeList = { count: 0, veh: new Int32Array(16), gap: new Float64Array(16) };

function pushFoe(u: number, gap: number): void {
  const L = junctionFoeList;
  if (L.count === L.veh.length) {
    // rare: more foes than ever before; grown once, kept
    const veh = new Int32Array(2 * L.count);
    veh.set(L.veh);
    L.veh = veh;
    const g = new Float64Array(2 * L.count);
    g.set(L.gap);
    L.gap = g;
  }
  L.veh[L.count] = u;
  L.gap[L.count++] = gap;
}

function consider(e: EngineState, u: number, gap: number, egoDecel: number): void {
  const vs = e.veh;
  const ty = vs.type[u] ?? 0;
  // chosen with the inserted vehicle standing, as SUMO's follower search sees it before it has a speed
  const missing = secureGapOf(e, ty, vs.speed[u] ?? 0, 0, egoDecel) - gap;
  if (follower.veh < 0 || missing > bestMissing) {
    follower.veh = u;
    follower.gap = gap;
    bestMissing = missing;
  }
}

/**
 * The vehicle a driver inserted on `lane` with its back at `back` must keep its secure gap to (SUMO's
 * getFollowersOnConsecutive): among those on the lane behind it (`F` is the nearest, -1 for none), else
 * among the first vehicles of the lanes upstream (searched back through internal lanes and junctions as
 * far as the fastest driver needs to brake, from the lanes of the departure road outwards), the one that
 * misses most of its secure gap to a standing vehicle.
 *
 * @example
 * ```ts
 * const f = insertionFollower(state, lane, pos - length, -1, 4.5);
 * if (f.veh >= 0 && f.gap < neededGap) console.log('would be hit');
 * ```
 */
export function insertionFollower(e: EngineState, lane: number, back: number, F: number, egoDecel: number, egoType: number): typeof follower {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  follower.veh = -1;
  bestMissing = -Infinity;
  if (F >= 0) {
    for (let u = F; u >= 0; u = vs.behind[u] ?? -1) consider(e, u, back - (vs.pos[u] ?? 0) - (d.typeMinGap[vs.type[u] ?? 0] ?? 2.5), egoDecel);
    return follower;
  }
  const k = upstreamFollowers(e, lane, back, -1);
  for (let i = 0; i < k; i++) consider(e, upstream.veh[i] ?? 0, upstream.gap[i] ?? 0, egoDecel);
  if (back < 0) {
    const x0 = logicalPredecessor(e, lane);
    if (x0 >= 0) {
      for (let j = n.laneInStart[lane] ?? 0; j < (n.laneInStart[lane + 1] ?? 0); j++) {
        const x = n.laneIn[j] ?? 0;
        if (!sameInternalEdge(e, x, x0)) continue;
        junctionFoes(e, x, back, egoType);
        const L = junctionFoeList;
        for (let i = 0; i < L.count; i++) consider(e, L.veh[i] ?? 0, L.gap[i] ?? 0, egoDecel);
      }
    }
  }
  return follower;
}

/** Whether internal segments `a` and `b` lie on one SUMO internal edge (see `CompiledNetwork.segEdgeLanes`). */
function sameInternalEdge(e: EngineState, a: number, b: number): boolean {
  if (a === b) return true;
  const n = e.net;
  if (a < n.nLanes || b < n.nLanes || (n.segPiece[a] ?? 0) !== 0 || (n.segPiece[b] ?? 0) !== 0) return false;
  const ca = n.segConn[a] ?? 0;
  const cb = n.segConn[b] ?? 0;
  return n.connFromRoad[ca] === n.connFromRoad[cb] && n.connToRoad[ca] === n.connToRoad[cb];
}

/** Direction (rad) of segment `s` at its start. */
function startAngle(e: EngineState, s: number): number {
  const n = e.net;
  const k = n.segShapeStart[s] ?? 0;
  if ((n.segShapeStart[s + 1] ?? 0) - k < 2) return 0;
  return Math.atan2((n.shapeY[k + 1] ?? 0) - (n.shapeY[k] ?? 0), (n.shapeX[k + 1] ?? 0) - (n.shapeX[k] ?? 0));
}

/**
 * An internal segment of the internal edge SUMO takes as the logical predecessor of `lane`
 * (`MSLane::getLogicalPredecessorLane`: among the internal edges leading onto it, the first by
 * `by_connections_to_sorter`, fewest lanes, then the smallest angle to the lane's road), -1 for none.
 */
function logicalPredecessor(e: EngineState, lane: number): number {
  const n = e.net;
  const j0 = n.laneInStart[lane] ?? 0;
  const j1 = n.laneInStart[lane + 1] ?? 0;
  const dir = startAngle(e, n.roadLaneStart[n.laneRoad[lane] ?? 0] ?? lane);
  let best = -1;
  let bestScore = Infinity;
  for (let j = j0; j < j1; j++) {
    const x = n.laneIn[j] ?? 0;
    if (x < n.nLanes) continue;
    let diff = Math.abs(startAngle(e, x) - dir);
    if (diff > Math.PI) diff = 2 * Math.PI - diff;
    const score = (n.segEdgeLanes[x] ?? 1) + diff / Math.PI / 2;
    if (score < bestScore) {
      best = x;
      bestScore = score;
    }
  }
  return best;
}

/** Foe vehicle `u` as a follower of the asking vehicle, from the gap `MSLink::getLeaderInfo` reports for it. */
function foeFollower(e: EngineState, u: number, gap: number, egoMinGap: number): void {
  const d = e.net.demand;
  const ty = e.veh.type[u] ?? 0;
  // the foe takes the new vehicle (its front already beyond the junction) as its leader (MSVehicle::isLeader),
  // so the gap the link reports (as if the new vehicle followed) is turned around: from the foe's front to
  // the new vehicle's back, both measured to their conflict point, less the foe's minimum gap
  pushFoe(u, -gap - (d.typeLength[ty] ?? 5) - (d.typeMinGap[ty] ?? 2.5) - egoMinGap);
}

/**
 * SUMO's "junction foes that would interfere" in `MSLane::getFollowersOnConsecutive`, on insertion: the new
 * vehicle's back reaches (`back` < 0 on the lane) into internal segment `x`, and the link out of `x` reports
 * its foes (`MSLink::getLeaderInfo`, asked with the vehicle's back as its front, `foeLaneGap.ts`): vehicles
 * inside the junction on lanes that cross, merge with, or leave the same lane as `x` before their conflict
 * point; `ego` (a lane changer whose back is on one of those lanes) is skipped, as getLeaderInfo skips it.
 */
function junctionFoes(e: EngineState, x: number, back: number, egoType: number, lcLength = 0, ego = -1): void {
  junctionFoeList.count = 0;
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const k0 = n.segFoeStart[x - n.nLanes] ?? 0;
  const k1 = n.segFoeStart[x - n.nLanes + 1] ?? 0;
  const egoMinGap = d.typeMinGap[egoType] ?? 2.5;
  // from the back to the start of x (negative: the back is on x)
  const seenStart = -((n.segLength[x] ?? 0) + back);
  const cx = n.segConn[x] ?? 0;
  const egoSplit = (n.connSegCount[cx] ?? 1) >= 2;
  for (let k = k0; k < k1; k++) {
    const crossX = n.segFoeCross[k] ?? -1;
    if (crossX < 0) continue;
    const F = n.segFoeSeg[k] ?? 0;
    const crossF = n.segFoeFoeCross[k] ?? 0;
    if (((n.segFoeFlags[k] ?? 0) & FOE_SIBLING) !== 0) {
      // leaving the same lane: foes whose back has not passed the divergence point
      const distToDivergence = seenStart + crossX;
      if (distToDivergence + lcLength < 0) continue;
      for (let u = e.segHead[F] ?? -1; u >= 0; u = vs.behind[u] ?? -1) {
        const backDist = crossF - ((vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5));
        if (backDist > 0 && u !== ego) foeFollower(e, u, strategicGap(e, u, distToDivergence - egoMinGap - backDist), egoMinGap);
      }
      const p = e.partialOccupant(F);
      const backDist = crossF - ((n.segLength[F] ?? 0) - e.partialBack);
      if (p >= 0 && p !== ego && backDist > 0) foeFollower(e, p, strategicGap(e, p, distToDivergence - egoMinGap - backDist), egoMinGap);
      continue;
    }
    const partial = e.partialOccupant(F);
    const partialBack = (n.segLength[F] ?? 0) - e.partialBack;
    if ((e.segHead[F] ?? -1) < 0 && partial < 0) continue;
    // a foe on a continuation lane is reported with an infinitely negative gap: as a follower it never binds
    if (!setFoeLane(e, k, cx, egoSplit, seenStart, lcLength) || (FL.contLane && !FL.sameSource)) continue;
    // every vehicle on the foe lane, the one whose back is still on it included (SUMO's anyVehicles)
    for (let u = e.segHead[F] ?? -1; u >= 0; u = vs.behind[u] ?? -1) {
      if (u === ego) continue;
      const gap = foeGap(e, u, (vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5), true, egoMinGap);
      if (!Number.isNaN(gap)) foeFollower(e, u, gap, egoMinGap);
    }
    if (partial < 0 || partial === ego) continue;
    const gap = foeGap(e, partial, partialBack, false, egoMinGap);
    if (!Number.isNaN(gap)) foeFollower(e, partial, gap, egoMinGap);
  }
}

/**
 * SUMO's "junction foes that would interfere with lane changing" (`MSLane::getFollowersOnConsecutive` for
 * `MSLaneChanger::getRealFollower`): a driver whose back (`back` < 0 on the target lane) is still on the
 * internal edge it came through, which has internal segment `x` leading onto the target lane, takes the foes
 * that the link out of `x` reports (`MSLink::getLeaderInfo` asked with its back as its front, while lane
 * changing: a foe lane counts until it is a driver's length behind that back) as followers, each with the
 * gap from its front to the driver's back. The driver `v` itself is never its own foe (getLeaderInfo skips
 * the ego vehicle): its back may lie on a sibling of `x`, leaving the same lane. Written to {@link junctionFoeList}.
 */
export function laneChangeJunctionFoes(e: EngineState, v: number, x: number, back: number): void {
  const egoType = e.veh.type[v] ?? 0;
  junctionFoes(e, x, back, egoType, e.net.demand.typeLength[egoType] ?? 5, v);
}
