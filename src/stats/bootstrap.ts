/** A point estimate with its percentile-bootstrap confidence interval. */
export interface Interval {
  readonly point: number;
  readonly low: number;
  readonly high: number;
}

/** Mean, interquartile mean and their bootstrap intervals over the runs (seeds) of one experiment. */
export interface RunAggregate {
  readonly n: number;
  readonly mean: Interval;
  readonly iqm: Interval;
  readonly level: number;
  readonly resamples: number;
}

/**
 * Arithmetic mean.
 *
 * @example
 * ```ts
 * mean([1, 2, 6]); // 3
 * ```
 */
export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) throw new RangeError('mean() needs at least one value');
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] ?? 0;
  return s / xs.length;
}

/**
 * Interquartile mean (Agarwal et al. 2021): the mean of the values left after dropping `floor(n / 4)` of
 * the lowest and as many of the highest (scipy's `trim_mean(x, 0.25)`, as rliable). Robust to one run
 * that failed or one that got lucky, yet uses half the runs, unlike the median.
 *
 * @example
 * ```ts
 * iqm([0, 10, 11, 12, 500]); // 11 (mean of 10, 11, 12)
 * ```
 */
export function iqm(xs: ArrayLike<number>): number {
  const s = Array.from(xs).sort((a, b) => a - b);
  const cut = Math.floor(s.length / 4);
  return mean(s.slice(cut, s.length - cut));
}

/** The `q` quantile of sorted values (linear interpolation between order statistics, numpy's default). */
function quantileSorted(s: readonly number[], q: number): number {
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return (s[lo] ?? 0) + (pos - lo) * ((s[hi] ?? 0) - (s[lo] ?? 0));
}

/**
 * Percentile bootstrap interval of `stat` over `xs`: `resamples` samples of `xs.length` values drawn with
 * replacement (with `random()` uniform in [0, 1), e.g. a seeded Rng's), the statistic of each, and its
 * `(1 - level) / 2` and `(1 + level) / 2` quantiles.
 *
 * @example
 * ```ts
 * const rng = new Rng(0);
 * bootstrapInterval([480, 500, 500, 212, 500], iqm, () => rng.random()); // { point: 493.3, low: ..., high: 500 }
 * ```
 */
export function bootstrapInterval(
  xs: ArrayLike<number>, stat: (v: number[]) => number, random: () => number, o: { resamples?: number; level?: number } = {},
): Interval {
  const n = xs.length;
  if (n === 0) throw new RangeError('bootstrapInterval() needs at least one value');
  const resamples = o.resamples ?? 2000;
  const level = o.level ?? 0.95;
  const values = Array.from(xs);
  const stats: number[] = new Array<number>(resamples);
  const sample: number[] = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.min(n - 1, Math.floor(random() * n))] ?? 0;
    stats[r] = stat(sample);
  }
  stats.sort((a, b) => a - b);
  return { point: stat(values), low: quantileSorted(stats, (1 - level) / 2), high: quantileSorted(stats, (1 + level) / 2) };
}

/**
 * The aggregate of one score per run that rliable recommends: mean and interquartile mean, each with a
 * percentile bootstrap interval over the runs.
 *
 * @example
 * ```ts
 * const rng = new Rng(0);
 * aggregateRuns([500, 500, 487, 500, 129], () => rng.random()).iqm; // { point: 495.7, low: ..., high: ... }
 * ```
 */
export function aggregateRuns(xs: ArrayLike<number>, random: () => number, o: { resamples?: number; level?: number } = {}): RunAggregate {
  const resamples = o.resamples ?? 2000;
  const level = o.level ?? 0.95;
  return {
    n: xs.length,
    mean: bootstrapInterval(xs, mean, random, { resamples, level }),
    iqm: bootstrapInterval(xs, iqm, random, { resamples, level }),
    level,
    resamples,
  };
}
