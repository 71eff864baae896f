import type { Rng } from '../../src/rng/Rng.js';
import type { ActorCritic } from './ActorCritic.js';
import type { CallbackList, CallbackContext } from './callbacks.js';
import { EpisodeTracker } from './EpisodeTracker.js';
import { mergeSnapshots, snapshotArray, type Snapshot } from './Snapshot.js';
import type { RolloutBuffer } from './RolloutBuffer.js';
import type { VecEnvLike } from './VecEnvLike.js';
import type { RolloutSource } from './RolloutSource.js';
import { InvalidConfig } from '../../src/core/errors.js';

/**
 * Runs a vector env with an actor-critic and fills a RolloutBuffer (CleanRL's rollout phase), keeping the
 * env's last observation and done flags between calls. Handles `next-step` autoreset: the step after a
 * done is stored with `valid = 0`.
 *
 * @example
 * ```ts
 * const col = new RolloutCollector(vec, obsDim, actDim);
 * col.start(seed);
 * const steps = col.collect(buffer, ac, rng, cbs, ctx);
 * ```
 */
export class RolloutCollector {
  readonly lastObs: Float32Array;
  readonly prevDone: Uint8Array;
  readonly tracker: EpisodeTracker;
  started = false;
  private readonly envActions: Float32Array;
  private readonly rowActions: Float32Array;
  private readonly rowLogProbs: Float32Array;
  private readonly rowValues: Float32Array;

  constructor(readonly vec: VecEnvLike, readonly obsDim: number, readonly actDim: number) {
    const n = vec.numEnvs;
    this.lastObs = new Float32Array(n * obsDim);
    this.prevDone = new Uint8Array(n);
    this.tracker = new EpisodeTracker(n);
    this.envActions = new Float32Array(n * actDim);
    this.rowActions = new Float32Array(n * actDim);
    this.rowLogProbs = new Float32Array(n);
    this.rowValues = new Float32Array(n);
  }

  /** Resets the env once (seeded); later calls continue the running episodes. */
  start(seed: number): void {
    if (this.started) return;
    const [obs] = this.vec.reset({ seed });
    this.lastObs.set(obs);
    this.started = true;
  }

  /** The running episodes: last observation, done flags, whether the env was reset, and the episode tracker. */
  snapshot(): Snapshot {
    return mergeSnapshots(
      { state: { started: this.started }, arrays: { lastObs: this.lastObs.slice(), prevDone: this.prevDone.slice() } },
      this.tracker.snapshot(),
    );
  }

  /** Restores what `snapshot` took; the next `collect` continues those episodes. */
  restore(s: Snapshot): void {
    this.lastObs.set(snapshotArray(s, 'lastObs', this.lastObs.length));
    this.prevDone.set(snapshotArray(s, 'prevDone', this.prevDone.length));
    this.tracker.restore(s);
    this.started = s.state.started === true;
  }

  /**
   * Fills `buf` with `buf.numSteps` rows played elsewhere (`source`) under the actor-critic's current
   * network; log-probabilities and values are computed here. Returns the env steps taken.
   */
  async collectFrom(source: RolloutSource, buf: RolloutBuffer, ac: ActorCritic, cbs: CallbackList, ctx: CallbackContext, stepsBefore: number): Promise<number> {
    const n = this.vec.numEnvs;
    const seg = await source.collect(ac.export(), buf.numSteps);
    if (seg.numColumns !== n || seg.numSteps !== buf.numSteps || seg.obs.length !== buf.obs.length || seg.actions.length !== buf.actions.length) {
      throw new InvalidConfig(
        `Collected rollouts have ${seg.numSteps} x ${seg.numColumns} rows of ${seg.obs.length / Math.max(1, seg.numSteps * seg.numColumns)} observations, ` +
          `expected ${buf.numSteps} x ${n} of ${this.obsDim}`,
      );
    }
    buf.obs.set(seg.obs);
    buf.actions.set(seg.actions);
    for (let i = 0; i < buf.valid.length; i++) {
      buf.rewards[i] = seg.rewards[i] ?? 0;
      buf.terms[i] = seg.terms[i] ?? 0;
      buf.truncs[i] = seg.truncs[i] ?? 0;
      buf.valid[i] = seg.valid[i] ?? 0;
    }
    ac.logProbsValues(buf.obs, buf.actions, buf.valid.length, buf.logProbs, buf.values);
    for (let t = 0; t < buf.numSteps; t++) {
      const row = t * n;
      const part = <T extends { subarray(a: number, b: number): T }>(a: T): T => a.subarray(row, row + n);
      this.tracker.update(part(buf.rewards), part(buf.terms), part(buf.truncs), part(buf.valid), cbs.hasLog
        ? (env, ret, len) => cbs.log({ type: 'episode', step: stepsBefore + (t + 1) * n, env, return: ret, length: len }, ctx)
        : undefined);
    }
    // the attached env is not stepped: a checkpoint resumed here starts it afresh (started stays false)
    this.lastObs.set(seg.lastObs);
    return buf.numSteps * n;
  }

  /** Fills `buf` with `buf.numSteps` vector steps; returns the env steps taken (numSteps * numEnvs). */
  collect(buf: RolloutBuffer, ac: ActorCritic, rng: Rng, cbs: CallbackList, ctx: CallbackContext, stepsBefore: number): number {
    const n = this.vec.numEnvs;
    const od = this.obsDim;
    const ad = this.actDim;
    for (let t = 0; t < buf.numSteps; t++) {
      const row = t * n;
      buf.obs.set(this.lastObs, row * od);
      ac.act(this.lastObs, n, rng, false, this.rowActions, this.rowLogProbs, this.rowValues);
      buf.actions.set(this.rowActions, row * ad);
      buf.logProbs.set(this.rowLogProbs, row);
      buf.values.set(this.rowValues, row);
      ac.envAction(this.rowActions, this.envActions);
      const [nextObs, rewards, terms, truncs] = this.vec.step(this.envActions);
      for (let e = 0; e < n; e++) {
        const i = row + e;
        buf.valid[i] = this.prevDone[e] ? 0 : 1; // the reset step of next-step autoreset is not a transition
        buf.rewards[i] = rewards[e] ?? 0;
        buf.terms[i] = terms[e] ? 1 : 0;
        buf.truncs[i] = truncs[e] ? 1 : 0;
      }
      const valid = buf.valid.subarray(row, row + n);
      this.tracker.update(rewards, terms, truncs, valid, cbs.hasLog
        ? (env, ret, len) => cbs.log({ type: 'episode', step: stepsBefore + (t + 1) * n, env, return: ret, length: len }, ctx)
        : undefined);
      for (let e = 0; e < n; e++) this.prevDone[e] = terms[e] || truncs[e] ? 1 : 0;
      this.lastObs.set(nextObs);
    }
    return buf.numSteps * n;
  }
}
