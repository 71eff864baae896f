import { snapshotArray, type Snapshot } from './Snapshot.js';

function numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.map(Number) : [];
}

/**
 * Running episode return and length per vector slot (typed arrays, no allocation per step), skipping the
 * reset steps of next-step autoreset. `recent` keeps the last 100 finished returns (SB3's `ep_info_buffer`).
 *
 * @example
 * ```ts
 * tracker.update(rewards, terms, truncs, valid, (env, ret, len) => cbs.log({ type: 'episode', ... }, ctx));
 * ```
 */
export class EpisodeTracker {
  readonly returns: Float64Array;
  readonly lengths: Int32Array;
  readonly recent: number[] = [];
  readonly recentLengths: number[] = [];

  constructor(numEnvs: number) {
    this.returns = new Float64Array(numEnvs);
    this.lengths = new Int32Array(numEnvs);
  }

  update(rewards: ArrayLike<number>, terms: ArrayLike<number>, truncs: ArrayLike<number>, valid: ArrayLike<number>,
    onEnd?: (env: number, ret: number, len: number) => void): void {
    this.updateFrom(0, this.returns.length, rewards, terms, truncs, valid, onEnd);
  }

  /** `update` of the `count` slots from `first` on, their entries at `0 .. count - 1` of the arrays (actors that take turns). */
  updateFrom(first: number, count: number, rewards: ArrayLike<number>, terms: ArrayLike<number>, truncs: ArrayLike<number>, valid: ArrayLike<number>,
    onEnd?: (env: number, ret: number, len: number) => void): void {
    for (let j = 0; j < count; j++) {
      if (!valid[j]) continue;
      const e = first + j;
      this.returns[e] = (this.returns[e] ?? 0) + (rewards[j] ?? 0);
      this.lengths[e] = (this.lengths[e] ?? 0) + 1;
      if (terms[j] || truncs[j]) {
        const r = this.returns[e] ?? 0;
        const l = this.lengths[e] ?? 0;
        this.record(r, l);
        onEnd?.(e, r, l);
        this.returns[e] = 0;
        this.lengths[e] = 0;
      }
    }
  }

  /** Adds a finished episode to `recent` (the last 100 kept). */
  record(ret: number, length: number): void {
    this.recent.push(ret);
    this.recentLengths.push(length);
    if (this.recent.length > 100) {
      this.recent.shift();
      this.recentLengths.shift();
    }
  }

  /** The running sums (arrays `epReturns`, `epLengths`) and the last finished episodes (`recent`, `recentLengths`). */
  snapshot(): Snapshot {
    return {
      state: { recent: [...this.recent], recentLengths: [...this.recentLengths] },
      arrays: { epReturns: this.returns.slice(), epLengths: this.lengths.slice() },
    };
  }

  /** Restores what `snapshot` took (from a tracker of the same number of envs). */
  restore(s: Snapshot): void {
    this.returns.set(snapshotArray(s, 'epReturns', this.returns.length));
    this.lengths.set(snapshotArray(s, 'epLengths', this.lengths.length));
    this.recent.splice(0, this.recent.length, ...numbers(s.state.recent));
    this.recentLengths.splice(0, this.recentLengths.length, ...numbers(s.state.recentLengths));
  }

  /** Mean of the last finished returns (NaN before any). */
  meanReturn(): number {
    return this.recent.length === 0 ? Number.NaN : this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
  }
}
