import { encodeIds } from './deltaIds.js';
import { packInts } from './packInts.js';
import type { VehicleColumns } from './types.js';

/** Vehicle state in SI units, struct-of-arrays; `n` entries are read from each array. */
export interface VehicleState {
  readonly n: number;
  /** Integer vehicle ids (any order; they are sorted on encoding). */
  readonly id: ArrayLike<number>;
  /** World position, metres. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Heading, radians counter-clockwise from +x. */
  readonly heading: ArrayLike<number>;
  /** Speed, m/s. */
  readonly speed: ArrayLike<number>;
  /** Accumulated waiting time, s. */
  readonly wait: ArrayLike<number>;
}

const RAD2DEG = 180 / Math.PI;

/**
 * Quantises vehicle state to the recording's columns: decimetres, whole degrees in [0, 360), dm/s,
 * deciseconds, sorted by id with delta-coded ids, each column packed (`packInts`).
 *
 * @example
 * ```ts
 * const cols = encodeVehicles({ n: 1, id: [7], x: [1.25], y: [0], heading: [Math.PI / 2], speed: [13.9], wait: [0] });
 * // columns [7], [13], [0], [90], [139], [0], packed: { n: 1, id: 'O', x: 'a', ... }
 * ```
 */
export function encodeVehicles(s: VehicleState): VehicleColumns {
  const order = new Array<number>(s.n);
  for (let i = 0; i < s.n; i++) order[i] = i;
  order.sort((a, b) => (s.id[a] ?? 0) - (s.id[b] ?? 0));
  const ids = new Array<number>(s.n);
  const x = new Array<number>(s.n);
  const y = new Array<number>(s.n);
  const h = new Array<number>(s.n);
  const v = new Array<number>(s.n);
  const w = new Array<number>(s.n);
  for (let k = 0; k < s.n; k++) {
    const i = order[k] ?? 0;
    ids[k] = s.id[i] ?? 0;
    x[k] = Math.round((s.x[i] ?? 0) * 10);
    y[k] = Math.round((s.y[i] ?? 0) * 10);
    const deg = Math.round((s.heading[i] ?? 0) * RAD2DEG) % 360;
    h[k] = deg < 0 ? deg + 360 : deg;
    v[k] = Math.round((s.speed[i] ?? 0) * 10);
    w[k] = Math.round((s.wait[i] ?? 0) * 10);
  }
  return { n: s.n, id: packInts(encodeIds(ids)), x: packInts(x), y: packInts(y), h: packInts(h), v: packInts(v), w: packInts(w) };
}
