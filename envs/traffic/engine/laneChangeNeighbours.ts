import { brakeGap, maximumSafeStopSpeed, POSITION_EPS } from './carFollowing.js';
import { connTo, continuation } from './bestLanes.js';
import { FOE_SIBLING } from './compileLinks.js';
import type { EngineState } from './EngineState.js';
import { FL, foeGap, sagitta, setFoeLane, strategicGap } from './foeLaneGap.js';
import type { Neighbour } from './laneChangeContext.js';
import { followSpeed, lcSecureGap } from './laneChangeContext.js';
import { isLeader } from './linkLeaders.js';
import { LS_R } from './linkStates.js';
import { laneSpeedOf } from './topSpeed.js';
import { junctionFoeList, laneChangeJunctionFoes } from './insertionFollowers.js';
import { upstream, upstreamFollowers } from './upstreamFollowers.js';

/** How many roads beyond the current one the leader search follows. */
const MAX_HOPS = 3;

/**
 * The leader of vehicle `v` on `lane` of its road (SUMO `MSLaneChanger::getRealLeader`): `L`, the
 * vehicle last passed over on that lane in the lane changer's sweep, if any; else a vehicle whose back
 * still covers the lane's end; else, within the braking distance, SUMO 1.15's
 * `MSLane::getLeaderOnConsecutive` along the best continuation from `lane`: on each lane entered, its last
 * vehicle, then, past an internal lane, the junction's link leaders (the foes crossing or merging with it,
 * `MSLink::getLeaderInfo`: on the driver's own lane those it must follow, on the lane beside it all; the
 * one with the shortest gap plus braking distance). A driver on a road ignores the link leaders beyond a
 * red light; otherwise the search goes on past a red light or a link the vehicle may not pass yet (only a
 * missing connection ends it): a driver waiting at a red light sees the leader beyond the junction. A lane
 * slower than the driver shortens the search to the braking distance from that lane's limit. From an
 * internal lane (a lane change inside a junction) the search always goes on over the rest of its
 * connection and the lane it leads to, then along the best continuation of that lane. `bk`: the lane's
 * index in the vehicle's best lanes (on an internal edge the caller has laid out the next road's best
 * lanes per internal lane).
 * Written to `out`.
 *
 * @example
 * ```ts
 * realLeader(state, v, lane, laneIndex, prevOnLane, ctx.neighLead);
 * ```
 */
