import { POSITION_EPS, secureGap } from './carFollowing.js';
import { FOE_CONT, FOE_SAME_SOURCE, FOE_SAME_TARGET, FOE_SIBLING } from './compileLinks.js';
import type { EngineState } from './EngineState.js';
import { isStrategicBlocked } from './laneChangeModel.js';
import { LS_g, LS_G } from './linkStates.js';
import { upstream, upstreamFollowers } from './upstreamFollowers.js';
import { MAX_ITEMS } from './VehicleStore.js';

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

function consider(e: EngineState, u: number, gap: number, egoDecel: number): void {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[u] ?? 0;
  // chosen with the inserted vehicle standing, as SUMO's follower search sees it before it has a speed
  const missing = secureGap(vs.speed[u] ?? 0, 0, d.typeDecel[ty] ?? 4.5, egoDecel, d.typeTau[ty] ?? 1, e.dt) - gap;
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
        if (sameInternalEdge(e, x, x0)) junctionFoes(e, x, back, egoType, egoDecel);
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

/** Foe vehicle `u` as a follower of the new vehicle, from the gap `MSLink::getLeaderInfo` reports for it. */
function foeFollower(e: EngineState, u: number, linkGap: number, egoMinGap: number, egoDecel: number): void {
  const d = e.net.demand;
  const ty = e.veh.type[u] ?? 0;
  // a foe trying to change lanes is reported at gap -1 (SUMO 1.15 getLeaderInfo, as in linkLeaders.ts)
  const gap = linkGap < 2 * (d.typeLength[ty] ?? 5) && isStrategicBlocked(e.veh, u) ? -1 : linkGap;
  // the foe takes the new vehicle (its front already beyond the junction) as its leader (MSVehicle::isLeader),
  // so the gap the link reports (as if the new vehicle followed) is turned around: from the foe's front to
  // the new vehicle's back, both measured to their conflict point, less the foe's minimum gap
  consider(e, u, -gap - (d.typeLength[ty] ?? 5) - (d.typeMinGap[ty] ?? 2.5) - egoMinGap, egoDecel);
}

/**
 * SUMO's "junction foes that would interfere" in `MSLane::getFollowersOnConsecutive`, on insertion: the new
 * vehicle's back reaches (`back` < 0 on the lane) into internal segment `x`, and the link out of `x` reports
 * its foes (`MSLink::getLeaderInfo`, asked with the vehicle's back as its front): vehicles inside the
 * junction on lanes that cross, merge with, or leave the same lane as `x` before their conflict point.
 * The same rules as the link leaders of a driving vehicle (`linkLeaders.ts`).
 */
function junctionFoes(e: EngineState, x: number, back: number, egoType: number, egoDecel: number): void {
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
    const flags = n.segFoeFlags[k] ?? 0;
    const crossF = n.segFoeFoeCross[k] ?? 0;
    if ((flags & FOE_SIBLING) !== 0) {
      // leaving the same lane: foes whose back has not passed the divergence point
      const distToDivergence = seenStart + crossX;
      if (distToDivergence < 0) continue;
      for (let u = e.segHead[F] ?? -1; u >= 0; u = vs.behind[u] ?? -1) {
        const backDist = crossF - ((vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5));
        if (backDist > 0) foeFollower(e, u, distToDivergence - egoMinGap - backDist, egoMinGap, egoDecel);
      }
      const p = e.partialOccupant(F);
      const backDist = crossF - ((n.segLength[F] ?? 0) - e.partialBack);
      if (p >= 0 && backDist > 0) foeFollower(e, p, distToDivergence - egoMinGap - backDist, egoMinGap, egoDecel);
      continue;
    }
    const partial = e.partialOccupant(F);
    const partialBack = (n.segLength[F] ?? 0) - e.partialBack;
    if ((e.segHead[F] ?? -1) < 0 && partial < 0) continue;
    const w = n.segFoeHalfWidth[k] ?? 1.6;
    const sameTarget = (flags & FOE_SAME_TARGET) !== 0;
    const sameSource = (flags & FOE_SAME_SOURCE) !== 0;
    const distToCrossing = seenStart + crossX - w;
    if (distToCrossing + 2 * w < 0 && !sameTarget) continue;
    const cf = n.segConn[F] ?? 0;
    const contLane = (flags & FOE_CONT) !== 0 && !egoSplit;
    // a foe on a continuation lane is reported with an infinitely negative gap: as a follower it never binds
    if (contLane && !sameSource) continue;
    const ignoreGreenCont = contLane && isGreen(e.linkState[cx] ?? 0) && isGreen(e.linkState[cf] ?? 0) && n.connFromLane[cx] !== n.connFromLane[cf];
    const ignorable = (n.roadRoundabout[n.connToRoad[cx] ?? 0] ?? 0) === 0;
    // every vehicle on the foe lane, the one whose back is still on it included (SUMO's anyVehicles)
    for (let u = e.segHead[F] ?? -1; u >= 0; u = vs.behind[u] ?? -1) {
      const backDist = crossF - ((vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5));
      crossingFoe(e, u, backDist, true, k, cx, distToCrossing, ignoreGreenCont, ignorable, egoMinGap, egoDecel);
    }
    if (partial >= 0) crossingFoe(e, partial, crossF - partialBack, false, k, cx, distToCrossing, ignoreGreenCont, ignorable, egoMinGap, egoDecel);
  }
}

