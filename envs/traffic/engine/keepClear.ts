import { brakeGap, POSITION_EPS } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { itemRequest, type Request } from './linkOpened.js';
import { havePriority } from './linkStates.js';
import { MAX_ITEMS } from './VehicleStore.js';

const HALTING_SPEED = 0.1;

/**
 * Free space (m) on `seg` up to its rearmost stopped vehicle, less the lengths of the moving vehicles
 * behind it (SUMO `getSpaceTillLastStanding`); `stopped` tells whether one was found.
 */
function spaceTillLastStanding(e: EngineState, seg: number, out: { stopped: boolean }): number {
  const vs = e.veh;
  let lengths = 0;
  for (let u = e.segTail[seg] ?? -1; u >= 0; u = vs.ahead[u] ?? -1) {
    const lw = e.typeLenGap[vs.type[u] ?? 0] ?? 7.5;
    if ((vs.speed[u] ?? 0) < HALTING_SPEED) {
      // SUMO 1.15 MSLane::getSpaceTillLastStanding: up to its back, plus the gap it still needs to stop
      out.stopped = true;
      const ty = vs.type[u] ?? 0;
      const d = e.net.demand;
      return (vs.pos[u] ?? 0) - (d.typeLength[ty] ?? 5) + brakeGap(vs.speed[u] ?? 0, d.typeDecel[ty] ?? 4.5, e.dt, d.typeTau[ty] ?? 1) - lengths;
    }
    lengths += lw;
  }
  return (e.net.segLength[seg] ?? 0) - lengths;
}

/** Summed lengths with gaps (m) of the vehicles on `seg` (SUMO `getBruttoVehLenSum`). */
function bruttoLengths(e: EngineState, seg: number): number {
  const vs = e.veh;
  let sum = 0;
  for (let u = e.segTail[seg] ?? -1; u >= 0; u = vs.ahead[u] ?? -1) sum += e.typeLenGap[vs.type[u] ?? 0] ?? 7.5;
  return sum;
}

/** A link the vehicle must not block: keep-clear and with foes (SUMO `MSVehicle::keepClear`). */
function keepsClear(e: EngineState, l: number): boolean {
  return (e.net.linkKeepClear[l] ?? 0) === 1 && (e.net.linkHasFoes[l] ?? 0) === 1;
}

// per item of the vehicle being planned: space available behind its link (its internal lanes), and,
// when its path leaves the junction after them, the space on the lane after it (SUMO's exit-link item)
// and whether a standing vehicle there limits it
const availIn = new Float64Array(MAX_ITEMS);
const availOut = new Float64Array(MAX_ITEMS);
const hasExit = new Uint8Array(MAX_ITEMS);
const exitStopped = new Uint8Array(MAX_ITEMS);
const found = { stopped: false };

/**
 * Space (m) behind each of `veh`'s links, summed along its path from `-inFront` (SUMO
 * `checkRewindLinkLanes`, first pass): the internal lanes of a keep-clear link (one with foes, an internal
 * junction's included) offer none and their vehicles take theirs (a driver must not stop inside the
 * junction); the lane after a junction adds its length when empty (and longer than the vehicle),
 * otherwise its room up to its rearmost standing vehicle, after which nothing more is added. Returns
 * whether a standing vehicle (or one that will wait at its next link or is at a stop) was found.
 */
function spaceAlongPath(e: EngineState, veh: number, nIt: number, inFront: number): boolean {
  const n = e.net;
  const vs = e.veh;
  const len = e.net.demand.typeLength[vs.type[veh] ?? 0] ?? 5;
  let seen = -inFront;
  let stopped = false;
  for (let k = 0; k < nIt; k++) {
    const l = vs.itLink[veh * MAX_ITEMS + k] ?? 0;
    hasExit[k] = 0;
    exitStopped[k] = 0;
    if (stopped) {
      availIn[k] = seen;
      continue;
    }
    const kc = keepsClear(e, l);
    const nextFrom = k + 1 < nIt ? (n.linkFrom[vs.itLink[veh * MAX_ITEMS + k + 1] ?? 0] ?? -1) : -1;
    let seg = n.linkTo[l] ?? 0;
    // the internal lanes up to the next link of the path (an internal junction) or the lane after the junction
    for (let hop = 0; hop < 8; hop++) {
      if (seg < n.nLanes) {
        availIn[k] = seen;
        // the plan ended at this link (a red light, or far enough ahead): SUMO has no drive item for the
        // junction's exit, so the lane after it adds nothing and the link is not checked in the second pass
        if (vs.itExit[veh * MAX_ITEMS + k] !== 1) break;
        hasExit[k] = 1;
        // SUMO's last vehicle of the lane (a partial one included)
        const last = (e.segTail[seg] ?? -1) >= 0 ? (e.segTail[seg] ?? -1) : e.partialOccupant(seg);
        if (last < 0 || last === veh) {
          if ((n.segLength[seg] ?? 0) > len) seen += n.segLength[seg] ?? 0;
        } else {
          found.stopped = false;
          seen += spaceTillLastStanding(e, seg, found);
          // it also counts as standing when it will wait at its next link or is at a stop
          stopped = found.stopped || vs.haveToWait[last] === 1 || vs.stopped[last] === 1;
          exitStopped[k] = stopped ? 1 : 0;
        }
        availOut[k] = seen;
        break;
      }
      if (kc) seen -= bruttoLengths(e, seg);
      else {
        found.stopped = false;
        seen += spaceTillLastStanding(e, seg, found);
        stopped = found.stopped;
      }
      availIn[k] = seen;
      if (seg === nextFrom || stopped) break;
      seg = n.segNext[seg] ?? 0;
    }
  }
  return stopped;
}