export function realLeader(e: EngineState, v: number, lane: number, bk: number, L: number, out: Neighbour): Neighbour {
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
  const sp = vs.speed[v] ?? 0;
  const dec = d.typeDecel[ty] ?? 4.5;
  const tau = d.typeTau[ty] ?? 1;
  let dist = brakeGap(sp, dec, e.dt, tau) + minGap;
  if (seen > dist && lane < n.nLanes) return out.set(-1, -1);
  // SUMO's loop over the lanes ahead (MSLane::getLeaderOnConsecutive): on each lane entered, its last
  // vehicle; then the link leaders of the link out of it, which only a link out of an internal lane has
  // (MSLink::getLeaderInfo); a lane slower than the driver's speed shortens the distance searched to the
  // braking distance from that lane's limit (without the minimum gap); internal lanes are always passed
  const jlMode = lane !== (vs.seg[v] ?? -1) ? JL_LANE_CHANGE : JL_FOLLOW;
  let from = lane;
  if (lane >= n.nLanes) {
    // on an internal lane: the foes crossing it, the rest of its connection and the lane it leads to
    if (junctionLeaders(e, v, lane, seen - (n.segLength[lane] ?? 0), jlMode)) return out.set(JL.veh, JL.gap);
    const c = n.segConn[lane] ?? 0;
    const end = (n.connSegStart[c] ?? 0) + (n.connSegCount[c] ?? 1);
    for (let s = lane + 1; s < end; s++) {
      const t = e.segTail[s] ?? -1;
      if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
      dist = slowerLaneDist(e, v, s, sp, dec, tau, dist);
      if (junctionLeaders(e, v, s, seen, jlMode)) return out.set(JL.veh, JL.gap);
      seen += n.segLength[s] ?? 0;
    }
    from = n.connToLane[c] ?? 0;
    const t = e.segTail[from] ?? -1;
    if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
    dist = slowerLaneDist(e, v, from, sp, dec, tau, dist);
    seen += n.segLength[from] ?? 0;
  }
  // a driver on a road ignores the link leaders beyond a red light (SUMO 1.15 measured:
  // test/fixtures/sumo/lclinkleader; SUMO's getLeaderInfo while lane changing from a normal lane)
  const onRoad = (vs.seg[v] ?? 0) < n.nLanes;
  const k = bk;
  for (let hop = 0; hop < MAX_HOPS && seen <= dist; hop++) {
    const to = continuation(e, v, k, hop);
    const c = to < 0 ? -1 : connTo(e, from, to);
    if (c < 0) break;
    const red = onRoad && e.linkState[c] === LS_R;
    const s0 = n.connSegStart[c] ?? 0;
    for (let s = s0; s < s0 + (n.connSegCount[c] ?? 1); s++) {
      const t = e.segTail[s] ?? -1;
      if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
      dist = slowerLaneDist(e, v, s, sp, dec, tau, dist);
      // the link leaders of the link out of this internal segment, also when searching from a road
      if (!red && junctionLeaders(e, v, s, seen, jlMode)) return out.set(JL.veh, JL.gap);
      seen += n.segLength[s] ?? 0;
    }
    const t = e.segTail[to] ?? -1;
    if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
    dist = slowerLaneDist(e, v, to, sp, dec, tau, dist);
    seen += n.segLength[to] ?? 0;
    from = to;
  }
  return out.set(-1, -1);
}

/**
 * The distance {@link realLeader} searches on after entering `lane`: SUMO's braking distance from the
 * lane's limit for `v` when that is below `v`'s speed `sp` (`getVehicleMaxSpeed`, no minimum gap), else `dist`.
 */
function slowerLaneDist(e: EngineState, v: number, lane: number, sp: number, dec: number, tau: number, dist: number): number {
  const vmax = laneSpeedOf(e, v, lane);
  return vmax < sp ? brakeGap(vmax, dec, e.dt, tau) : dist;
}

/**
 * The follower of vehicle `v` on `lane` of its road (SUMO `MSLaneChanger::getRealFollower`): `F`, the
 * next vehicle the sweep will visit on that lane, if any; else SUMO's `MSLane::getFollowersOnConsecutive`:
 * a search upstream over every lane leading onto `lane` (internal lanes and the roads before them, whatever
 * their vehicles' routes) as far as the fastest driver so far needs to stop from those lanes' limits at
 * the weakest deceleration so far ({@link upstreamFollowers}), taking the front vehicle of each and keeping
 * the one that misses the most of its secure gap to `v`; a vehicle still before a link without priority
 * does not count as overlapping (its gap is at least 0). The gap is from its front to `v`'s back, less its
 * minimum gap. Written to `out`.
 *
 * @example
 * ```ts
 * realFollower(state, v, lane, nextOnLane, ctx.neighFollow);
 * ```
 */
