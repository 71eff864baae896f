import type * as tfjs from '@tensorflow/tfjs';
import { InvalidConfig } from '../../src/core/errors.js';
import { Rng, type RngState } from '../../src/rng/Rng.js';
import type { Space } from '../../src/spaces/Space.js';
import { flatDim } from '../../src/spaces/flatten.js';
import type { SerializedMlp } from '../../src/policy/MlpPolicy.js';
import { loadTf, type Tf } from '../loadTf.js';
import type { Agent, LearnOptions, PredictOptions } from './Agent.js';
import { checkpointOf, flatObs, loadAgentDir, restoreOptimizer, saveAgentDir, type LoadedAgent } from './agentDir.js';
import { asVecEnv, type AgentEnv } from './asVecEnv.js';
import { BoxScaling } from './boxScaling.js';
import { CallbackList, callbackContext } from './callbacks.js';
import { EpisodeTracker } from './EpisodeTracker.js';
import type { Mlp } from './Mlp.js';
import type { OffPolicyBoxSettings } from './offPolicyBoxConfig.js';
import type { OptimizerGroup } from './OptimizerGroup.js';
import { ReplayBuffer } from './ReplayBuffer.js';
import { mergeSnapshots, snapshotArray, snapshotNumber, type Snapshot } from './Snapshot.js';
import { squashedPolicyExport } from './squashedPolicyExport.js';
import type { TwinCritics } from './twinCritics.js';
import type { VecEnvLike } from './VecEnvLike.js';

/** What {@link OffPolicyBoxAgent} needs of an algorithm's networks. */
export interface OffPolicyBoxNets {
  /** The actor; its first `actDim` outputs, through `tanh`, are the deterministic action in `[-1, 1]`. */
  readonly actor: Mlp;
  /** The twin critics (the layers of `q1` are written as the model's `critic` topology). */
  readonly critics: TwinCritics;
  /** Every optimizer, saved together in a checkpoint. */
  readonly optimizers: OptimizerGroup;
  numGradientSteps: number;
  dispose(): void;
}

/** Fields of a `train` log record besides the step, speed, mean return and gradient steps. */
export type TrainStats = Record<string, number>;

/**
 * The off-policy learner for Box action spaces that SAC and TD3 share, as SB3's `OffPolicyAlgorithm`:
 * one env step per sub-env, the transition into the replay buffer (actions stored in `[-1, 1]`,
 * rescaled to the Box for the env by {@link BoxScaling}), uniform actions before `learningStarts`, then
 * `gradientSteps` gradient steps every `trainFreq` vector steps; checkpoints hold the networks, the Adam
 * moments, the replay buffer, the rng and the counters, so a resumed run is bit for bit the one not
 * interrupted. The algorithm supplies its networks, its exploration and its gradient step.
 *
 * @example
 * ```ts
 * class TD3 extends OffPolicyBoxAgent<Td3Networks, Cfg> { ... }
 * ```
 */
export abstract class OffPolicyBoxAgent<N extends OffPolicyBoxNets, C extends OffPolicyBoxSettings> implements Agent {
  abstract readonly algo: 'sac' | 'td3';
  numTimesteps = 0;
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  readonly nets: N;
  protected readonly tf: Tf;
  protected readonly cfg: C;
  protected readonly scaling: BoxScaling;
  protected readonly obsDim: number;
  protected readonly actDim: number;
  protected rng: Rng;
  private vec: VecEnvLike | undefined;
  private rb: ReplayBuffer | undefined;
  private lastObs = new Float32Array(0);
  private prevDone = new Uint8Array(0);
  private tracker = new EpisodeTracker(0);
  private started = false;

  protected constructor(tf: Tf, cfg: C, obsSpace: Space<unknown>, actSpace: Space<unknown>, nets: (obsDim: number, actDim: number) => N) {
    this.tf = tf;
    this.cfg = cfg;
    this.observationSpace = obsSpace;
    this.actionSpace = actSpace;
    this.scaling = new BoxScaling(actSpace);
    this.obsDim = flatDim(obsSpace);
    this.actDim = this.scaling.dim;
    this.nets = nets(this.obsDim, this.actDim);
    this.rng = new Rng(cfg.seed);
  }

