import { InvalidConfig } from '../core/errors.js';

/** Serializable state of a {@link RunningMeanStd} (for checkpoints). */
export interface RunningMeanStdState {
  mean: number[];
  var: number[];
  count: number;
}

/**
 * Running mean and (population) variance of fixed-size vectors, updated with the parallel algorithm of
 * Chan et al. as Gymnasium's `RunningMeanStd`: starts at mean 0, var 1, count `epsilon` (1e-4).
 *
 * @example
 * ```ts
 * const rms = new RunningMeanStd(2);
 * rms.update([1, 2]); rms.update([3, 4]);
 * rms.mean; // ~[2, 3]   rms.var; // ~[1, 1]
 * ```
 */
export class RunningMeanStd {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(readonly size: number, epsilon = 1e-4) {
    if (!Number.isInteger(size) || size < 0) throw new InvalidConfig(`RunningMeanStd size must be a non-negative integer, got ${String(size)}`);
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
  }

  /** Adds one sample (a batch of one: batch mean `x`, batch variance 0). */
  update(x: ArrayLike<number>): void {
    const tot = this.count + 1;
    for (let i = 0; i < this.size; i++) {
      const m = this.mean[i] ?? 0;
      const delta = (x[i] ?? 0) - m;
      this.mean[i] = m + delta / tot;
      this.var[i] = ((this.var[i] ?? 0) * this.count + delta * delta * this.count / tot) / tot;
    }
    this.count = tot;
  }

  /** Merges a batch summarised by its mean, population variance and count. */
  updateFromMoments(batchMean: ArrayLike<number>, batchVar: ArrayLike<number>, batchCount: number): void {
    const tot = this.count + batchCount;
    for (let i = 0; i < this.size; i++) {
      const m = this.mean[i] ?? 0;
      const delta = (batchMean[i] ?? 0) - m;
      this.mean[i] = m + (delta * batchCount) / tot;
      const m2 = (this.var[i] ?? 0) * this.count + (batchVar[i] ?? 0) * batchCount + (delta * delta * this.count * batchCount) / tot;
      this.var[i] = m2 / tot;
    }
    this.count = tot;
  }

  /** A JSON-serializable copy of the statistics. */
  getState(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  /** Restores statistics saved by `getState` (sizes must match). */
  setState(s: RunningMeanStdState): void {
    if (s.mean.length !== this.size || s.var.length !== this.size) {
      throw new InvalidConfig(`RunningMeanStd state has size mean=${s.mean.length}, var=${s.var.length}, expected ${this.size}`);
    }
    if (!(s.count > 0)) throw new InvalidConfig(`RunningMeanStd state count must be > 0, got ${s.count}`);
    this.mean.set(s.mean);
    this.var.set(s.var);
    this.count = s.count;
  }
}
