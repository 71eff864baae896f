import { brakeGap, POSITION_EPS } from './carFollowing.js';
import { FOE_SIBLING } from './compileLinks.js';
import type { EngineState } from './EngineState.js';
import { FL, foeGap, sagitta, setFoeLane, strategicGap } from './foeLaneGap.js';
import { havePriority, LS_R, LS_Y } from './linkStates.js';
import type { PlanContext } from './PlanContext.js';
import { MAX_ITEMS } from './VehicleStore.js';

const HALTING_SPEED = 0.1;
/** SUMO's JUNCTION_BLOCKAGE_TIME (s, 5 in SUMO 1.15): a foe stuck this long in the junction no longer holds requests. */
const JUNCTION_BLOCKAGE_TIME = 5;

/** Whether entry link `a` yields to entry link `b` in the junction logic (SUMO `getResponseFor(a).test(b)`). */
function responds(e: EngineState, a: number, b: number): boolean {
  const n = e.net;
  for (let k = n.linkFoeStart[a] ?? 0; k < (n.linkFoeStart[a + 1] ?? 0); k++) if (n.linkFoes[k] === b) return true;
  return false;
}

/**
 * Whether the ego must treat foe `u` (inside the junction) as its leader at a conflict point (SUMO 1.15
 * `MSVehicle::isLeader`): always while the ego has not entered this junction or when the foe is only partly
 * on it (its front has left it). Otherwise entry times decide, the later one yielding: from the same lane
 * the junction entry times; else who has right of way over whom (a red entry, then the entries' priority,
 * then both yellow: the faster keeps moving, else the junction's response bits) picks them: against a foe it
 * has right of way over, the ego's junction entry against the foe's conflict-area entry; against a foe that
 * yields to it too, both conflict-area entries; against a foe it only yields to, its own conflict-area entry
 * (Infinity while it waits at an internal junction) against the foe's junction entry. Ties: the slower
 * one yields, at equal speeds the later trip. `gap` is the ego's gap to the foe at the conflict point.
 */
export function isLeader(e: EngineState, ego: number, u: number, cEgo: number, cFoe: number, gap: number): boolean {
  const n = e.net;
  const vs = e.veh;
  const s = vs.seg[ego] ?? 0;
  if (s < n.nLanes || n.connNode[n.segConn[s] ?? 0] !== n.connNode[cEgo]) return true;
  // a foe whose front has left the junction is only partly on it: always a leader
  const su = vs.seg[u] ?? 0;
  if (su < n.nLanes || n.connNode[n.segConn[su] ?? 0] !== n.connNode[cEgo]) return true;
  let egoET = vs.confEntryTime[ego] ?? Infinity;
  let foeET = vs.entryTime[u] ?? Infinity;
  if (n.connFromLane[cEgo] === n.connFromLane[cFoe]) {
    // from the same lane: the order they entered in, even when one gave up its request
    egoET = vs.entryTimeNY[ego] ?? Infinity;
    foeET = vs.entryTimeNY[u] ?? Infinity;
  } else {
    const a = e.linkState[cEgo] ?? 0;
    const b = e.linkState[cFoe] ?? 0;
    const spU = vs.speed[u] ?? 0;
    const spE = vs.speed[ego] ?? 0;
    let response: boolean;
    let response2: boolean;
    if (a === LS_R || b === LS_R) {
      if (b !== LS_R && spU > HALTING_SPEED && gap < 0) {
        // a moving foe that may be oncoming: the ego goes only when the foe can still brake for it
        const d = n.demand;
        const tu = vs.type[u] ?? 0;
        const prev = Math.max(0, spU - (vs.acc[u] ?? 0) * e.dt);
        // SUMO passes gap -1 for a foe on a continuation lane (here -Infinity)
        const foeGap = -(Number.isFinite(gap) ? gap : -1) - (d.typeLength[tu] ?? 5);
        response = foeGap < brakeGap(prev, d.typeDecel[tu] ?? 4.5, e.dt, d.typeTau[tu] ?? 1);
        response2 = !response;
      } else {
        // brake for a foe stuck at red
        response = b === LS_R;
        response2 = a === LS_R;
      }
    } else if (havePriority(a) !== havePriority(b)) {
      response = !havePriority(a);
      response2 = !havePriority(b);
    } else if (a === LS_Y && b === LS_Y) {
      response = spU >= spE;
      response2 = spE >= spU;
    } else {
      response = responds(e, cEgo, cFoe);
      response2 = responds(e, cFoe, cEgo);
    }
    if (!response) {
      foeET = vs.confEntryTime[u] ?? Infinity;
      egoET = vs.entryTime[ego] ?? Infinity;
    } else if (response2) {
      foeET = vs.confEntryTime[u] ?? Infinity;
    }
  }
  // a tie (same step): the slower one yields (SUMO 1.15: a minor-road driver that crept onto the junction
  // in the same step as a major-road car yields to it whatever the two are called,
  // test/fixtures/sumo/idmcreep/tie.sumocfg); at equal speeds by trip order
  if (egoET === foeET) {
    const a = vs.speed[ego] ?? 0;
    const b = vs.speed[u] ?? 0;
    if (a !== b) return a < b;
    return (vs.extId[ego] ?? 0) < (vs.extId[u] ?? 0);
  }
  return egoET > foeET;
}