  /** `[-1, 1]` actions for `n` flat observations: deterministic, or exploring with this agent's rng. */
  protected abstract act(obs: Float32Array, n: number, deterministic: boolean): Float32Array;
  /** One gradient step on a replay batch drawn with this agent's rng. */
  abstract trainStep(): unknown;
  /** Losses (and the like) of the last gradient step for the `train` log record. */
  protected abstract trainStats(): TrainStats;
  /** Every network tensor by name (the target networks only when `withTargets`). */
  protected abstract tensors(withTargets: boolean): Record<string, tfjs.Tensor>;
  /** Sets the networks from a saved model (targets copied from their networks, or loaded when `withTargets`). */
  protected abstract assignTensors(m: LoadedAgent, withTargets: boolean): void;

  /** Connects a vector env: its width sizes the replay buffer and the running episodes. */
  protected attach(vec: VecEnvLike): void {
    this.vec = vec;
    const n = vec.numEnvs;
    this.lastObs = new Float32Array(n * this.obsDim);
    this.prevDone = new Uint8Array(n);
    this.tracker = new EpisodeTracker(n);
    const c = this.cfg;
    this.rb = new ReplayBuffer({ bufferSize: c.bufferSize, numEnvs: n, obsDim: this.obsDim, actDim: this.actDim, batchSize: c.batchSize, gamma: c.gamma });
  }

  /** The env action for one observation: the deterministic policy rescaled to the Box (exploring when `deterministic: false`). */
  predict(obs: unknown, opts: PredictOptions = {}): Float32Array {
    const x = flatObs(this.observationSpace, obs, this.obsDim);
    return this.scaling.toEnv(this.act(x, 1, opts.deterministic ?? true));
  }

  /** `[-1, 1]` actions of all sub-envs for this step: uniform before `learningStarts`, then exploring policy actions. */
  private explore(n: number): Float32Array {
    if (this.numTimesteps >= this.cfg.learningStarts) return this.act(this.lastObs, n, false);
    const a = new Float32Array(n * this.actDim);
    for (let k = 0; k < a.length; k++) a[k] = this.rng.uniform(-1, 1);
    return a;
  }

  async learn(opts: LearnOptions): Promise<this> {
    const vec = this.vec;
    const rb = this.rb;
    const name = this.algo.toUpperCase();
    if (vec === undefined || rb === undefined) throw new InvalidConfig(`${name} has no env attached: create it with an env or loadCheckpoint(dir, env)`);
    const c = this.cfg;
    const n = vec.numEnvs;
    const end = this.numTimesteps + opts.totalTimesteps;
    const cbs = new CallbackList(opts.callbacks ?? []);
    const ctx = callbackContext(this, cbs);
    const valid = new Uint8Array(n);
    const envActions = new Float32Array(n * this.actDim);
    const onEpisode = (env: number, ret: number, len: number): void =>
      cbs.log({ type: 'episode', step: this.numTimesteps + n, env, return: ret, length: len }, ctx);
    if (!this.started) {
      const [obs] = vec.reset({ seed: c.seed });
      this.lastObs.set(obs);
      this.started = true;
    }
    await cbs.start(ctx);
    let t0 = performance.now();
    let steps0 = this.numTimesteps;
    let nextLog = (Math.floor(this.numTimesteps / c.logInterval) + 1) * c.logInterval;
    while (this.numTimesteps < end) {
      const actions = this.explore(n);
      const [nextObs, rewards, terms, truncs] = vec.step(this.scaling.toEnv(actions, envActions));
      // the step after a done is the reset step of next-step autoreset: not a transition
      for (let e = 0; e < n; e++) valid[e] = this.prevDone[e] ? 0 : 1;
      rb.add(this.lastObs, actions, rewards, nextObs, terms, truncs, valid);
      if (cbs.hasLog) this.tracker.update(rewards, terms, truncs, valid, onEpisode);
      else this.tracker.update(rewards, terms, truncs, valid);
      for (let e = 0; e < n; e++) this.prevDone[e] = terms[e] || truncs[e] ? 1 : 0;
      this.lastObs.set(nextObs);
      this.numTimesteps += n;
      if (this.numTimesteps > c.learningStarts && Math.floor(this.numTimesteps / n) % c.trainFreq === 0) {
        for (let k = 0; k < c.gradientSteps; k++) this.trainStep();
      }
      if (this.numTimesteps >= nextLog) {
        nextLog += c.logInterval;
        const now = performance.now();
        const fps = ((this.numTimesteps - steps0) * 1000) / Math.max(now - t0, 1e-3);
        t0 = now;
        steps0 = this.numTimesteps;
        const stats = this.trainStats();
        const gradientSteps = this.nets.numGradientSteps;
        cbs.log({ type: 'train', step: this.numTimesteps, fps, ...stats, meanReturn: this.tracker.meanReturn(), gradientSteps }, ctx);
      }
      if (cbs.hasStep && !(await cbs.step(ctx))) break;
    }
    await cbs.end(ctx);
    return this;
  }

