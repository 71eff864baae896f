import type { TrafficSignalAgent } from './TrafficSignalAgent.js';

/** Per agent: its incoming-lane positions in compass order (see `compassLaneOrder`). */
const ORDERS = new WeakMap<TrafficSignalAgent, Int32Array>();

/**
 * The agent's incoming lanes (indices into `agent.inLanes`) sorted by the bearing the approach comes
 * from, clockwise from north (the direction from the intersection to the road's upstream node), then
 * by lane index within the road. Every intersection of a grid then lists its lanes N, E, S, W whatever
 * order the network builder created the roads in.
 *
 * @example
 * ```ts
 * compassLaneOrder(agent); // Int32Array [2, 3, 0, 1]: inLanes[2] comes from the north, ...
 * ```
 */
export function compassLaneOrder(agent: TrafficSignalAgent): Int32Array {
  const cached = ORDERS.get(agent);
  if (cached) return cached;
  const n = agent.engine.net;
  const x0 = n.nodeX[agent.node];
  const y0 = n.nodeY[agent.node];
  const keys = Array.from(agent.inLanes, (l, i) => {
    let r = 0;
    while (r < n.nRoads && !(l >= (n.roadLaneStart[r]) && l < (n.roadLaneStart[r]) + (n.roadLaneCount[r]))) r++;
    const from = n.roadFrom[r];
    const bearing = Math.atan2((n.nodeX[from]) - x0, (n.nodeY[from]) - y0);
    // round to 0.1 degree so that numerically equal bearings tie, then lane order within the road
    const deg = Math.round((((bearing * 180) / Math.PI + 360) % 360) * 10) / 10;
    return { i, deg: deg === 360 ? 0 : deg, lane: l };
  });
  keys.sort((a, b) => a.deg - b.deg || a.lane - b.lane);
  const order = Int32Array.from(keys, (k) => k.i);
  ORDERS.set(agent, order);
  return order;
}

/**
 * The default traffic observation (phase one-hot, min-green flag, density and queue per incoming lane)
 * with the lanes in compass order (`compassLaneOrder`) instead of the network's road order, so one
 * parameter-shared network sees the same approach at the same position at every intersection. Selected
 * by the env kwarg `laneOrder: 'compass'` of `TrafficSignal-v0`/`TrafficGrid-v0`.
 *
 * @example
 * ```ts
 * const grid = makeParallel('TrafficGrid-v0', { laneOrder: 'compass' });
 * ```
 */
export function compassObservation(agent: TrafficSignalAgent): Float32Array {
  const raw = agent.observe(new Float32Array(agent.obsSize));
  const order = compassLaneOrder(agent);
  const nIn = order.length;
  const k0 = agent.numPhases + 1;
  const out = new Float32Array(agent.obsSize);
  out.set(raw.subarray(0, k0));
  for (let j = 0; j < nIn; j++) {
    const i = order[j];
    out[k0 + j] = raw[k0 + i];
    out[k0 + nIn + j] = raw[k0 + nIn + i];
  }
  return out;
}
