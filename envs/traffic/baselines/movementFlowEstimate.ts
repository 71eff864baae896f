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
  for (let p = 0; p < (d.schedStart[d.nFlows]); p++) horizon = Math.max(horizon, d.schedT[p]);
  for (let v = 0; v < d.nVehicles; v++) horizon = Math.max(horizon, d.vehDepart[v]);
  for (let v = 0; v < d.nVehicles; v++) {
    const r = d.vehRoute[v];
    for (let k = (d.routeStart[r]) + 1; k < (d.routeStart[r + 1]); k++) addTrans(d.routeRoads[k - 1], d.routeRoads[k], 3600 / horizon);
  }
  for (let f = 0; f < d.nFlows; f++) {
    let departures = 0;
    for (let p = d.schedStart[f]; p < (d.schedStart[f + 1]); p++) if ((d.schedT[p]) < (d.flowEnd[f])) departures++;
    let factor = 1;
    const p0 = d.profStart[f];
    const p1 = d.profStart[f + 1];
    if (p1 > p0) {
      let s = 0;
      for (let k = p0; k < p1; k++) s += d.profF[k];
      factor = s / (p1 - p0);
    }
    const q = d.flowMode[f] === INSERT_SCHEDULED ? (departures * 3600) / horizon : (d.flowRate[f]) * 3600 * factor;
    const r = d.flowRoute[f];
    if (r >= 0) {
      for (let k = (d.routeStart[r]) + 1; k < (d.routeStart[r + 1]); k++) addTrans(d.routeRoads[k - 1], d.routeRoads[k], q);
      continue;
    }
    let frontier: [number, number][] = [[d.flowOrigin[f], q]];
    for (let depth = 0; depth < 60 && frontier.length > 0; depth++) {
      const next: [number, number][] = [];
      for (const [road, mass] of frontier) {
        let prev = 0;
        for (let k = d.turnStart[road]; k < (d.turnStart[road + 1]); k++) {
          const share = (d.turnCum[k]) - prev;
          prev = d.turnCum[k];
          const m = mass * share;
          if (m < 1e-3) continue;
          addTrans(road, d.turnRoad[k], m);
          next.push([d.turnRoad[k], m]);
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
    for (let j = n.roadConnStart[a]; j < (n.roadConnStart[a + 1]); j++) if (n.connToRoad[n.roadConns[j]] === b) cs.push(n.roadConns[j]);
    for (const c of cs) conn[c] = (conn[c]) + q / cs.length;
  }
  return conn;
}
