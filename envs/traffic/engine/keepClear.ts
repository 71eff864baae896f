import { brakeGap } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { MAX_ITEMS } from './VehicleStore.js';

const HALTING_SPEED = 0.1;

/**
 * Free space (m) on `seg` up to its rearmost stopped vehicle, less the lengths of the moving vehicles
 * behind it (SUMO `getSpaceTillLastStanding`); `stopped` tells whether one was found.
 */
function spaceTillLastStanding(e: EngineState, seg: number, out: { stopped: boolean }): number {
  const vs = e.veh;
  const d = e.net.demand;
  let lengths = 0;
  for (let u = e.segTail[seg] ?? -1; u >= 0; u = vs.ahead[u] ?? -1) {
    const ty = vs.type[u] ?? 0;
    const lw = (d.typeLength[ty] ?? 5) + (d.typeMinGap[ty] ?? 2.5);
    if ((vs.speed[u] ?? 0) < HALTING_SPEED) {
      out.stopped = true;
      return (vs.pos[u] ?? 0) - lw - lengths;
    }
    lengths += lw;
  }
  return (e.net.segLength[seg] ?? 0) - lengths;
}

const found = { stopped: false };

/** Space behind entry link `l`: its internal lanes and the lane after the junction, up to a standing vehicle. */
function spaceBehind(e: EngineState, l: number): number {
  const n = e.net;
  let seg = n.linkTo[l] ?? 0;
  let space = 0;
  found.stopped = false;
  for (let hop = 0; hop < 4; hop++) {
    space += spaceTillLastStanding(e, seg, found);
    if (found.stopped || seg < n.nLanes) return space;
    seg = n.segNext[seg] ?? 0;
  }
  return space;
}

/**
 * Junction blocking avoidance (SUMO `checkRewindLinkLanes` with keepClear): a vehicle does not ask to
 * enter a junction through a link with foes unless the lane behind it has room for the vehicle after
 * the ones in front of it on its lane (`inFront`, summed lengths with gaps). Such links and the ones
 * after them are planned as a stop before the stop line.
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
  const ty = vs.type[veh] ?? 0;
  const need = (d.typeLength[ty] ?? 5) + (d.typeMinGap[ty] ?? 2.5);
  for (let k = 0; k < nIt; k++) {
    const i = veh * MAX_ITEMS + k;
    const l = vs.itLink[i] ?? 0;
    if ((n.linkInternal[l] ?? 0) === 1 || (n.linkKeepClear[l] ?? 0) === 0 || (n.linkHasFoes[l] ?? 0) === 0 || vs.itReq[i] === 0) continue;
    if (spaceBehind(e, l) - inFront - need >= 0) continue;
    const sp = vs.speed[veh] ?? 0;
    const dec = d.typeDecel[ty] ?? 4.5;
    const bg = brakeGap(sp, dec, e.dt, 0);
    for (let j = k; j < nIt; j++) {
      const ij = veh * MAX_ITEMS + j;
      vs.itVPass[ij] = vs.itVWait[ij] ?? 0;
      const dist = vs.itDist[ij] ?? 0;
      if (dist >= bg || (dist > 0 && sp < dec * e.dt)) vs.itReq[ij] = 0;
    }
    return;
  }
}
