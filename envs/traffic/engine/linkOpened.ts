import { unsafeMergeSpeeds } from './carFollowing.js';
import { FOE_SIBLING } from './compileLinks.js';
import type { EngineState } from './EngineState.js';
import { havePriority, LS_G, LS_R, LS_S, LS_W, LS_Z } from './linkStates.js';
import { MAX_ITEMS, VEH_RUNNING } from './VehicleStore.js';

/** SUMO's lookahead time (s) for foes on minor links (jmTimegapMinor) and for zipper merges. */
const LOOKAHEAD = 1;
const LOOKAHEAD_ZIPPER = 4;
/** Waiting time (s) required at a stop sign (jmStopSignWait / jmAllwayStopWait). */
const STOP_WAIT = 1;

/** Ego's request at a link, set by `linkOpened`'s caller fields. */
export interface Request {
  veh: number;
  item: number;
  arrT: number;
  leaveT: number;
  arrV: number;
  leaveV: number;
  impatience: number;
}

/**
 * Sets request `r` from drive item `i` (at link `link`) of vehicle `veh`: its arrival and leave times and
 * speeds, and the driver's impatience (SUMO's waiting time over `time-to-impatience`; 1 for a driver that
 * can no longer brake, when `canBrake` is false).
 *
 * @example
 * ```ts
 * itemRequest(state, req, v, i, link, true);
 * ```
 */
export function itemRequest(e: EngineState, r: Request, veh: number, i: number, link: number, canBrake: boolean): void {
  const vs = e.veh;
  r.veh = veh;
  r.item = i;
  r.arrT = vs.itArrT[i] ?? 0;
  r.arrV = vs.itArrV[i] ?? 0;
  r.leaveV = vs.itLeaveV[i] ?? 0;
  r.leaveT = leaveTime(e, link, veh, i);
  const tti = e.opts.timeToImpatience;
  r.impatience = canBrake ? (tti > 0 ? Math.min(1, (vs.waitCur[veh] ?? 0) / tti) : 0) : 1;
}

/** Leave time of a drive item (SUMO `getLeaveTime`): arrival plus the time to clear the link's internal path. */
export function leaveTime(e: EngineState, link: number, veh: number, i: number): number {
  return leaveTimeOf(e, link, veh, e.veh.itArrT[i] ?? 0, e.veh.itArrV[i] ?? 0, e.veh.itLeaveV[i] ?? 0);
}

/** {@link leaveTime} from an approach's arrival time and speeds. */
export function leaveTimeOf(e: EngineState, link: number, veh: number, arrT: number, arrV: number, leaveV: number): number {
  if (arrT === Infinity) return Infinity;
  const len = e.net.demand.typeLength[e.veh.type[veh] ?? 0] ?? 5;
  return arrT + ((e.net.linkLength[link] ?? 0) + len) / Math.max(0.5 * (arrV + leaveV), 0.001);
}

/** SUMO `computeFoeArrivalTimeBraking`: when the foe would arrive if it braked for the ego. */
function foeArrivalTimeBraking(
  e: EngineState, arrT: number, foeArrT: number, impatience: number, dist: number, foeDecel: number, out: { fasb: number },
): number {
  const dt = e.dt;
  const t = e.time;
  if (Math.floor(arrT / dt) === Math.floor(foeArrT / dt)) return foeArrT;
  const m = foeDecel * impatience;
  const span = foeArrT - arrT;
  const dd = span * m;
  const a = (span * dd) / 2;
  const v = dist / (foeArrT - t + dt);
  const dist2 = dist - v * (arrT - t);
  if ((0.5 * v * v) / m <= dist2) {
    out.fasb = 0;
    return foeArrT + 30;
  }
  const x = (Math.sqrt(Math.max(0, 4 * (v - dd) * (v - dd) - 8 * m * a)) * -0.5 - dd + v) / m;
  out.fasb = v - (span + x) * m;
  return foeArrT + x;
}

const fasbOut = { fasb: 0 };

/**
 * Approaches registered at the links (SUMO's ApproachingVehicleInformation): per link a list from
 * `head[link]` through `next[c]`, with each entry's fields; `veh` null: entry `c` is drive item `c` of
 * vehicle `c / MAX_ITEMS`; `req` null: every entry asks to pass.
 */
export interface Approaches {
  head: Int32Array;
  next: Int32Array;
  veh: Int32Array | null;
  req: Uint8Array | null;
  wait: Float64Array;
  arrT: Float64Array;
  arrV: Float64Array;
  leaveV: Float64Array;
  arrVB: Float64Array;
  dist: Float64Array;
}

