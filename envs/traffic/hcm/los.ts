/** HCM (6th/7th ed.) control-delay thresholds of LOS A..E at signalized intersections, s per vehicle. */
export const LOS_DELAY_LIMITS: readonly number[] = [10, 20, 35, 55, 80];

/**
 * Level of service of a signalized approach or intersection from its control delay (s/veh) and its
 * volume-to-capacity ratio, after HCM exhibit 19-8: A <= 10 s, B <= 20, C <= 35, D <= 55, E <= 80, F
 * above, and F whenever v/c > 1.
 *
 * @example
 * ```ts
 * levelOfService(23.4, 0.7); // 'C'
 * levelOfService(12, 1.05);  // 'F'
 * ```
 */
export function levelOfService(controlDelay: number, vc = 0): 'A' | 'B' | 'C' | 'D' | 'E' | 'F' {
  if (!Number.isFinite(controlDelay) || vc > 1) return 'F';
  const letters = ['A', 'B', 'C', 'D', 'E'] as const;
  for (const [i, lim] of LOS_DELAY_LIMITS.entries()) if (controlDelay <= lim) return letters[i] ?? 'E';
  return 'F';
}

/**
 * The `p`-quantile of integer samples held as a histogram (`hist[k]` = samples equal to k): the
 * smallest k whose cumulative share reaches p (0 for an empty histogram).
 *
 * @example
 * ```ts
 * histogramQuantile(Uint32Array.of(10, 5, 5), 0.95); // 2
 * ```
 */
export function histogramQuantile(hist: ArrayLike<number>, p: number): number {
  let total = 0;
  for (let k = 0; k < hist.length; k++) total += hist[k] ?? 0;
  if (total === 0) return 0;
  let cum = 0;
  for (let k = 0; k < hist.length; k++) {
    cum += hist[k] ?? 0;
    if (cum >= p * total - 1e-9) return k;
  }
  return hist.length - 1;
}