export function realFollower(e: EngineState, v: number, lane: number, F: number, out: Neighbour): Neighbour {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  const back = (vs.pos[v] ?? 0) - (d.typeLength[vs.type[v] ?? 0] ?? 5);
  if (F >= 0) return out.set(F, back - (vs.pos[F] ?? 0) - (d.typeMinGap[vs.type[F] ?? 0] ?? 2.5));
  const spV = vs.speed[v] ?? 0;
  const decV = d.typeDecel[vs.type[v] ?? 0] ?? 4.5;
  let best = -1;
  let bestGap = 0;
  let bestMissing = -Infinity;
  const k = upstreamFollowers(e, lane, back, v);
  for (let i = 0; i < k; i++) {
    const u = upstream.veh[i] ?? 0;
    // a vehicle before a link without priority does not overlap (SUMO: unless `v`'s back still reaches
    // back onto that vehicle's road, which tsgym does not track)
    const gap = upstream.minor[i] === 1 ? Math.max(upstream.gap[i] ?? 0, 0) : (upstream.gap[i] ?? 0);
    const missing = lcSecureGap(e, u, vs.speed[u] ?? 0, spV, decV) - gap;
    if (missing > bestMissing) {
      best = u;
      bestGap = gap;
      bestMissing = missing;
    }
  }
  if (back < 0 && lane < n.nLanes && (vs.seg[v] ?? 0) < n.nLanes && (vs.routeIdx[v] ?? 0) > 0) {
    // the back still in the junction just passed: the foes of the internal segment of that junction's
    // internal edge (same roads) leading onto `lane` count as followers (SUMO's junction foes that would
    // interfere with lane changing)
    const prevRoad = e.routes.road(vs.route[v] ?? 0, (vs.routeIdx[v] ?? 0) - 1);
    const road = n.laneRoad[lane] ?? -1;
    for (let j = n.laneInStart[lane] ?? 0; j < (n.laneInStart[lane + 1] ?? 0); j++) {
      const x = n.laneIn[j] ?? 0;
      if (x < n.nLanes) continue;
      const c = n.segConn[x] ?? 0;
      if (n.connFromRoad[c] !== prevRoad || n.connToRoad[c] !== road) continue;
      laneChangeJunctionFoes(e, v, x, back);
      for (let i = 0; i < junctionFoeList.count; i++) {
        const u = junctionFoeList.veh[i] ?? 0;
        const gap = junctionFoeList.gap[i] ?? 0;
        const missing = lcSecureGap(e, u, vs.speed[u] ?? 0, spV, decV) - gap;
        if (missing > bestMissing) {
          best = u;
          bestGap = gap;
          bestMissing = missing;
        }
      }
    }
  }
  return best >= 0 ? out.set(best, bestGap) : out.set(-1, -1);
}

/** {@link junctionLeaders} modes: SUMO's `getLeaderOnConsecutive` for the driver's own lane / a lane beside it, `getCriticalLeader`. */
const JL_FOLLOW = 0;
const JL_LANE_CHANGE = 1;
const JL_CRITICAL = 2;

/**
 * The junction leader picked by {@link junctionLeaders} (module-level: nothing allocated per call): the
 * vehicle (-1: none), its gap, and the value it was picked by (the lowest wins).
 */
const JL = { veh: -1, gap: 0, key: Infinity, mode: JL_FOLLOW, ego: 0, seenStart: 0 };

/**
 * The foes on the internal segments that cross or merge with internal segment `x` (which starts `seenStart`
 * ahead of vehicle `v`'s front), as SUMO 1.15's
 * `MSLink::getLeaderInfo` reports them (tsgym's {@link foeGap}, the same as the driving ego's link leaders),
 * kept in {@link JL} by `mode`: for the lane changer's leader search (`MSLane::getLeaderOnConsecutive`) the one
 * with the shortest gap plus its own braking distance, on the driver's own lane only those it must follow
 * (`MSVehicle::isLeader`), on a lane beside it all ("in the context of lane-changing, all candidates are
 * leaders"); for `MSLane::getCriticalLeader` the one that leaves `v` the lowest safe speed (`getSafeFollowSpeed`;
 * kept across calls). A foe on a lane before an internal junction is reported at -1, as SUMO does. True when one
 * was found.
 */
