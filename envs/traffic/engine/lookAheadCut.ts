import type { CompiledNetwork } from './compileNetwork.js';
import type { EngineState } from './EngineState.js';
import { LS_EQ, LS_W } from './linkStates.js';
import type { PlanContext } from './PlanContext.js';
import { MAX_ITEMS } from './VehicleStore.js';

/**
 * Whether the plan's look-ahead may end one segment past the vehicle's first link (a shortcut that changes
 * no result, see below). It applies to a Krauss driver on a normal lane without stops ahead, slower than
 * its comfortable and its emergency deceleration take off in one step, whose safe speed is already no more than
 * `epsSpeed` when it reaches that link (a driver standing in a queue behind a standing leader): it does
 * not ask to pass that link (`pushLinkItem`: a request needs a speed above `epsSpeed`; a driver on a normal
 * lane is not leaving a junction), and its safe speed never rises above that again in the look-ahead (it
 * only falls, or returns to the waiting speed of an item, which is no more than the speed when the item
 * was pushed), so none of its later items asks either. The full look-ahead would go on through the
 * junction's foes (`linkLeaders`), the lanes behind it and the next junction's links; what those parts write
 * is read by nobody:
 *
 * - `executeMovements` reads the items up to the first without a request (here the first) and returns
 *   its waiting speed; it never reaches the final safe speed (`vPlan`), `planEnd` or the later items. That
 *   waiting speed is lowered only by the look-ahead onto the segment right after the link, which the cut
 *   version still does.
 * - Other drivers read the registered items only when they ask to pass (`foesBlock`, the previous step's
 *   approaches) or only the first (`foeGap`); `keepClear` acts only when some item asks; a later item's
 *   leave speed, exit flag or withdrawn request (already 0) is read by nobody.
 * - No random number is drawn beyond the first link: an all-way stop (`w`) item draws a tie breaker
 *   whatever it asks, the right-before-left breaker only for a request.
 * - `stopPlanDist` is written only for a stop ahead (excluded). The right-before-left deadlock check
 *   (`ApproachMemory.remember`) reads every item's distance at the links of junctions with `=` links.
 *
 * The last two exclude the roads from which the look-ahead can reach a junction with an all-way stop or a
 * right-before-left link within its items (see `lookAheadCutRoads`).
 *
 * @example
 * ```ts
 * const roads = lookAheadCutRoads(state.net); // once per step
 * if (roads[road] === 1 && mayCutLookAhead(state, veh, P, EPS_SPEED)) { ... } // after the first item was pushed
 * ```
 */
export function mayCutLookAhead(e: EngineState, veh: number, P: PlanContext, epsSpeed: number): boolean {
  return (
    P.v <= epsSpeed && P.idm !== 1 && P.speed < P.decel * e.dt && P.speed <= P.emergencyDecel * e.dt && (e.veh.stopIdx[veh] ?? -1) < 0 &&
    (e.veh.seg[veh] ?? 0) < e.net.nLanes
  );
}

const roadsOf = new WeakMap<CompiledNetwork, Uint8Array>();

/**
 * Per road, 1 where the shortcut may apply: no junction the look-ahead can reach from the road's end with
 * its items (at most `MAX_ITEMS`: the first at the road's end node, each later one at the same node or
 * one road further, so within `MAX_ITEMS - 1` roads of it along any road) has an all-way stop (`w`) or a
 * right-before-left (`=`) link. Both states are static (signals show neither).
 */
export function lookAheadCutRoads(n: CompiledNetwork): Uint8Array {
  let roads = roadsOf.get(n);
  if (roads) return roads;
  const bad = new Uint8Array(n.nNodes);
  for (let l = 0; l < n.nLinks; l++) {
    const st = n.linkStatic[l] ?? 0;
    if (st === LS_W || st === LS_EQ) bad[n.connNode[n.linkConn[l] ?? 0] ?? 0] = 1;
  }
  const out: number[][] = Array.from({ length: n.nNodes }, () => []);
  for (let r = 0; r < n.nRoads; r++) out[n.roadFrom[r] ?? 0]?.push(r);
  roads = new Uint8Array(n.nRoads);
  for (let r = 0; r < n.nRoads; r++) {
    let frontier = [n.roadTo[r] ?? 0];
    let clear = true;
    for (let depth = 0; depth < MAX_ITEMS && clear; depth++) {
      const next: number[] = [];
      for (const node of frontier) {
        if (bad[node] === 1) clear = false;
        for (const q of out[node] ?? []) next.push(n.roadTo[q] ?? 0);
      }
      frontier = next;
    }
    roads[r] = clear ? 1 : 0;
  }
  roadsOf.set(n, roads);
  return roads;
}
