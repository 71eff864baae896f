import { InvalidConfig } from '../../src/core/errors.js';
import type { SerializedMlp } from '../../src/policy/MlpPolicy.js';
import type { RolloutSegment, RolloutSource } from './RolloutSource.js';

/** One vector step of actors' experience, as an off-policy learner adds it to its replay buffer. */
export interface ActorRow {
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: ArrayLike<number>;
  readonly nextObs: Float32Array;
  readonly terms: ArrayLike<number>;
  readonly truncs: ArrayLike<number>;
  readonly valid: ArrayLike<number>;
}

/**
 * Ape-X-style actors for an off-policy learner: collects `chunk` steps of every column at a time from a
 * RolloutSource, epsilon-greedy on the learner's latest Q network, and hands them out one vector step at
 * a time (the next observation of a row is the next row's, the final one before a reset row).
 *
 * @example
 * ```ts
 * const actors = new ActorRows(source, numEnvs, obsDim, trainFreq);
 * const row = await actors.next(() => agent.exportPolicy(), eps); // rb.add(row.obs, row.actions, ...)
 * ```
 */
export class ActorRows {
  private seg: RolloutSegment | undefined;
  private t = 0;

  constructor(private readonly source: RolloutSource, private readonly n: number, private readonly obsDim: number, private readonly chunk: number) {}

  /** The next vector step; fetches `chunk` more (played with `network()` and `epsilon`) when the last batch is used up. */
  async next(network: () => SerializedMlp, epsilon: number): Promise<ActorRow> {
    if (this.seg === undefined || this.t >= this.seg.numSteps) {
      const seg = await this.source.collect(network(), this.chunk, { epsilon });
      if (seg.numColumns !== this.n || seg.obs.length !== seg.numSteps * this.n * this.obsDim) {
        const dim = seg.obs.length / Math.max(1, seg.numSteps * seg.numColumns);
        throw new InvalidConfig(`Actors returned ${seg.numColumns} columns of ${dim} observations, expected ${this.n} of ${this.obsDim}`);
      }
      this.seg = seg;
      this.t = 0;
    }
    const s = this.seg;
    const t = this.t++;
    const w = this.n * this.obsDim;
    const rows = <T extends { subarray(a: number, b: number): T }>(a: T, width: number): T => a.subarray(t * width, (t + 1) * width);
    return {
      obs: rows(s.obs, w),
      actions: rows(s.actions, this.n),
      rewards: Array.prototype.slice.call(s.rewards, t * this.n, (t + 1) * this.n) as number[],
      nextObs: t + 1 < s.numSteps ? s.obs.subarray((t + 1) * w, (t + 2) * w) : s.lastObs,
      terms: Array.prototype.slice.call(s.terms, t * this.n, (t + 1) * this.n) as number[],
      truncs: Array.prototype.slice.call(s.truncs, t * this.n, (t + 1) * this.n) as number[],
      valid: Array.prototype.slice.call(s.valid, t * this.n, (t + 1) * this.n) as number[],
    };
  }
}