const req: Request = { veh: 0, item: 0, arrT: 0, leaveT: 0, arrV: 0, leaveV: 0, impatience: 0 };

/**
 * SUMO `MSLink::opened` for drive item `i` (at link `l`) of `veh`, with its arrival and leave times and
 * speeds and the driver's impatience, against the foes of the previous step (see `PrevApproaches`).
 */
function itemOpened(e: EngineState, veh: number, i: number, l: number): boolean {
  itemRequest(e, req, veh, i, l, true);
  return e.prevApproaches.opened(e, l, req);
}

/**
 * SUMO's second pass: from the last item back, the space behind an item extends to the space behind the
 * next one when the vehicle may continue there. Leaving a junction (the exit link) continues unless a
 * standing vehicle limited the lane after it; a link continues when it leads into an internal junction
 * or is open (it has priority, it is the first link ahead, or no foe of the previous step blocks it (SUMO `MSLink::opened`)), and it can
 * leave the junction (its path ends on a lane, or the vehicle asks for the internal junction after it).
 * Returns whether some link on the way is not open (which, like a standing vehicle, makes SUMO look for a
 * link without room).
 */
function extendSpace(e: EngineState, veh: number, nIt: number): boolean {
  const n = e.net;
  const vs = e.veh;
  const base = veh * MAX_ITEMS;
  let closed = false;
  for (let k = nIt - 1; k >= 0; k--) {
    let nextAvail: number;
    let canLeave: boolean;
    if (hasExit[k] === 1) {
      if (k + 1 < nIt && exitStopped[k] === 0) availOut[k] = availIn[k + 1] ?? 0;
      nextAvail = availOut[k] ?? 0;
      canLeave = true;
    } else {
      if (k + 1 >= nIt) continue;
      nextAvail = availIn[k + 1] ?? 0;
      canLeave = vs.itReq[base + k + 1] === 1;
    }
    const l = vs.itLink[base + k] ?? 0;
    const first = k === 0 && (n.linkFrom[l] ?? -1) === (vs.seg[veh] ?? -2);
    const opened = canLeave && (first || havePriority(e.linkState[l] ?? 0) || itemOpened(e, veh, base + k, l));
    if (!opened) closed = true;
    let allows = opened || (n.linkCont[l] ?? 0) === 1;
    // a closed internal junction still lets the space behind it count for the link into the junction
    if (!opened && k > 0 && hasExit[k - 1] === 0 && (n.linkCont[vs.itLink[base + k - 1] ?? 0] ?? 0) === 1) allows = true;
    if (allows) availIn[k] = nextAvail;
  }
  return closed;
}

/**
 * Junction blocking avoidance (SUMO `checkRewindLinkLanes` with keepClear): the space behind each link
 * of the vehicle's path ({@link spaceAlongPath}) extends to the space behind the next link when that one
 * lets the vehicle continue (it has priority, or the vehicle will ask for it, and no standing vehicle
 * came first); a vehicle does not ask to pass the first keep-clear link behind which there is no room
 * for it, when a standing vehicle (or one that will wait) or a closed link lies on its way. Such links and the ones after them are planned as a
 * stop before the stop line; the request itself is withdrawn only where the driver can still stop before
 * the link (a driver within its brake gap plus 0.1 m keeps asking and enters).
 *
 * @example
 * ```ts
 * keepClear(state, v, lengthsOfVehiclesAhead);
 * ```
 */
export function keepClear(e: EngineState, veh: number, inFront: number): void {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  const nIt = vs.nItems[veh] ?? 0;
  if (nIt === 0) return;
  const base = veh * MAX_ITEMS;
  let any = false;
  for (let k = 0; k < nIt && !any; k++) any = keepsClear(e, vs.itLink[base + k] ?? 0) && vs.itReq[base + k] === 1;
  if (!any) return;
  // SUMO looks for a link without room only when a standing vehicle or a closed link was found on the way
  const stopped = spaceAlongPath(e, veh, nIt, inFront);
  if (!extendSpace(e, veh, nIt) && !stopped) return;
  const need = e.typeLenGap[vs.type[veh] ?? 0] ?? 7.5;
  const onInternal = (vs.seg[veh] ?? 0) >= n.nLanes;
  for (let k = 0; k < nIt; k++) {
    const l = vs.itLink[base + k] ?? 0;
    if ((availIn[k] ?? 0) - need >= 0 || !keepsClear(e, l) || vs.itReq[base + k] === 0 || (k === 0 && onInternal)) continue;
    const sp = vs.speed[veh] ?? 0;
    const dec = d.typeDecel[vs.type[veh] ?? 0] ?? 4.5;
    const bg = brakeGap(sp, dec, e.dt, 0);
    for (let j = k; j < nIt; j++) {
      const ij = base + j;
      vs.itVPass[ij] = vs.itVWait[ij] ?? 0;
      // SUMO 1.15: a request is withdrawn only where the driver can still stop before the link (brake gap
      // plus POSITION_EPS); the one kept while the driver still asks to enter is the junction's exit link
      // (MSLink::isExitLink), which has no item here: the link at an internal junction is withdrawn too
      if ((vs.itDist[ij] ?? 0) < bg + POSITION_EPS) continue;
      vs.itReq[ij] = 0;
    }
    return;
  }
}
