import { polylineLength, type Point } from '../network/geometry.js';

/** SUMO's `DIVERGENCE_MIN_WIDTH` (m): lanes this far apart no longer overlap. */
export const DIVERGENCE_MIN_WIDTH = 2.5;

function pointSegmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2)) : 0;
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Distance from point `p` to polyline `pl`. */
function toPolyline(p: Point, pl: readonly Point[]): number {
  let best = Infinity;
  for (let i = 1; i < pl.length; i++) best = Math.min(best, pointSegmentDistance(p, pl[i - 1] ?? p, pl[i] ?? p));
  return pl.length === 1 ? Math.hypot(p[0] - (pl[0]?.[0] ?? 0), p[1] - (pl[0]?.[1] ?? 0)) : best;
}

/** Walking back from the end of `own`, the length until its vertices come within `minDist` of `other`. */
function lengthBehind(own: readonly Point[], other: readonly Point[], minDist: number): number {
  let lbc = 0;
  for (let j = own.length - 2; j >= 0; j--) {
    const a = own[j] ?? [0, 0];
    const b = own[j + 1] ?? [0, 0];
    const seg = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const dj = toPolyline(a, other);
    if (dj > minDist) lbc += seg;
    else {
      const dNext = toPolyline(b, other);
      lbc += dNext > dj ? seg - ((minDist - dj) * seg) / (dNext - dj) : 0;
      break;
    }
  }
  return lbc;
}

/**
 * Where two internal lanes that leave the same lane stop overlapping (SUMO 1.15
 * `MSLink::computeDistToDivergence` for same-origin lanes): from the ends of both shapes back to the first
 * vertex closer than `minDist` to the other shape (interpolated on that segment), the later of the two
 * points counted from the lanes' starts (`lengthA`, `lengthB`: the lanes' lengths), at most either shape's
 * length; -1 when the lanes do not start together.
 *
 * @example
 * ```ts
 * distToDivergence(shapeA, shapeB, 2.5, 6.24, 6.24); // e.g. 4.5
 * ```
 */
export function distToDivergence(a: readonly Point[], b: readonly Point[], minDist: number, lengthA: number, lengthB: number): number {
  if (a.length < 2 || b.length < 2) return -1;
  const a0 = a[0] ?? [0, 0];
  const b0 = b[0] ?? [0, 0];
  if (Math.hypot(a0[0] - b0[0], a0[1] - b0[1]) >= minDist) return -1;
  const geomA = polylineLength(a);
  const geomB = polylineLength(b);
  let lbcA = 0;
  let lbcB = 0;
  const aEnd = a[a.length - 1] ?? [0, 0];
  const bEnd = b[b.length - 1] ?? [0, 0];
  if (Math.hypot(aEnd[0] - bEnd[0], aEnd[1] - bEnd[1]) > minDist && toPolyline(aEnd, b) > minDist && toPolyline(bEnd, a) > minDist) {
    lbcB = lengthBehind(b, a, minDist);
    lbcA = lengthBehind(a, b, minDist);
  }
  return Math.min(Math.max(lengthB - lbcB, lengthA - lbcA), geomB, geomA);
}
