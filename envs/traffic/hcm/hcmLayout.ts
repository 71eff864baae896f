import type { CompiledNetwork } from '../engine/compileNetwork.js';

/** One approach (an incoming road of a signalized junction) as the HCM measures see it. */
export interface HcmApproach {
  /** `NODE.NB` (northbound, by the direction of travel at the stop line), or `NODE.ROAD` when two approaches share a bound. */
  readonly name: string;
  readonly node: string;
  readonly lanes: readonly number[];
  readonly conns: readonly number[];
}

/** What the HCM collector needs of a network: approaches, lane lookups and free-flow data. */
export interface HcmLayout {
  readonly approaches: readonly HcmApproach[];
  /** Approach of each normal lane, -1 when the lane does not end at a signal. */
  readonly laneApproach: Int32Array;
  readonly nLanes: number;
  /** Road of each lane. */
  readonly laneRoad: Int32Array;
  readonly laneLength: Float64Array;
  readonly laneSpeed: Float64Array;
  readonly nConns: number;
  /** Names of the signalized junctions, with the indices of their approaches. */
  readonly nodes: readonly { readonly name: string; readonly approaches: readonly number[] }[];
}

const BOUNDS = ['EB', 'NB', 'WB', 'SB'] as const;

/** Direction of travel from `(x0, y0)` to `(x1, y1)` (y up) as EB/NB/WB/SB. */
export function boundOf(x0: number, y0: number, x1: number, y1: number): string {
  const a = Math.atan2(y1 - y0, x1 - x0);
  const k = ((Math.round(a / (Math.PI / 2)) % 4) + 4) % 4;
  return BOUNDS[k] ?? 'EB';
}

/**
 * The approaches of every signalized junction of a compiled network: each incoming road with a
 * signalized connection, named by junction and travel direction (`J0.NB`).
 *
 * @example
 * ```ts
 * hcmLayout(engine.net).approaches.map((a) => a.name); // ['C.EB', 'C.NB', 'C.WB', 'C.SB']
 * ```
 */
export function hcmLayout(n: CompiledNetwork): HcmLayout {
  const laneApproach = new Int32Array(n.nLanes).fill(-1);
  const approaches: HcmApproach[] = [];
  const nodes: { name: string; approaches: number[] }[] = [];
  for (let node = 0; node < n.nNodes; node++) {
    const mine: { road: number; bound: string; conns: number[] }[] = [];
    for (let i = n.nodeInStart[node] ?? 0; i < (n.nodeInStart[node + 1] ?? 0); i++) {
      const road = n.nodeInRoads[i] ?? 0;
      const conns: number[] = [];
      for (let j = n.roadConnStart[road] ?? 0; j < (n.roadConnStart[road + 1] ?? 0); j++) {
        const c = n.roadConns[j] ?? 0;
        if (n.connSignalized[c] === 1) conns.push(c);
      }
      if (conns.length === 0) continue;
      const from = n.roadFrom[road] ?? 0;
      mine.push({ road, conns, bound: boundOf(n.nodeX[from] ?? 0, n.nodeY[from] ?? 0, n.nodeX[node] ?? 0, n.nodeY[node] ?? 0) });
    }
    if (mine.length === 0) continue;
    const nodeName = n.nodeIds[node] ?? String(node);
    const entry = { name: nodeName, approaches: [] as number[] };
    for (const m of mine) {
      const shared = mine.filter((o) => o.bound === m.bound).length > 1;
      const a = approaches.length;
      const lanes: number[] = [];
      for (let k = 0; k < (n.roadLaneCount[m.road] ?? 0); k++) {
        const lane = (n.roadLaneStart[m.road] ?? 0) + k;
        lanes.push(lane);
        laneApproach[lane] = a;
      }
      approaches.push({ name: `${nodeName}.${shared ? (n.roadIds[m.road] ?? m.road) : m.bound}`, node: nodeName, lanes, conns: m.conns });
      entry.approaches.push(a);
    }
    nodes.push(entry);
  }
  return {
    approaches, laneApproach, nLanes: n.nLanes, laneRoad: n.laneRoad, laneLength: n.segLength.slice(0, n.nLanes), laneSpeed: n.segSpeed.slice(0, n.nLanes),
    nConns: n.nConns, nodes,
  };
}