/** SUMO `MSLink::blockedByFoe`: whether approach `c` of `src` (vehicle `u`) conflicts with the ego's time window. */
function blockedByFoe(
  e: EngineState, link: number, foeLink: number, src: Approaches, c: number, u: number, r: Request, sameTarget: boolean, state: number,
): boolean {
  const vs = e.veh;
  const d = e.net.demand;
  const arrT = src.arrT[c] ?? 0;
  if (state === LS_W) {
    const we = vs.waitCur[r.veh] ?? 0;
    const wu = src.wait[c] ?? 0;
    // the foe's waiting time when it registered its approach (SUMO's ApproachingVehicleInformation)
    // SUMO compares arrival times in whole milliseconds (SUMOTime)
    if (we > wu || (we === wu && Math.round(r.arrT * 1000) < Math.round(arrT * 1000))) return false;
  }
  const foeArrT = arrT;
  let foeArrival = foeArrT;
  fasbOut.fasb = src.arrVB[c] ?? 0;
  const foeDecel = d.typeDecel[vs.type[u] ?? 0] ?? 4.5;
  if (r.impatience > 0 && r.arrT < foeArrT) {
    const fatb = foeArrivalTimeBraking(e, r.arrT, foeArrT, r.impatience, src.dist[c] ?? 0, foeDecel, fasbOut);
    foeArrival = (1 - r.impatience) * foeArrT + r.impatience * fatb;
  }
  const look = state === LS_Z ? LOOKAHEAD_ZIPPER : LOOKAHEAD;
  const leaveV = src.leaveV[c] ?? 0;
  const foeLeave = leaveTimeOf(e, foeLink, u, arrT, src.arrV[c] ?? 0, leaveV);
  const egoDecel = d.typeDecel[vs.type[r.veh] ?? 0] ?? 4.5;
  if (foeLeave < r.arrT) return sameTarget && (r.arrT - foeLeave < look || unsafeMergeSpeeds(leaveV, r.arrV, foeDecel, egoDecel));
  if (foeArrival > r.leaveT + look) return sameTarget && unsafeMergeSpeeds(r.leaveV, fasbOut.fasb, egoDecel, foeDecel);
  return true;
}

/**
 * Whether the ego may pass `link` now (SUMO `MSLink::opened`): never at red; always where the link has
 * priority or continues into an internal junction; otherwise no approaching foe of a link it yields to
 * may use the junction within its time window (arrival to leaving plus 1 s), impatience shortening
 * foes' arrival estimates after long waits.
 *
 * @example
 * ```ts
 * if (linkOpened(state, link, request)) vSafe = passSpeed;
 * ```
 */
export function linkOpened(e: EngineState, link: number, r: Request): boolean {
  return openedOrCollect(e, link, r, undefined);
}

/**
 * The approaching foe items that block the ego at zipper link `link` (SUMO `opened` with `collectFoes`):
 * all of them, not only the first (empty when the link is open); returns whether it is open.
 *
 * @example
 * ```ts
 * const foes: number[] = [];
 * const open = zipperFoes(state, link, request, foes);
 * ```
 */
export function zipperFoes(e: EngineState, link: number, r: Request, out: number[]): boolean {
  out.length = 0;
  return openedOrCollect(e, link, r, out);
}

/**
 * The part of SUMO `MSLink::opened` that needs no foes: 0 closed (red, or a stop sign not yet waited
 * at), 1 open (priority, a continuation, or an internal junction behind a major green), -1 the foes decide.
 *
 * @example
 * ```ts
 * if (linkGate(state, link, request) < 0) { ... check the approaching foes ... }
 * ```
 */
function linkGate(e: EngineState, link: number, r: Request): number {
  const n = e.net;
  const state = e.linkState[link] ?? 0;
  if (state === LS_R) return 0;
  if ((n.linkCont[link] ?? 0) === 1) return 1;
  if (state !== LS_Z && havePriority(state)) return 1;
  if ((n.linkInternal[link] ?? 0) === 1 && e.linkState[n.linkConn[link] ?? 0] === LS_G) return 1;
  const wait = e.veh.waitCur[r.veh] ?? 0;
  if ((state === LS_S || state === LS_W) && wait < STOP_WAIT) return 0;
  return -1;
}

/** The drive items registered at the links this step, as {@link Approaches} (refreshed per use: the store may grow). */
const current: Approaches = {
  head: new Int32Array(0), next: new Int32Array(0), veh: null, req: null, wait: new Float64Array(0), arrT: new Float64Array(0),
  arrV: new Float64Array(0), leaveV: new Float64Array(0), arrVB: new Float64Array(0), dist: new Float64Array(0),
};

function currentApproaches(e: EngineState): Approaches {
  const vs = e.veh;
  current.head = e.apprHead;
  current.next = vs.itNext;
  current.req = vs.itReq;
  current.wait = vs.itWait;
  current.arrT = vs.itArrT;
  current.arrV = vs.itArrV;
  current.leaveV = vs.itLeaveV;
  current.arrVB = vs.itArrVB;
  current.dist = vs.itDist;
  return current;
}

function openedOrCollect(e: EngineState, link: number, r: Request, collect: number[] | undefined): boolean {
  return openedAgainst(e, link, r, currentApproaches(e), collect);
}

