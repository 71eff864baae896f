/** A fixed-time plan: cycle length and green per phase (s). */
export interface WebsterPlan {
  readonly cycle: number;
  readonly greens: Float64Array;
  /** Sum of the critical flow ratios. */
  readonly flowRatio: number;
}

/**
 * Webster's (1958) optimal cycle `C0 = (1.5 L + 5) / (1 - Y)` and greens proportional to each phase's
 * critical flow ratio `y_i = q_i / s`, from lost time `L` (s per cycle). The cycle is clamped to
 * [minCycle, maxCycle] (maxCycle when Y >= 0.95), each green to [minGreen, maxGreen].
 *
 * @example
 * ```ts
 * websterPlan([0.3, 0.2], 8); // cycle (1.5*8+5)/(1-0.5) = 34 s, greens 15.6 and 10.4 s
 * ```
 */
export function websterPlan(
  flowRatios: ArrayLike<number>,
  lostTime: number,
  opts: { minCycle?: number; maxCycle?: number; minGreen?: number; maxGreen?: number } = {},
): WebsterPlan {
  const n = flowRatios.length;
  let Y = 0;
  for (let i = 0; i < n; i++) Y += Math.max(0, flowRatios[i]);
  const minCycle = opts.minCycle ?? 30;
  const maxCycle = opts.maxCycle ?? 150;
  const c0 = Y >= 0.95 ? maxCycle : (1.5 * lostTime + 5) / (1 - Y);
  const cycle = Math.min(maxCycle, Math.max(minCycle, c0));
  const effective = Math.max(0, cycle - lostTime);
  const greens = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const share = Y > 0 ? Math.max(0, flowRatios[i]) / Y : 1 / n;
    greens[i] = Math.min(opts.maxGreen ?? Infinity, Math.max(opts.minGreen ?? 0, effective * share));
  }
  return { cycle, greens, flowRatio: Y };
}
