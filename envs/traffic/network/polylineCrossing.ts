import type { Point } from './geometry.js';

/**
 * The first point where polyline `a` crosses polyline `b`, as distances along each (metres from their
 * starts), or undefined when they do not cross. Segment pairs are tested exhaustively (internal lanes
 * have a few dozen points at most).
 *
 * @example
 * ```ts
 * polylineCrossing([[0, 0], [10, 0]], [[5, -5], [5, 5]]); // { a: 5, b: 5 }
 * ```
 */
export function polylineCrossing(a: readonly Point[], b: readonly Point[]): { a: number; b: number } | undefined {
  let sa = 0;
  let best: { a: number; b: number } | undefined;
  for (let i = 1; i < a.length; i++) {
    const p = a[i - 1];
    const q = a[i];
    const la = Math.hypot(q[0] - p[0], q[1] - p[1]);
    let sb = 0;
    for (let j = 1; j < b.length; j++) {
      const r = b[j - 1];
      const s = b[j];
      const lb = Math.hypot(s[0] - r[0], s[1] - r[1]);
      const hit = segmentCrossing(p, q, r, s);
      if (hit && (!best || sa + hit[0] * la < best.a)) best = { a: sa + hit[0] * la, b: sb + hit[1] * lb };
      sb += lb;
    }
    if (best) return best;
    sa += la;
  }
  return best;
}

/** Parameters (t, u) in [0, 1] of the crossing of segments pq and rs, or undefined. */
function segmentCrossing(p: Point, q: Point, r: Point, s: Point): [number, number] | undefined {
  const dx1 = q[0] - p[0];
  const dy1 = q[1] - p[1];
  const dx2 = s[0] - r[0];
  const dy2 = s[1] - r[1];
  const den = dx1 * dy2 - dy1 * dx2;
  if (Math.abs(den) < 1e-12) return undefined;
  const ex = r[0] - p[0];
  const ey = r[1] - p[1];
  const t = (ex * dy2 - ey * dx2) / den;
  const u = (ex * dy1 - ey * dx1) / den;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? [t, u] : undefined;
}
