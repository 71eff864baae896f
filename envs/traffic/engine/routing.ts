import { computeBestLanes, connTo, continuation } from './bestLanes.js';
import type { EngineState } from './EngineState.js';
import { checkStopPassed, locateStop } from './stops.js';

/**
 * The connection vehicle `v` takes from `lane`, a lane of its current road: the one onto the lane its
 * best continuation from there leads to (SUMO `succLinkSec`), or -1 when its route does not go on from
 * that lane.
 *
 * @example
 * ```ts
 * vs.conn[v] = laneConn(state, v, lane);
 * ```
 */
export function laneConn(e: EngineState, v: number, lane: number): number {
  const target = continuation(e, v, e.net.laneIndex[lane] ?? 0, 0);
  return target < 0 ? -1 : connTo(e, lane, target);
}

/**
 * The connection vehicle `v` takes from `lane`, `hops` roads ahead of its current road, when it now is on
 * lane index `k` of that road: the one onto the next lane of its best continuation, or -1.
 *
 * @example
 * ```ts
 * const c = connAhead(state, v, k, laneAfterJunction, 1);
 * ```
 */
export function connAhead(e: EngineState, v: number, k: number, lane: number, hops: number): number {
  const target = continuation(e, v, k, hops);
  return target < 0 ? -1 : connTo(e, lane, target);
}

/**
 * Bookkeeping when vehicle `v` reaches `lane` of the next road of its route: route position, its best
 * lanes, the connection it will take from this lane, and the time loss so far (for per-approach delay).
 *
 * @example
 * ```ts
 * enterRoad(state, v, lane);
 * ```
 */
export function enterRoad(e: EngineState, v: number, lane: number): void {
  const vs = e.veh;
  vs.routeIdx[v] = (vs.routeIdx[v] ?? 0) + 1;
  onRoad(e, v, lane);
}

/**
 * Finds where on its route vehicle `v` makes its next stop, skipping one it has passed; call when it
 * reaches a road (before its best lanes, which lead to the stop lane).
 */
export function updateStop(e: EngineState, v: number): void {
  const vs = e.veh;
  if ((vs.stopIdx[v] ?? -1) < 0) return;
  if ((vs.stopRi[v] ?? -1) < 0) locateStop(e, v);
  else checkStopPassed(e, v);
}

/**
 * Sets the per-road state of `v` on `lane` (also at insertion); `haveBest`: its best lanes for this road
 * are already computed (insertion computes them to choose the lane).
 */
export function onRoad(e: EngineState, v: number, lane: number, haveBest = false): void {
  const vs = e.veh;
  updateStop(e, v);
  if (!haveBest) computeBestLanes(e, v);
  vs.conn[v] = laneConn(e, v, lane);
  vs.roadLoss0[v] = vs.timeLoss[v] ?? 0;
  vs.stuck[v] = 0;
}

/** Recomputes the best lanes of `v` and its next connection mid-road (after a stop ended, as SUMO does). */
export function refreshBestLanes(e: EngineState, v: number): void {
  computeBestLanes(e, v);
  const s = e.veh.seg[v] ?? 0;
  if (s < e.net.nLanes) e.veh.conn[v] = laneConn(e, v, s);
}
