import type { NetworkSpec } from '../network/NetworkSpec.js';

/** Per-road turning tables: next roads `turnRoad[turnStart[r] .. turnStart[r+1])` with cumulative probabilities `turnCum`. */
export interface CompiledTurning {
  readonly turnStart: Int32Array;
  readonly turnRoad: Int32Array;
  readonly turnCum: Float64Array;
}

const DIR_KEYS = ['l', 's', 'r', 't'] as const;

/**
 * Turning tables of vehicles that follow turning ratios (`origin` flows): each road's next roads with
 * the ratios of `demand.turning`, split evenly between roads of the same direction; roads without an
 * entry go straight when they can, else pick uniformly.
 *
 * @example
 * ```ts
 * const t = compileTurning(spec, roadIx, byRoad, connToRoad, connDir);
 * ```
 */
export function compileTurning(
  spec: NetworkSpec, roadIx: Map<string, number>, byRoad: { start: Int32Array; items: Int32Array }, connToRoad: Int32Array, connDir: Uint8Array,
): CompiledTurning {
  const nRoads = spec.roads.length;
  const ratios = new Map(spec.demand.turning.map((t) => [roadIx.get(t.road) ?? -1, t] as const));
  const turnStart = new Int32Array(nRoads + 1);
  const tRoad: number[] = [];
  const tCum: number[] = [];
  for (let r = 0; r < nRoads; r++) {
    const cand = new Map<number, number>();
    for (let k = byRoad.start[r] ?? 0; k < (byRoad.start[r + 1] ?? 0); k++) {
      const c = byRoad.items[k] ?? 0;
      if (!cand.has(connToRoad[c] ?? 0)) cand.set(connToRoad[c] ?? 0, connDir[c] ?? 1);
    }
    const ratio = ratios.get(r);
    const dirs = [...cand.values()];
    const hasS = dirs.includes(1);
    const weights = [...cand.entries()].map(([road, dir]) => {
      if (ratio) return [road, ratio[DIR_KEYS[dir] ?? 's'] / dirs.filter((d) => d === dir).length] as const;
      return [road, hasS ? (dir === 1 ? 1 : 0) : 1] as const;
    });
    let total = weights.reduce((a, w) => a + w[1], 0);
    if (total <= 0) total = 1;
    let acc = 0;
    for (const [road, w] of weights) {
      if (w <= 0) continue;
      acc += w / total;
      tRoad.push(road);
      tCum.push(acc);
    }
    if (tCum.length > (turnStart[r] ?? 0)) tCum[tCum.length - 1] = 1;
    turnStart[r + 1] = tRoad.length;
  }
  return { turnStart, turnRoad: Int32Array.from(tRoad), turnCum: Float64Array.from(tCum) };
}
