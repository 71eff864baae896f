import type { Env } from '../core/Env.js';
import { ClosedEnvironment, InvalidAction, InvalidConfig, ResetNeeded, SnapshotUnsupported } from '../core/errors.js';
import type { Box } from '../spaces/Box.js';
import type { Space } from '../spaces/Space.js';
import { EnvBatch } from './EnvBatch.js';
import { batchActionSpace, batchObservationSpace, SpaceBatching } from './spaceBatching.js';
import { VectorEnv, type AutoresetMode, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from './VectorEnv.js';

/** Options of `SyncVectorEnv`. */
export interface SyncVectorEnvOptions {
  /** `next-step` (default, Gymnasium 1.x) or `same-step`. */
  autoresetMode?: AutoresetMode;
}

/**
 * Steps `n` envs one after the other in the calling thread, after Gymnasium's `SyncVectorEnv`.
 * All sub-envs must have the same spaces. The returned arrays are reused by the next call.
 *
 * @example
 * ```ts
 * const envs = new SyncVectorEnv(Array.from({ length: 4 }, () => () => make('CartPole-v1')));
 * const [obs] = envs.reset({ seed: 0 });
 * const [next, rewards, terms, truncs] = envs.step(Int32Array.of(0, 1, 0, 1));
 * ```
 */
export class SyncVectorEnv extends VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space;
  readonly singleActionSpace: Space;
  readonly observationSpace: Box;
  readonly actionSpace: Space;
  readonly autoresetMode: AutoresetMode;
  /** The sub-envs, in order. */
  readonly envs: readonly Env<unknown, unknown>[];
  private readonly batch: EnvBatch;
  private readonly obs: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly actionSize: number;
  private hasReset = false;
  private closed = false;

  constructor(envFns: readonly (() => Env<any, any>)[], opts: SyncVectorEnvOptions = {}) {
    super();
    if (envFns.length === 0) throw new InvalidConfig('SyncVectorEnv needs at least one env, got 0 env functions');
    this.envs = envFns.map((f) => f() as Env<unknown, unknown>);
    const first = this.envs[0];
    this.envs.forEach((e, i) => {
      if (!e.observationSpace.equals(first.observationSpace) || !e.actionSpace.equals(first.actionSpace)) {
        throw new InvalidConfig(
          `SyncVectorEnv sub-envs must share spaces: env ${i} has ${e.observationSpace.toString()} / ${e.actionSpace.toString()}, env 0 has ` +
            `${first.observationSpace.toString()} / ${first.actionSpace.toString()}`,
        );
      }
    });
    this.numEnvs = this.envs.length;
    this.autoresetMode = opts.autoresetMode ?? 'next-step';
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.observationSpace = batchObservationSpace(this.singleObservationSpace, this.numEnvs);
    this.actionSpace = batchActionSpace(this.singleActionSpace, this.numEnvs);
    const batching = new SpaceBatching(this.singleObservationSpace, this.singleActionSpace);
    this.actionSize = batching.actionSize;
    this.obs = new Float32Array(this.numEnvs * batching.obsSize);
    this.rewards = new Float64Array(this.numEnvs);
    this.terminations = new Uint8Array(this.numEnvs);
    this.truncations = new Uint8Array(this.numEnvs);
    this.batch = new EnvBatch(this.envs, batching, this.autoresetMode, {
      obs: this.obs,
      rewards: this.rewards,
      terminations: this.terminations,
      truncations: this.truncations,
    });
  }

  reset(opts: VectorResetOptions = {}): VectorResetResult {
    if (this.closed) throw new ClosedEnvironment('Cannot call reset() on a closed SyncVectorEnv');
    const infos = this.batch.reset(opts.seed, opts.options);
    this.hasReset = true;
    return [this.obs, infos];
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    if (this.closed) throw new ClosedEnvironment('Cannot call step() on a closed SyncVectorEnv');
    if (!this.hasReset) throw new ResetNeeded('Cannot call SyncVectorEnv.step() before calling reset()');
    if (actions.length !== this.numEnvs * this.actionSize) {
      throw new InvalidAction(
        `SyncVectorEnv.step() needs ${this.numEnvs * this.actionSize} actions (${this.numEnvs} envs x ${this.actionSize}), got ${actions.length}`,
      );
    }
    const infos = this.batch.step(actions);
    return [this.obs, this.rewards, this.terminations, this.truncations, infos];
  }

  /**
   * Every sub-env's snapshot, the pending autoresets and the last batch, so that `restore` on a vector env
   * built the same way continues exactly (used by `tsgym train --resume`).
   */
  override snapshot(): unknown {
    return {
      envs: this.envs.map((e) => e.snapshot()), autoreset: this.batch.autoresetFlags(), hasReset: this.hasReset,
      obs: Array.from(this.obs), rewards: Array.from(this.rewards), terminations: Array.from(this.terminations), truncations: Array.from(this.truncations),
    };
  }

  override restore(snapshot: unknown): void {
    const s = snapshot as {
      envs: unknown[];
      autoreset: number[];
      hasReset: boolean;
      obs: number[];
      rewards: number[];
      terminations: number[];
      truncations: number[];
    };
    if (!Array.isArray(s?.envs) || s.envs.length !== this.numEnvs) {
      throw new SnapshotUnsupported(
        `SyncVectorEnv.restore(): expected a snapshot of ${this.numEnvs} envs, got ${Array.isArray(s?.envs) ? s.envs.length : 'none'}`,
      );
    }
    s.envs.forEach((e, i) => (this.envs[i]).restore(e));
    this.batch.setAutoresetFlags(s.autoreset);
    this.hasReset = s.hasReset;
    this.obs.set(s.obs);
    this.rewards.set(s.rewards);
    this.terminations.set(s.terminations);
    this.truncations.set(s.truncations);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.batch.close();
  }
}
