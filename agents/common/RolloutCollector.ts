import type { Rng } from '../../src/rng/Rng.js';
import type { ActorCritic } from './ActorCritic.js';
import type { CallbackList, CallbackContext } from './callbacks.js';
import { EpisodeTracker } from './EpisodeTracker.js';
import { mergeSnapshots, snapshotArray, type Snapshot } from './Snapshot.js';
import type { RolloutBuffer } from './RolloutBuffer.js';
import type { VecEnvLike } from './VecEnvLike.js';

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
