import { brakeGap } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
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
      out.stopped = true;
      return (vs.pos[u] ?? 0) - lw - lengths;
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

// per item of the vehicle being planned: space available behind its link, and whether a standing vehicle limits it
const avail = new Float64Array(MAX_ITEMS);
const hadStopped = new Uint8Array(MAX_ITEMS);
const found = { stopped: false };

/**
 * Space (m) behind each of `veh`'s links, summed along its path from `-inFront` (SUMO
 * `checkRewindLinkLanes`, first pass): the internal lanes of a keep-clear link offer none and their
 * vehicles take theirs (a driver must not stop inside the junction); a lane adds its length when empty,
 * otherwise its room up to its rearmost standing vehicle, after which nothing more is added. Returns
 * whether some lane on the way had a vehicle.
 */
function spaceAlongPath(e: EngineState, veh: number, nIt: number, inFront: number): boolean {
  const n = e.net;
  const vs = e.veh;
  const len = e.net.demand.typeLength[vs.type[veh] ?? 0] ?? 5;
  let seen = -inFront;
  let stopped = false;
  let hadVehicle = false;
  for (let k = 0; k < nIt; k++) {
    const l = vs.itLink[veh * MAX_ITEMS + k] ?? 0;
    if (!stopped) {
      const kc = keepsClear(e, l);
      const nextFrom = k + 1 < nIt ? (n.linkFrom[vs.itLink[veh * MAX_ITEMS + k + 1] ?? 0] ?? -1) : -1;
      let seg = n.linkTo[l] ?? 0;
      // the internal lanes up to the next link of the path (an internal junction) or the lane after the junction
      for (let hop = 0; hop < 8; hop++) {
        if (seg < n.nLanes) {
          if ((e.segTail[seg] ?? -1) < 0) {
            if ((n.segLength[seg] ?? 0) > len || kc) seen += n.segLength[seg] ?? 0;
          } else {
            hadVehicle = true;
            found.stopped = false;
            seen += spaceTillLastStanding(e, seg, found);
            stopped = found.stopped;
          }
          break;
        }
        if (kc) seen -= bruttoLengths(e, seg);
        else {
          found.stopped = false;
          seen += spaceTillLastStanding(e, seg, found);
          stopped = found.stopped;
        }
        if (seg === nextFrom || stopped) break;
        seg = n.segNext[seg] ?? 0;
      }
    }
    avail[k] = seen;
    hadStopped[k] = stopped ? 1 : 0;
  }
  return hadVehicle;
}

/**
 * Junction blocking avoidance (SUMO `checkRewindLinkLanes` with keepClear): the space behind each link
 * of the vehicle's path ({@link spaceAlongPath}) extends to the space behind the next link when that one
 * lets the vehicle continue (it has priority, or the vehicle will ask for it, and no standing vehicle
 * came first); a vehicle does not ask to pass the first keep-clear link behind which there is no room
 * for it, when some lane on its way holds a vehicle. Such links and the ones after them are planned as a
 * stop before the stop line.
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
  if (!any || !spaceAlongPath(e, veh, nIt, inFront)) return;
  for (let k = nIt - 1; k > 0; k--) {
    const l = vs.itLink[base + k - 1] ?? 0;
    const canLeave = (n.linkTo[l] ?? 0) < n.nLanes || vs.itReq[base + k] === 1;
    const opened = canLeave && (k === 1 || havePriority(e.linkState[l] ?? 0) || vs.itReq[base + k - 1] === 1);
    if (opened && hadStopped[k - 1] === 0) avail[k - 1] = avail[k] ?? 0;
  }
  const need = e.typeLenGap[vs.type[veh] ?? 0] ?? 7.5;
  const onInternal = (vs.seg[veh] ?? 0) >= n.nLanes;
  for (let k = 0; k < nIt; k++) {
    const l = vs.itLink[base + k] ?? 0;
    if ((avail[k] ?? 0) - need >= 0 || !keepsClear(e, l) || vs.itReq[base + k] === 0 || (k === 0 && onInternal)) continue;
    const sp = vs.speed[veh] ?? 0;
    const dec = d.typeDecel[vs.type[veh] ?? 0] ?? 4.5;
    const bg = brakeGap(sp, dec, e.dt, 0);
    for (let j = k; j < nIt; j++) {
      const ij = base + j;
      vs.itVPass[ij] = vs.itVWait[ij] ?? 0;
      const dist = vs.itDist[ij] ?? 0;
      if (dist >= bg || (dist > 0 && sp < dec * e.dt)) vs.itReq[ij] = 0;
    }
    return;
  }
}