/**
 * Foes inside the junction on the segments that cross or merge with internal segment `x` (SUMO's link
 * leaders, `MSLink::getLeaderInfo` and `MSVehicle::checkLinkLeader`): a foe that has entered the conflict
 * area and not left it, or one that will reach it first, is followed as a leader placed at the conflict
 * point; a turn waiting at an internal junction blocks only once it is in the way. The look-ahead has
 * reached the end of `x` (`P.seen` ahead of the ego's front), so `x` starts `seenStart` = `P.seen` less its
 * length ahead (negative when the ego is on it). Updates `P.v` and `P.vLinkPass`.
 *
 * @example
 * ```ts
 * linkLeaders(state, P, internalSeg);
 * ```
 */
export function linkLeaders(e: EngineState, P: PlanContext, x: number): void {
  const n = e.net;
  const k0 = n.segFoeStart[x - n.nLanes] ?? 0;
  const k1 = n.segFoeStart[x - n.nLanes + 1] ?? 0;
  if (k0 === k1) return;
  const seenStart = P.seen - (n.segLength[x] ?? 0);
  const vs = e.veh;
  const d = n.demand;
  const ego = P.veh;
  const cx = n.segConn[x] ?? 0;
  const egoSplit = (n.connSegCount[cx] ?? 1) >= 2;
  SIB.sag = sagitta(n.connRadius[cx] ?? Infinity, d.typeLength[vs.type[ego] ?? 0] ?? 5);
  for (let k = k0; k < k1; k++) {
    const crossX = n.segFoeCross[k] ?? -1;
    if (crossX < 0) continue;
    const F = n.segFoeSeg[k] ?? 0;
    const flags = n.segFoeFlags[k] ?? 0;
    if ((flags & FOE_SIBLING) !== 0) {
      siblingLeader(e, P, F, seenStart, crossX, n.segFoeFoeCross[k] ?? 0, cx);
      continue;
    }
    const head = e.segHead[F] ?? -1;
    const partial = e.partialOccupant(F);
    if (head < 0 && partial < 0) continue;
    if (!setFoeLane(e, k, cx, egoSplit, seenStart)) continue;
    FL.sagitta = SIB.sag;
    for (let u = head; u >= 0; u = vs.behind[u] ?? -1) {
      if (u !== ego) foeLeader(e, P, u, (vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5), true);
    }
    // SUMO's foe lanes count the vehicles whose back is still on them too (MSLane::AnyVehicleIterator)
    if (partial >= 0 && partial !== ego) foeLeader(e, P, partial, (n.segLength[F] ?? 0) - e.partialBack, false);
  }
}

/**
 * Foe `u` (its back at `backPos` on the foe lane of {@link FL}; `frontOn`: its front is on that lane too,
 * else it only covers it from behind) as the ego's junction leader (SUMO `MSLink::getLeaderInfo` for one
 * vehicle, then `checkLinkLeader`).
 */
function foeLeader(e: EngineState, P: PlanContext, u: number, backPos: number, frontOn: boolean): void {
  const gap = foeGap(e, u, backPos, frontOn, P.minGap);
  const { cx, cf } = FL;
  // SUMO's checkLinkLeader: a leader by the entry order, or any foe in the way at the conflict point
  if (Number.isNaN(gap) || !(FL.inTheWay || isLeader(e, P.veh, u, cx, cf, gap))) return;
  const n = e.net;
  const egoSeg = e.veh.seg[P.veh] ?? 0;
  const egoSource = egoSeg >= n.nLanes ? (n.connFromLane[n.segConn[egoSeg] ?? 0] ?? -1) : -2;
  // a foe the ego may not pass (same target or source, or on a continuation lane) is not driven up to;
  // one that only covers the foe lane from behind, when bound for or from the same lane
  const stopAsap = frontOn ? FL.contLane || FL.sameTarget || FL.sameSource : FL.sameTarget || FL.sameSource;
  adaptToConflict(e, P, u, gap, stopAsap ? -1 : FL.distToCrossing, FL.seenStart, n.connFromLane[cf] === egoSource, n.connFromLane[cf] === egoSeg);
}

/**
 * A vehicle on (or with its back still on) internal segment `F`, which leaves the same lane as the ego's
 * segment and overlaps it up to their divergence point (`distToDivergence` ahead of the ego, `crossF` along
 * `F`; the ego's segment starts `seenStart` ahead), is the ego's leader while its back has not passed that point (SUMO's same-origin foe lanes in
 * `MSLink::getLeaderInfo`, partial occupants included): the ego stops before the divergence point. An ego
 * whose front is already past that point ignores the lane, as SUMO skips a foe lane behind the ego.
 */
