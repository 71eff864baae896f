import type { CompiledNetwork } from './compileNetwork.js';
import type { RoutingDevice } from './RoutingDevice.js';

/** The best loop found so far (grown as needed). */
let loop = new Int32Array(16);

/**
 * A loop from road `road` back to itself on the routing device's current travel times (SUMO's
 * `computeLooped`, for a via road that is the road a leg starts on): the fastest route from each successor
 * the vehicle class may enter back to `road`, the first of the cheapest kept, after `road`. Roads in
 * `dev.path[0 .. n)`, n returned (0: none).
 *
 * @example
 * ```ts
 * const n = routeLoop(e.routing, e.net, road, 1, 55.6); // dev.path: road, ..., road
 * ```
 */
export function routeLoop(dev: RoutingDevice, net: CompiledNetwork, road: number, sf: number, vmax: number, cls = 0xffffffff): number {
  let best = Infinity;
  let bestLen = 0;
  const c0 = net.roadConnStart[road] ?? 0;
  const c1 = net.roadConnStart[road + 1] ?? 0;
  for (let j = c0; j < c1; j++) {
    const c = net.roadConns[j] ?? 0;
    const s = net.connToRoad[c] ?? 0;
    // each successor once, through the first connection whose lanes the class may use (as the router)
    let first = true;
    for (let i = c0; first && i < j; i++) first = net.connToRoad[net.roadConns[i] ?? 0] !== s || !allows(net, net.roadConns[i] ?? 0, cls);
    if (!first || !allows(net, c, cls)) continue;
    const len = dev.route(s, road, sf, vmax, cls);
    const effort = dev.dist[road] ?? Infinity;
    if (len === 0 || !(effort < best)) continue;
    best = effort;
    if (loop.length < len + 1) loop = new Int32Array((len + 1) * 2);
    loop[0] = road;
    loop.set(dev.path.subarray(0, len), 1);
    bestLen = len + 1;
  }
  if (bestLen === 0) return 0;
  if (dev.path.length < bestLen) dev.path = new Int32Array(bestLen * 2);
  dev.path.set(loop.subarray(0, bestLen));
  return bestLen;
}

/** Whether vehicle class bit `cls` may use connection `c` (its lanes on both sides). */
function allows(net: CompiledNetwork, c: number, cls: number): boolean {
  return ((net.laneAllow[net.connFromLane[c] ?? 0] ?? 0) & cls) !== 0 && ((net.laneAllow[net.connToLane[c] ?? 0] ?? 0) & cls) !== 0;
}
