/** Options of `DriftMonitor`. */
export interface DriftMonitorOptions {
  /** |running z| above this flags drift (default 1: the serving mean is a training std away). */
  threshold?: number;
  /** Observations averaged (a running mean up to `window`, then an exponential average over it; default 1000). */
  window?: number;
  /** No flag before this many observations (default 30). */
  minSamples?: number;
  /** Names of the features (default `x[i]`). */
  featureNames?: readonly string[];
  /** Each observation's |z| is clipped to this before averaging (default 10 x threshold): one outlier moves the average little. */
  clipZ?: number;
}

/** Drift at one moment. */
export interface DriftReport {
  readonly drifting: boolean;
  /** Features whose |z| exceeds the threshold, largest first. */
  readonly features: readonly { readonly name: string; readonly index: number; readonly z: number }[];
  readonly maxAbsZ: number;
  readonly samples: number;
}

/**
 * Watches served observations against the training statistics (the network's `obsNormalization`
 * mean and variance): per feature a running mean of the z-score `(x - mean) / sqrt(var + epsilon)`,
 * which estimates how many training standard deviations the serving mean has moved. Running mean up
 * to `window` observations, then an exponential average with weight `1 / window` (so old traffic fades).
 * Robust to single outliers: each z is clipped to ±`clipZ` before averaging (a winsorized mean), and a
 * non-finite z (an input no float can hold) is skipped and counted in `skipped`, so NaN never enters.
 *
 * @example
 * ```ts
 * const d = new DriftMonitor([0, 0], [1, 1], 1e-8, { threshold: 1 });
 * d.observe(Float64Array.of(3, 0));
 * d.report().features; // after 30 such observations: [{ name: 'x[0]', index: 0, z: 3 }]
 * ```
 */
export class DriftMonitor {
  readonly threshold: number;
  readonly window: number;
  readonly minSamples: number;
  readonly featureNames: readonly string[];
  readonly clipZ: number;
  /** Feature values skipped because their z was not finite. */
  skipped = 0;
  /** Running z per feature. */
  readonly z: Float64Array;
  samples = 0;
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;

  constructor(mean: ArrayLike<number>, variance: ArrayLike<number>, epsilon: number, opts: DriftMonitorOptions = {}) {
    const n = mean.length;
    this.threshold = opts.threshold ?? 1;
    this.window = opts.window ?? 1000;
    this.minSamples = opts.minSamples ?? 30;
    this.clipZ = opts.clipZ ?? 10 * this.threshold;
    this.featureNames = opts.featureNames ?? Array.from({ length: n }, (_, i) => `x[${i}]`);
    this.mean = Float64Array.from(mean);
    this.invStd = Float64Array.from(variance, (v) => 1 / Math.sqrt(v + epsilon));
    this.z = new Float64Array(n);
  }

  /** Adds one observation (its flat, un-normalised network input). */
  observe(x: ArrayLike<number>): void {
    this.samples++;
    const a = 1 / Math.min(this.samples, this.window);
    const z = this.z;
    const c = this.clipZ;
    for (let i = 0; i < z.length; i++) {
      const zi = ((x[i]) - (this.mean[i])) * (this.invStd[i]);
      if (!Number.isFinite(zi)) {
        this.skipped++;
        continue;
      }
      z[i] = (z[i]) + a * ((zi > c ? c : zi < -c ? -c : zi) - (z[i]));
    }
  }

  /** Whether any feature drifts now (cheap: no allocation). */
  get drifting(): boolean {
    if (this.samples < this.minSamples) return false;
    for (let i = 0; i < this.z.length; i++) if (Math.abs(this.z[i]) > this.threshold) return true;
    return false;
  }

  /** The current state, with the drifting features. */
  report(): DriftReport {
    let maxAbsZ = 0;
    const features: { name: string; index: number; z: number }[] = [];
    for (let i = 0; i < this.z.length; i++) {
      const z = this.z[i];
      maxAbsZ = Math.max(maxAbsZ, Math.abs(z));
      if (this.samples >= this.minSamples && Math.abs(z) > this.threshold) features.push({ name: this.featureNames[i] ?? `x[${i}]`, index: i, z });
    }
    features.sort((p, q) => Math.abs(q.z) - Math.abs(p.z));
    return { drifting: features.length > 0, features, maxAbsZ, samples: this.samples };
  }
}
