/** A point `[x, y]` in metres. */
export type Point = [number, number];

/**
 * Length of a polyline in metres.
 *
 * @example
 * ```ts
 * polylineLength([[0, 0], [3, 4]]); // 5
 * ```
 */
export function polylineLength(pts: readonly Point[]): number {
  let s = 0;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    s += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return s;
}

/**
 * A polyline shifted `d` metres to the right of its direction of travel (positive `d` = right).
 *
 * @example
 * ```ts
 * offsetPolyline([[0, 0], [10, 0]], 1.6); // [[0, -1.6], [10, -1.6]]
 * ```
 */
export function offsetPolyline(pts: readonly Point[], d: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    const a = pts[Math.max(0, i - 1)];
    const b = pts[Math.min(pts.length - 1, i + 1)];
    let dx = b[0] - a[0];
    let dy = b[1] - a[1];
    const n = Math.hypot(dx, dy) || 1;
    dx /= n;
    dy /= n;
    out.push([p[0] + dy * d, p[1] - dx * d]);
  }
  return out;
}

/**
 * Shortens a polyline by `start` metres at its beginning and `end` metres at its end (never below 1 m).
 *
 * @example
 * ```ts
 * trimPolyline([[0, 0], [100, 0]], 10, 10); // [[10, 0], [90, 0]]
 * ```
 */
export function trimPolyline(pts: readonly Point[], start: number, end: number): Point[] {
  const len = polylineLength(pts);
  const s0 = Math.min(start, Math.max(0, (len - 1) / 2));
  const s1 = Math.max(len - Math.min(end, Math.max(0, (len - 1) / 2)), s0 + 1e-6);
  const out: Point[] = [pointAt(pts, s0)];
  let acc = 0;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    acc += Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (acc > s0 && acc < s1) out.push(b);
  }
  out.push(pointAt(pts, s1));
  return out;
}

/**
 * The point `s` metres along a polyline (clamped to its ends).
 *
 * @example
 * ```ts
 * pointAt([[0, 0], [10, 0]], 4); // [4, 0]
 * ```
 */
export function pointAt(pts: readonly Point[], s: number): Point {
  let rest = Math.max(0, s);
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    const l = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (rest <= l && l > 0) return [a[0] + ((b[0] - a[0]) * rest) / l, a[1] + ((b[1] - a[1]) * rest) / l];
    rest -= l;
  }
  const last = pts[pts.length - 1];
  return [last[0], last[1]];
}

/**
 * A smooth internal junction path from `a` (heading `ha`, radians) to `b` (heading `hb`): a quadratic
 * Bezier through the crossing of both tangents, or a straight segment when they are (nearly) parallel.
 *
 * @example
 * ```ts
 * junctionPath([0, 0], 0, [10, 10], Math.PI / 2, 8); // a left-hand quarter curve in 9 points
 * ```
 */
export function junctionPath(a: Point, ha: number, b: Point, hb: number, segments = 8): Point[] {
  const dax = Math.cos(ha);
  const day = Math.sin(ha);
  const dbx = Math.cos(hb);
  const dby = Math.sin(hb);
  const den = dax * dby - day * dbx;
  if (Math.abs(den) < 0.05) return [a, b];
  const t = ((b[0] - a[0]) * dby - (b[1] - a[1]) * dbx) / den;
  if (t <= 0) return [a, b];
  const c: Point = [a[0] + dax * t, a[1] + day * t];
  const out: Point[] = [];
  for (let i = 0; i <= segments; i++) {
    const u = i / segments;
    const w0 = (1 - u) * (1 - u);
    const w1 = 2 * u * (1 - u);
    const w2 = u * u;
    out.push([w0 * a[0] + w1 * c[0] + w2 * b[0], w0 * a[1] + w1 * c[1] + w2 * b[1]]);
  }
  return out;
}

/**
 * Heading (radians, atan2 convention) of a polyline's first (`atEnd=false`) or last segment.
 *
 * @example
 * ```ts
 * polylineHeading([[0, 0], [0, 5]], false); // Math.PI / 2
 * ```
 */
export function polylineHeading(pts: readonly Point[], atEnd: boolean): number {
  const n = pts.length;
  const a = atEnd ? pts[n - 2] : pts[0];
  const b = atEnd ? pts[n - 1] : pts[1];
  return Math.atan2(b[1] - a[1], b[0] - a[0]);
}