  private files(withTargets: boolean): Parameters<typeof saveAgentDir>[2] {
    return {
      algo: this.algo, config: { ...this.cfg }, observationSpace: this.observationSpace, actionSpace: this.actionSpace,
      tensors: this.tensors(withTargets), topology: { actor: this.nets.actor.layers, critic: this.nets.critics.q1.layers },
    };
  }

  async save(dir: string): Promise<void> {
    await saveAgentDir(this.tf, dir, this.files(false));
  }

  async saveCheckpoint(dir: string): Promise<void> {
    await saveAgentDir(this.tf, dir, { ...this.files(true), optimizer: this.nets.optimizers, snapshot: this.snapshot(this.replayBuffer()) });
  }

  /** The learner's dynamic state: counters, rng, the running episodes and the replay buffer. */
  private snapshot(rb: ReplayBuffer): Snapshot {
    const state = { numTimesteps: this.numTimesteps, numGradientSteps: this.nets.numGradientSteps, rng: this.rng.getState() };
    return mergeSnapshots({ state, arrays: { lastObs: this.lastObs.slice(), prevDone: this.prevDone.slice() } }, this.tracker.snapshot(), rb.snapshot());
  }

  /**
   * An agent of `algo` from a saved model (`checkpoint` false; for prediction, or further training given an
   * env) or from a checkpoint (the exact learner state; needs the env), built by `build` from the saved
   * config and spaces; a space mismatch throws InvalidConfig.
   */
  protected static async loadDir<A extends OffPolicyBoxAgent<OffPolicyBoxNets, OffPolicyBoxSettings>>(dir: string, env: AgentEnv | undefined,
    algo: 'sac' | 'td3', checkpoint: boolean, build: (tf: Tf, m: LoadedAgent, vec: VecEnvLike | undefined) => A): Promise<A> {
    const tf = await loadTf();
    const vec = env === undefined ? undefined : asVecEnv(env);
    const m = await loadAgentDir(tf, dir, algo, vec);
    const s = checkpoint ? checkpointOf(m, dir, algo.toUpperCase()) : undefined;
    return build(tf, m, vec).restoreFrom(m, s);
  }

  /**
   * Sets this fresh agent from a loaded directory and frees its tensors: the networks of a saved model, or,
   * given the checkpoint's snapshot, also the targets, Adam moments, replay buffer, rng and counters.
   */
  private async restoreFrom(m: LoadedAgent, s: Snapshot | undefined): Promise<this> {
    this.assignTensors(m, s !== undefined);
    if (s !== undefined) {
      await restoreOptimizer(this.nets.optimizers, m);
      const rb = this.replayBuffer();
      this.numTimesteps = snapshotNumber(s, 'numTimesteps');
      this.nets.numGradientSteps = snapshotNumber(s, 'numGradientSteps');
      this.rng = Rng.fromState(s.state.rng as RngState);
      this.lastObs.set(snapshotArray(s, 'lastObs', this.lastObs.length));
      this.prevDone.set(snapshotArray(s, 'prevDone', this.prevDone.length));
      this.tracker.restore(s);
      rb.restore(s);
      this.started = true;
    }
    this.tf.dispose(Object.values(m.tensors));
    return this;
  }

  /** The deterministic policy `tanh(actor)` rescaled to the Box, as a SerializedMlp (see {@link squashedPolicyExport}). */
  exportPolicy(): SerializedMlp {
    return squashedPolicyExport(this.nets.actor.serializeLayers(), this.actDim, this.scaling, this.observationSpace, this.actionSpace);
  }

  /** The replay buffer (throws until an env is attached). */
  replayBuffer(): ReplayBuffer {
    if (this.rb === undefined) throw new InvalidConfig(`${this.algo.toUpperCase()} has no env attached`);
    return this.rb;
  }

  dispose(): void {
    this.nets.dispose();
  }
}
