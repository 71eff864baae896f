import { polylineLength, type Point } from '../network/geometry.js';

/** Angle (rad) of the segment of `pts` that starts at index `i` (negative: from the end), as SUMO's `angleAt2D`. */
function angleAt(pts: readonly Point[], i: number): number {
  const k = i < 0 ? pts.length + i : i;
  const a = pts[k] ?? [0, 0];
  const b = pts[k + 1] ?? a;
  return Math.atan2(b[1] - a[1], b[0] - a[0]);
}

/**
 * SUMO 1.15's radius of a turning link (`MSLink::setRequestInformation`): the length of its internal lanes
 * (the first two, as SUMO counts the lane before the exit link and the one before or after it) over the
 * angle between the end of the lane it leaves and the start of the lane it enters; undefined for a straight
 * movement, a right turn (a left turn in a left-hand network), or no turn at all. `rawDir` is the
 * connection's `dir` as the net writes it. SUMO uses the radius in its junction leader check: a foe whose
 * back has passed the crossing point still counts while within the sagitta of a chord of the driver's
 * length plus 2 m (always, when the radius is under half that chord).
 *
 * @example
 * ```ts
 * linkRadius('t', approachShape, [uTurn0, uTurn1], targetShape, false); // about 1.5 (m)
 * ```
 */
export function linkRadius(
  rawDir: string, from: readonly Point[] | undefined, via: readonly (readonly Point[] | undefined)[], to: readonly Point[] | undefined, lefthand: boolean,
): number | undefined {
  if (rawDir === 's' || rawDir === (lefthand ? 'l' : 'r')) return undefined;
  if (!from || !to || from.length < 2 || to.length < 2 || !via[0]) return undefined;
  let d = angleAt(to, 0) - angleAt(from, -2);
  while (d > Math.PI) d -= 2 * Math.PI;
  while (d <= -Math.PI) d += 2 * Math.PI;
  const angle = Math.abs(d);
  if (!(angle > 0)) return undefined;
  const length = polylineLength(via[0]) + (via[1] ? polylineLength(via[1]) : 0);
  return length / angle;
}