/**
 * One vehicle `u` on the foe lane of entry `k` (its back `backDist` before the conflict point; `frontOn`:
 * its front is on that lane) as `MSLink::getLeaderInfo` treats it, made a follower when reported.
 */
function crossingFoe(
  e: EngineState, u: number, backDist: number, frontOn: boolean, k: number, cx: number, distToCrossing: number,
  ignoreGreenCont: boolean, ignorable: boolean, egoMinGap: number, egoDecel: number,
): void {
  const n = e.net;
  const vs = e.veh;
  const flags = n.segFoeFlags[k] ?? 0;
  const F = n.segFoeSeg[k] ?? 0;
  const sameTarget = (flags & FOE_SAME_TARGET) !== 0;
  const sameSource = (flags & FOE_SAME_SOURCE) !== 0;
  const contLane = (flags & FOE_CONT) !== 0 && (n.connSegCount[cx] ?? 1) < 2;
  const foeW = sameTarget || sameSource ? 0 : (n.segFoeHalfWidth[k] ?? 1.6);
  const cannotIgnore = contLane || sameTarget || sameSource;
  const foeExitIJ = (n.segExitLink[F] ?? -1) >= 0;
  const lenU = n.demand.typeLength[vs.type[u] ?? 0] ?? 5;
  const pastCP = backDist + foeW < 0;
  const entered = backDist < lenU;
  const inTheWay = ((!pastCP && distToCrossing > 0) || (sameTarget && distToCrossing > backDist - lenU)) && entered && !foeExitIJ;
  if (!inTheWay && ignoreGreenCont) return;
  if (distToCrossing < -POSITION_EPS && !inTheWay) return;
  if (frontOn && !inTheWay && foeExitIJ && (vs.nItems[u] ?? 0) > 0 && vs.itReq[u * MAX_ITEMS] === 0) return;
  // SUMO ignores a foe that will not pass the link out of its lane, only while its front is on that lane
  const willPass = foeExitIJ ? (vs.nItems[u] ?? 0) > 0 && vs.itReq[u * MAX_ITEMS] === 1 : vs.exitNoReq[u] !== 1;
  if (frontOn && !inTheWay && ignorable && !willPass && (!cannotIgnore || sameTarget || vs.stopped[u] === 1)) return;
  if (pastCP && !sameTarget) return;
  foeFollower(e, u, distToCrossing - egoMinGap - backDist - foeW, egoMinGap, egoDecel);
}

function isGreen(s: number): boolean {
  return s === LS_G || s === LS_g;
}