function junctionLeaders(e: EngineState, v: number, x: number, seenStart: number, mode: number): boolean {
  const n = e.net;
  const k0 = n.segFoeStart[x - n.nLanes] ?? 0;
  const k1 = n.segFoeStart[x - n.nLanes + 1] ?? 0;
  if (mode !== JL_CRITICAL) {
    JL.veh = -1;
    JL.key = Infinity;
  }
  if (k0 === k1) return false;
  const vs = e.veh;
  const d = n.demand;
  const minGap = d.typeMinGap[vs.type[v] ?? 0] ?? 2.5;
  const cx = n.segConn[x] ?? 0;
  const egoSplit = (n.connSegCount[cx] ?? 1) >= 2;
  const egoLength = d.typeLength[vs.type[v] ?? 0] ?? 5;
  const sag = sagitta(n.connRadius[cx] ?? Infinity, egoLength);
  JL.mode = mode;
  JL.ego = v;
  JL.seenStart = seenStart;
  const before = JL.veh;
  for (let k = k0; k < k1; k++) {
    const crossX = n.segFoeCross[k] ?? -1;
    if (crossX < 0) continue;
    const F = n.segFoeSeg[k] ?? 0;
    const cf = n.segConn[F] ?? 0;
    if (((n.segFoeFlags[k] ?? 0) & FOE_SIBLING) !== 0) {
      // a driver on a lane from the same lane, until its back has passed the point where the lanes part
      const distToDivergence = seenStart + crossX;
      // the driver's back is past the divergence point: SUMO skips the lane (MSLink::getLeaderInfo: a foe
      // lane behind the crossing point, which for a same-source lane has no width; while lane changing,
      // MSGlobals::gComputeLC, behind the driver's back, not its front as for driving in linkLeaders.ts)
      if (distToDivergence + egoLength < 0) continue;
      const crossF = n.segFoeFoeCross[k] ?? 0;
      let u = e.segTail[F] ?? -1;
      while (u >= 0 && u === v) u = vs.ahead[u] ?? -1;
      let backPos: number;
      if (u >= 0) backPos = (vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5);
      else {
        u = e.partialOccupant(F);
        if (u < 0 || u === v) continue;
        backPos = (n.segLength[F] ?? 0) - e.partialBack;
      }
      const backDist = crossF - backPos;
      if (backDist + sag < 0) continue;
      consider(e, u, strategicGap(e, u, distToDivergence - minGap - backDist), -1, cx, cf);
      continue;
    }
    const head = e.segHead[F] ?? -1;
    const partial = e.partialOccupant(F);
    if (head < 0 && partial < 0) continue;
    if (!setFoeLane(e, k, cx, egoSplit, seenStart, egoLength)) continue;
    FL.sagitta = sag;
    for (let u = head; u >= 0; u = vs.behind[u] ?? -1) {
      if (u === v) continue;
      const gap = foeGap(e, u, (vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5), true, minGap);
      if (Number.isNaN(gap)) continue;
      consider(e, u, gap, FL.contLane || FL.sameTarget || FL.sameSource ? -1 : FL.distToCrossing, cx, cf);
    }
    if (partial >= 0 && partial !== v) {
      // setFoeLane's fields are still those of this foe lane (foeGap only reads them)
      const gap = foeGap(e, partial, (n.segLength[F] ?? 0) - e.partialBack, false, minGap);
      if (!Number.isNaN(gap)) consider(e, partial, gap, FL.sameTarget || FL.sameSource ? -1 : FL.distToCrossing, cx, cf);
    }
  }
  return JL.veh !== before || (mode !== JL_CRITICAL && JL.veh >= 0);
}