function siblingLeader(e: EngineState, P: PlanContext, F: number, seenStart: number, crossX: number, crossF: number, cx: number): void {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const ego = P.veh;
  SIB.distToDivergence = seenStart + crossX;
  // the ego's front is past the divergence point: SUMO skips the sibling lane (MSLink::getLeaderInfo,
  // `distToCrossing < 0` with no crossing width for a same-source foe lane)
  if (SIB.distToDivergence < 0) return;
  SIB.seenStart = seenStart;
  SIB.crossF = crossF;
  for (let u = e.segTail[F] ?? -1; u >= 0; u = vs.ahead[u] ?? -1) {
    if (u === ego) continue;
    SIB.backPos = (vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5);
    followSibling(e, P, u, F, cx);
    return;
  }
  const u = e.partialOccupant(F);
  if (u >= 0 && u !== ego) {
    SIB.backPos = (n.segLength[F] ?? 0) - e.partialBack;
    followSibling(e, P, u, F, cx);
  }
}

/**
 * `siblingLeader`'s distances (fields: no closure and no boxed numbers per call), and the sagitta of the
 * ego's turn (see `FL.sagitta`).
 */
const SIB = { distToDivergence: 0.5, seenStart: 0.5, crossF: 0.5, backPos: 0.5, sag: 0.5 };

/** The vehicle `u` on sibling segment `F`, its back at `SIB.backPos`, as the ego's leader before the divergence point. */
function followSibling(e: EngineState, P: PlanContext, u: number, F: number, cx: number): void {
  const n = e.net;
  const ego = P.veh;
  const cf = n.segConn[F] ?? 0;
  const egoSeg = e.veh.seg[ego] ?? 0;
  const egoSource = egoSeg >= n.nLanes ? (n.connFromLane[n.segConn[egoSeg] ?? 0] ?? -1) : -2;
  const backDist = SIB.crossF - SIB.backPos;
  const gap = strategicGap(e, u, SIB.distToDivergence - P.minGap - backDist);
  // past the divergence point (with the slack of the ego's turn): no longer a leader
  if (backDist + SIB.sag < 0) return;
  // in the way (SUMO's LL_IN_THE_WAY: its back within its length of the divergence point, the ego before
  // it, and its lane not ending at an internal junction), else a leader by the entry order
  const inTheWay =
    SIB.distToDivergence > 0 && backDist < (n.demand.typeLength[e.veh.type[u] ?? 0] ?? 5) && (n.segExitLink[F] ?? -1) < 0;
  if (!inTheWay && !isLeader(e, ego, u, cx, cf, gap)) return;
  adaptToConflict(e, P, u, gap, -1, SIB.seenStart, n.connFromLane[cf] === egoSource, n.connFromLane[cf] === egoSeg);
}

/**
 * SUMO `adaptToJunctionLeader` and the rest of `checkLinkLeader` for a leader at a conflict point
 * `distToCrossing` ahead: the safe speed (which also bounds the leave speed of the previous link), at
 * least enough to reach the previous link's waiting point, and the request at this link withdrawn when
 * the leader came from the same lane or is stuck (the previous link's too when it left the ego's lane).
 */
function adaptToConflict(
  e: EngineState, P: PlanContext, u: number, gap: number, distToCrossing: number, seenStart: number, sameSource: boolean, fromEgoLane: boolean,
): void {
  const vs = e.veh;
  const d = e.net.demand;
  const spU = vs.speed[u] ?? 0;
  const decU = d.typeDecel[vs.type[u] ?? 0] ?? 4.5;
  let vsafe = gap >= 0 ? P.follow(gap, spU, decU) : P.stop(seenStart - POSITION_EPS);
  if (distToCrossing >= 0) {
    const vStop = P.stop(distToCrossing - P.minGap);
    const leaderDist = distToCrossing - gap;
    const t = leaderDist / Math.max(spU, HALTING_SPEED);
    const vFinal = Math.max(P.speed, (2 * (distToCrossing - P.minGap)) / t - P.speed);
    const v2 = P.speed + ((vFinal - P.speed) / t) * e.dt;
    vsafe = Math.max(vsafe, Math.min(v2, vStop));
  }
  if (vsafe < P.v) P.v = vsafe;
  if (vsafe < P.vLinkPass) P.vLinkPass = vsafe;
  if (P.lastItem >= 0) {
    const i = P.veh * MAX_ITEMS + P.lastItem;
    if (vsafe < (vs.itLeaveV[i] ?? 0)) vs.itLeaveV[i] = vsafe;
    const wait = vs.itVWait[i] ?? 0;
    if (P.v < wait) P.v = wait;
  }
  if (P.v < HALTING_SPEED && (sameSource || vs.stopped[u] === 1 || (vs.waitCur[u] ?? 0) > JUNCTION_BLOCKAGE_TIME)) {
    P.abortRequest = true;
    if (P.lastItem >= 0 && fromEgoLane) vs.itReq[P.veh * MAX_ITEMS + P.lastItem] = 0;
  }
}