/**
 * SUMO `MSLink::hasApproachingFoe`, asked by an insertion for each link within its braking distance: a
 * driver approaching a link that `link` yields to would use the junction within the ego's time window
 * (no impatience), or a vehicle stands on one of the link's foe internal lanes (`exitOf` >= 0: the exit of
 * connection `exitOf`'s internal lane, which has the entry link's foe lanes and no foe links). The link out
 * of a connection's first internal lane (the exit of a one-lane connection, the internal-junction link of a
 * split one) also has that lane's siblings as foe lanes: the first internal lanes of the other connections
 * from the same lane that start beside it (SUMO 1.15 `MSLink::setRequestInformation`, "to avoid overlap
 * with vehicles that came from pred ... we add all other internal lanes from pred as foeLanes"), so a
 * driver still turning off the same lane ahead stops the insertion at the end of that internal lane.
 *
 * @example
 * ```ts
 * if (hasApproachingFoe(state, conn, request, -1)) speed = stopSpeed;
 * ```
 */
export function hasApproachingFoe(e: EngineState, link: number, r: Request, exitOf: number): boolean {
  const n = e.net;
  if (exitOf < 0 && foesBlock(e, link, r, currentApproaches(e), -1, true, undefined)) return true;
  const l = exitOf < 0 ? link : exitOf;
  for (let k = n.linkFoeLaneStart[l] ?? 0; k < (n.linkFoeLaneStart[l + 1] ?? 0); k++) {
    const s = n.linkFoeLanes[k] ?? 0;
    if ((e.segCount[s] ?? 0) > 0 || e.partialOccupant(s) >= 0) return true;
  }
  // the same-origin siblings of the first internal lane before an exit or internal-junction link
  const c = exitOf >= 0 ? exitOf : n.linkInternal[link] === 1 ? (n.linkConn[link] ?? -1) : -1;
  if (c < 0) return false;
  const x = (n.connSegStart[c] ?? 0) - n.nLanes;
  for (let k = n.segFoeStart[x] ?? 0; k < (n.segFoeStart[x + 1] ?? 0); k++) {
    if (((n.segFoeFlags[k] ?? 0) & FOE_SIBLING) === 0) continue;
    const s = n.segFoeSeg[k] ?? 0;
    if ((e.segCount[s] ?? 0) > 0 || e.partialOccupant(s) >= 0) return true;
  }
  return false;
}

/**
 * SUMO `blockedAtTime` over the links `link` yields to: whether an approach of `src` there conflicts with
 * the ego's time window, judged under link state `state` (-1: each foe link's own, as `hasApproachingFoe`
 * asks); `live` skips the approaches of drivers that have left the network since they were registered.
 * With `collect`, every blocking entry is gathered instead of stopping at the first.
 */
function foesBlock(e: EngineState, link: number, r: Request, src: Approaches, state: number, live: boolean, collect: number[] | undefined): boolean {
  const n = e.net;
  const vs = e.veh;
  // SUMO's sameTargetLane compares the lanes after the junction, for the link out of an internal
  // junction too (its lane is the connection's target, the second internal lane its via)
  const target = n.connToLane[n.linkConn[link] ?? 0];
  let blocked = false;
  for (let k = n.linkFoeStart[link] ?? 0; k < (n.linkFoeStart[link + 1] ?? 0); k++) {
    const f = n.linkFoes[k] ?? 0;
    const sameTarget = n.connToLane[n.linkConn[f] ?? 0] === target;
    for (let c = src.head[f] ?? -1; c >= 0; c = src.next[c] ?? -1) {
      const u = src.veh ? (src.veh[c] ?? 0) : (c / MAX_ITEMS) | 0;
      if (u === r.veh || (src.req && src.req[c] === 0)) continue;
      // approaches of drivers that left the network this step were withdrawn (SUMO removeApproachingInformation)
      if (live && (vs.state[u] !== VEH_RUNNING || c - u * MAX_ITEMS >= (vs.nItems[u] ?? 0))) continue;
      if (!blockedByFoe(e, link, f, src, c, u, r, sameTarget, state < 0 ? (e.linkState[f] ?? 0) : state)) continue;
      if (!collect) return true;
      collect.push(c);
      blocked = true;
    }
  }
  return blocked;
}

/**
 * SUMO `MSLink::opened` against the approaches of `src` (see {@link linkGate} for the part without
 * foes); with `collect`, every blocking entry is gathered instead of stopping at the first.
 *
 * @example
 * ```ts
 * openedAgainst(state, link, request, previousApproaches, undefined);
 * ```
 */
export function openedAgainst(e: EngineState, link: number, r: Request, src: Approaches, collect: number[] | undefined): boolean {
  const gate = linkGate(e, link, r);
  if (gate >= 0) return gate === 1;
  return !foesBlock(e, link, r, src, e.linkState[link] ?? 0, false, collect);
}
