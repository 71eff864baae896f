import type { CompiledNetwork } from '../engine/compileNetwork.js';
import { INSERT_SCHEDULED } from '../engine/compileDemand.js';

/**
 * Expected flow (veh/h) of every connection from the network's demand: route flows along their routes,
 * origin flows spread by the turning ratios (up to 60 roads deep); the flow from one road to the next is
 * split evenly over the connections (lanes) that make that movement. Time-varying profiles count with
 * their mean factor. Scheduled flows (e.g. every CityFlow dataset) and explicit vehicles count as their
 * number of departures over the demand horizon: from 0 to the last scheduled or explicit departure (at
 * least one minute).
 *
 * @example
 * ```ts
 * const q = movementFlowEstimate(engine.net); // q[connection] in veh/h
 * ```
 */
export function movementFlowEstimate(n: CompiledNetwork): Float64Array {
  const d = n.demand;
  const trans = new Map<number, number>();
  const addTrans = (a: number, b: number, q: number): void => {
    const k = a * n.nRoads + b;
    trans.set(k, (trans.get(k) ?? 0) + q);
  };
  let horizon = 60;
  for (let p = 0; p < (d.schedStart[d.nFlows] as number); p++) horizon = Math.max(horizon, d.schedT[p] as number);
  for (let v = 0; v < d.nVehicles; v++) horizon = Math.max(horizon, d.vehDepart[v] as number);
  for (let v = 0; v < d.nVehicles; v++) {
    const r = d.vehRoute[v] as number;
    for (let k = (d.routeStart[r] as number) + 1; k < (d.routeStart[r + 1] as number); k++) addTrans(d.routeRoads[k - 1] as number, d.routeRoads[k] as number, 3600 / horizon);
  }
  for (let f = 0; f < d.nFlows; f++) {
    let departures = 0;
    for (let p = d.schedStart[f] as number; p < (d.schedStart[f + 1] as number); p++) if ((d.schedT[p] as number) < (d.flowEnd[f] as number)) departures++;
    let factor = 1;
    const p0 = d.profStart[f] as number;
    const p1 = d.profStart[f + 1] as number;
    if (p1 > p0) {
      let s = 0;
      for (let k = p0; k < p1; k++) s += d.profF[k] as number;
      factor = s / (p1 - p0);
    }
    const q = d.flowMode[f] === INSERT_SCHEDULED ? (departures * 3600) / horizon : (d.flowRate[f] as number) * 3600 * factor;
    const r = d.flowRoute[f] as number;
    if (r >= 0) {
      for (let k = (d.routeStart[r] as number) + 1; k < (d.routeStart[r + 1] as number); k++) addTrans(d.routeRoads[k - 1] as number, d.routeRoads[k] as number, q);
      continue;
    }
    let frontier: [number, number][] = [[d.flowOrigin[f] as number, q]];
    for (let depth = 0; depth < 60 && frontier.length > 0; depth++) {
      const next: [number, number][] = [];
      for (const [road, mass] of frontier) {
        let prev = 0;
        for (let k = d.turnStart[road] as number; k < (d.turnStart[road + 1] as number); k++) {
          const share = (d.turnCum[k] as number) - prev;
          prev = d.turnCum[k] as number;
          const m = mass * share;
          if (m < 1e-3) continue;
          addTrans(road, d.turnRoad[k] as number, m);
          next.push([d.turnRoad[k] as number, m]);
        }
      }
      frontier = next;
    }
  }
  const conn = new Float64Array(n.nConns);
  for (const [k, q] of trans) {
    const a = Math.floor(k / n.nRoads);
    const b = k % n.nRoads;
    const cs: number[] = [];
    for (let j = n.roadConnStart[a] as number; j < (n.roadConnStart[a + 1] as number); j++) if (n.connToRoad[n.roadConns[j] as number] === b) cs.push(n.roadConns[j] as number);
    for (const c of cs) conn[c] = (conn[c] as number) + q / cs.length;
  }
  return conn;
}
