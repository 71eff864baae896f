import type { CompiledNetwork } from './compileNetwork.js';

/**
 * SUMO's multi-lane internal edges where lanes may be changed (`MSEdge::allowsLaneChanging`): the first
 * internal lanes of the connections from one road to the same road, `segs[start[i] .. start[i+1])` in SUMO's
 * lane order (right to left: by from-lane, then to-lane).
 */
export interface InternalEdges {
  start: Int32Array;
  segs: Int32Array;
  /**
   * 1 where SUMO's `MSLaneChanger` lets a vehicle change from that lane to the one on its right (`mayRight`) or
   * left (`mayLeft`): not between internal lanes that come from the same lane, nor between internal lanes of
   * different lengths.
   */
  mayRight: Uint8Array;
  mayLeft: Uint8Array;
  maxLanes: number;
}

const internalEdgesOf = new WeakMap<CompiledNetwork, InternalEdges>();

/** The multi-lane internal edges of network `n` where lanes may be changed (built once per network). */
export function internalEdges(n: CompiledNetwork): InternalEdges {
  let ie = internalEdgesOf.get(n);
  if (ie) return ie;
  const groups = new Map<number, number[]>();
  for (let c = 0; c < n.nConns; c++) {
    const s = n.connSegStart[c] ?? 0;
    if ((n.segEdgeLanes[s] ?? 1) < 2 || n.segLcAllowed[s] !== 1) continue;
    const key = (n.connFromRoad[c] ?? 0) * (n.nRoads + 1) + (n.connToRoad[c] ?? 0);
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  const start = [0];
  const segs: number[] = [];
  let maxLanes = 0;
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.sort((a, b) => (n.connFromLane[a] ?? 0) - (n.connFromLane[b] ?? 0) || (n.connToLane[a] ?? 0) - (n.connToLane[b] ?? 0));
    for (const c of g) segs.push(n.connSegStart[c] ?? 0);
    start.push(segs.length);
    maxLanes = Math.max(maxLanes, g.length);
  }
  const mayRight = new Uint8Array(segs.length);
  const mayLeft = new Uint8Array(segs.length);
  const may = (a: number, b: number): number => {
    const sa = segs[a] ?? 0;
    const sb = segs[b] ?? 0;
    const sameFrom = n.connFromLane[n.segConn[sa] ?? 0] === n.connFromLane[n.segConn[sb] ?? 0];
    return sameFrom || Math.abs((n.segLength[sa] ?? 0) - (n.segLength[sb] ?? 0)) > 1e-6 ? 0 : 1;
  };
  for (let g = 0; g + 1 < start.length; g++) {
    for (let i = start[g] ?? 0; i < (start[g + 1] ?? 0); i++) {
      if (i > (start[g] ?? 0)) mayRight[i] = may(i, i - 1);
      if (i + 1 < (start[g + 1] ?? 0)) mayLeft[i] = may(i, i + 1);
    }
  }
  ie = { start: Int32Array.from(start), segs: Int32Array.from(segs), mayRight, mayLeft, maxLanes };
  internalEdgesOf.set(n, ie);
  return ie;
}

