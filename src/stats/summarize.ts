import { studentTQuantile } from './studentT.js';

/** Mean, sample standard deviation and a two-sided Student-t confidence interval of the mean. */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator); 0 when n = 1. */
  readonly std: number;
  /** Half-width of the confidence interval (NaN when n < 2). */
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
  readonly level: number;
}

/**
 * Summarizes samples with a `level` (default 95 %) t-interval for the mean.
 *
 * @example
 * ```ts
 * summarize([1, 2, 3, 4]); // { mean: 2.5, std: 1.29, halfWidth: 2.05, ... }
 * ```
 */
export function summarize(xs: ArrayLike<number>, level = 0.95): Summary {
  const n = xs.length;
  if (n === 0) throw new RangeError('summarize() needs at least one sample');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i] ?? 0;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((xs[i] ?? 0) - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const halfWidth = n > 1 ? studentTQuantile(0.5 + level / 2, n - 1) * (std / Math.sqrt(n)) : Number.NaN;
  return { n, mean, std, halfWidth, low: mean - halfWidth, high: mean + halfWidth, level };
}

/**
 * Paired differences `b[i] - a[i]` (same seeds), summarized with a t-interval: the right test when two
 * policies ran on identical seeds (common random numbers).
 *
 * @example
 * ```ts
 * pairedDifference([10, 12, 11], [8, 9, 9]); // mean -2.33 with its 95 % interval
 * ```
 */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): Summary {
  if (a.length !== b.length) throw new RangeError(`pairedDifference needs equal lengths, got ${a.length} and ${b.length}`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = (b[i] ?? 0) - (a[i] ?? 0);
  return summarize(d, level);
}
