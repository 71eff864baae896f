import type { CompiledGeometry } from './compileGeometry.js';

/** What strategic lane choice needs from the network: road lengths and the widest road. */
export interface CompiledRouting {
  /** Length of each road (its longest lane). */
  readonly roadLength: Float64Array;
  /** Most lanes of any road. */
  readonly maxLanes: number;
}

/**
 * Road lengths and the widest road of a network (for the best-lane tables of `bestLanes`).
 *
 * @example
 * ```ts
 * const r = compileRoutes(geometry);
 * r.roadLength[0];
 * ```
 */
export function compileRoutes(g: CompiledGeometry): CompiledRouting {
  const nRoads = g.roadLaneStart.length;
  const roadLength = new Float64Array(nRoads);
  let maxLanes = 1;
  for (let r = 0; r < nRoads; r++) {
    const l0 = g.roadLaneStart[r] ?? 0;
    const n = g.roadLaneCount[r] ?? 0;
    if (n > maxLanes) maxLanes = n;
    let len = 0;
    for (let k = 0; k < n; k++) len = Math.max(len, g.segLength[l0 + k] ?? 0);
    roadLength[r] = len;
  }
  return { roadLength, maxLanes };
}