/** One foe `u` reported at `gap` (`distToCrossing`: -1 where the ego may not drive up to the conflict point) for {@link junctionLeaders}. */
function consider(e: EngineState, u: number, gap: number, distToCrossing: number, cx: number, cf: number): void {
  const vs = e.veh;
  const d = e.net.demand;
  const v = JL.ego;
  // SUMO reports a foe on a lane before an internal junction at -1
  const g = gap === -Infinity ? -1 : gap;
  const spU = vs.speed[u] ?? 0;
  const decU = d.typeDecel[vs.type[u] ?? 0] ?? 4.5;
  let key: number;
  if (JL.mode === JL_CRITICAL) {
    if (u === JL.veh) return;
    const ty = vs.type[v] ?? 0;
    const dec = d.typeDecel[ty] ?? 4.5;
    const tau = d.typeTau[ty] ?? 1;
    // MSVehicle::getSafeFollowSpeed: follow it, or stop before the lane it fully occupies; at least drive
    // up to the conflict point
    key = g >= 0 ? followSpeed(e, v, vs.speed[v] ?? 0, g, spU, decU) : maximumSafeStopSpeed(JL.seenStart - POSITION_EPS, dec, e.dt, tau);
    if (distToCrossing >= 0) {
      const minGap = d.typeMinGap[ty] ?? 2.5;
      key = Math.max(key, maximumSafeStopSpeed(distToCrossing - minGap, dec, e.dt, tau));
    }
  } else {
    if (JL.mode === JL_FOLLOW && !isLeader(e, v, u, cx, cf, g)) return;
    key = g + brakeGap(spU, decU, e.dt, 0);
  }
  if (key < JL.key) {
    JL.key = key;
    JL.veh = u;
    JL.gap = g;
  }
}

/**
 * SUMO 1.15's `MSLane::getCriticalLeader`, asked by `MSLaneChanger::checkChange` before a change it would
 * make next to a leader when the driver is within its braking distance of its lane's end or inside a
 * junction: along the target lane `target` (best-lane index `bk`) and its best continuation, as long as the
 * links can be passed (tsgym: not red; SUMO asks MSLink::opened), the link leaders and the last driver on each lane
 * passed, while within the braking distance `dist` or on internal lanes; the one that leaves `v` the lowest
 * safe speed (Krauss' follow speed also for SUMO's insertion follow speed of the last drivers). `seen0`: the
 * distance from `v`'s front to the end of its own lane. Written to `out` (-1: none).
 *
 * @example
 * ```ts
 * criticalLeader(state, v, targetLane, laneIndex, seen, dist, out);
 * ```
 */
export function criticalLeader(
  e: EngineState, v: number, target: number, bk: number, seen0: number, dist: number, out: Neighbour,
): Neighbour {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const minGap = d.typeMinGap[vs.type[v] ?? 0] ?? 2.5;
  JL.veh = -1;
  JL.key = Infinity;
  JL.gap = 0;
  let seen = seen0;
  // the driver's best continuation starts with the lane after an internal one, else with the next road's lane
  let hop = 0;
  let from = target;
  let x = target;
  for (let guard = 0; guard < 16; guard++) {
    let next: number;
    if (x >= n.nLanes) {
      // the link out of an internal segment (no foe links, never red): the foes crossing that segment
      junctionLeaders(e, v, x, seen - (n.segLength[x] ?? 0), JL_CRITICAL);
      const c = n.segConn[x] ?? 0;
      const last = (n.connSegStart[c] ?? 0) + (n.connSegCount[c] ?? 1) - 1;
      next = x < last ? x + 1 : (n.connToLane[c] ?? 0);
      if (next < n.nLanes) from = next;
    } else {
      const to = continuation(e, v, bk, hop++);
      const c = to < 0 ? -1 : connTo(e, from, to);
      if (c < 0) break;
      if (e.linkState[c] === LS_R) break;
      next = n.connSegStart[c] ?? 0;
      junctionLeaders(e, v, next, seen, JL_CRITICAL);
    }
    const t = e.segTail[next] ?? -1;
    if (t >= 0 && t !== JL.veh) {
      const ut = vs.type[t] ?? 0;
      const gap = seen + (vs.pos[t] ?? 0) - (d.typeLength[ut] ?? 5) - minGap;
      const sp = followSpeed(e, v, vs.speed[v] ?? 0, gap, vs.speed[t] ?? 0, d.typeDecel[ut] ?? 4.5);
      if (sp < JL.key) {
        JL.key = sp;
        JL.veh = t;
        JL.gap = gap;
      }
    }
    seen += n.segLength[next] ?? 0;
    x = next;
    if (!(seen <= dist || next >= n.nLanes)) break;
  }
  return JL.veh >= 0 ? out.set(JL.veh, JL.gap) : out.set(-1, -1);
}
