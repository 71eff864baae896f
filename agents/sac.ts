import type * as tfjs from '@tensorflow/tfjs';
import { InvalidConfig } from '../src/core/errors.js';
import { parseConfig } from '../src/core/parseConfig.js';
import { Rng, type RngState } from '../src/rng/Rng.js';
import type { Space } from '../src/spaces/Space.js';
import { flatDim } from '../src/spaces/flatten.js';
import type { SerializedMlp } from '../src/policy/MlpPolicy.js';
import { loadTf, type Tf } from './loadTf.js';
import type { Agent, LearnOptions, PredictOptions } from './common/Agent.js';
import { checkpointOf, flatObs, loadAgentDir, restoreOptimizer, saveAgentDir, tensorOf, type LoadedAgent } from './common/agentDir.js';
import { asVecEnv, type AgentEnv } from './common/asVecEnv.js';
import { BoxScaling } from './common/boxScaling.js';
import { CallbackList, callbackContext } from './common/callbacks.js';
import { EpisodeTracker } from './common/EpisodeTracker.js';
import { ReplayBuffer } from './common/ReplayBuffer.js';
import { mergeSnapshots, snapshotArray, snapshotNumber, type Snapshot } from './common/Snapshot.js';
import type { VecEnvLike } from './common/VecEnvLike.js';
import { SacConfigSchema, type SacConfig } from './sacConfig.js';
import { SacNetworks, type SacStepStats } from './sacNetworks.js';
import { squashedPolicyExport } from './common/squashedPolicyExport.js';

export { SacConfigSchema, type SacConfig } from './sacConfig.js';
type Cfg = ReturnType<typeof SacConfigSchema.parse>;

/**
 * Soft Actor-Critic (Haarnoja et al. 2018) for Box action spaces, as SB3's `SAC`: off-policy, a
 * tanh-squashed Gaussian actor, twin critics with Polyak targets, automatic entropy temperature
 * (the update is {@link SacNetworks}). The policy acts in `[-1, 1]^A`; actions are rescaled to the Box
 * bounds for the env, and the replay buffer stores the `[-1, 1]` ones. Before `learningStarts` the
 * actions are uniform in the Box.
 *
 * @example
 * ```ts
 * const agent = await SAC.create(make('Pendulum-v1'), { seed: 1, learningRate: 1e-3 });
 * await agent.learn({ totalTimesteps: 20_000 });
 * agent.predict(obs); // Float32Array torque, tanh(mean) rescaled to the bounds
 * ```
 */
export class SAC implements Agent {
  readonly algo = 'sac' as const;
  numTimesteps = 0;
  last: SacStepStats = { criticLoss: Number.NaN, actorLoss: Number.NaN, alpha: Number.NaN };
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  readonly nets: SacNetworks;
  private readonly tf: Tf;
  private readonly cfg: Cfg;
  private readonly scaling: BoxScaling;
  private readonly obsDim: number;
  private readonly actDim: number;
  private vec: VecEnvLike | undefined;
  private rb: ReplayBuffer | undefined;
  private rng: Rng;
  private lastObs = new Float32Array(0);
  private prevDone = new Uint8Array(0);
  private tracker = new EpisodeTracker(0);
  private started = false;
  private readonly noiseNext: Float32Array;
  private readonly noisePi: Float32Array;

  private constructor(tf: Tf, cfg: Cfg, obsSpace: Space<unknown>, actSpace: Space<unknown>, vec: VecEnvLike | undefined) {
    this.tf = tf;
    this.cfg = cfg;
    this.observationSpace = obsSpace;
    this.actionSpace = actSpace;
    this.scaling = new BoxScaling(actSpace);
    this.obsDim = flatDim(obsSpace);
    this.actDim = this.scaling.dim;
    this.nets = new SacNetworks(tf, cfg, this.obsDim, this.actDim);
    this.rng = new Rng(cfg.seed);
    this.noiseNext = new Float32Array(cfg.batchSize * this.actDim);
    this.noisePi = new Float32Array(cfg.batchSize * this.actDim);
    if (vec !== undefined) this.attach(vec);
  }

  /** Builds an agent for `env` (an Env, Env[] or a vector env from `makeVec`) with a Box action space. */
  static async create(env: AgentEnv, config: SacConfig = {}): Promise<SAC> {
    const tf = await loadTf();
    const cfg = parseConfig(SacConfigSchema, config, 'SAC config');
    const vec = asVecEnv(env);
    return new SAC(tf, cfg, vec.singleObservationSpace, vec.singleActionSpace, vec);
  }

  private attach(vec: VecEnvLike): void {
    this.vec = vec;
    const n = vec.numEnvs;
    this.lastObs = new Float32Array(n * this.obsDim);
    this.prevDone = new Uint8Array(n);
    this.tracker = new EpisodeTracker(n);
    const c = this.cfg;
    this.rb = new ReplayBuffer({ bufferSize: c.bufferSize, numEnvs: n, obsDim: this.obsDim, actDim: this.actDim, batchSize: c.batchSize, gamma: c.gamma });
  }

  /** `[-1, 1]` actions for `n` flat observations: the policy's mode, or a draw from it with this agent's rng. */
  private act(obs: Float32Array, n: number, deterministic: boolean): Float32Array {
    const tf = this.tf;
    const noise = new Float32Array(n * this.actDim);
    if (!deterministic) for (let k = 0; k < noise.length; k++) noise[k] = this.rng.normal();
    const a = tf.tidy(() => {
      const x = tf.tensor2d(obs, [n, this.obsDim]);
      return deterministic ? this.nets.mode(x) : this.nets.policy(x, tf.tensor2d(noise, [n, this.actDim])).action;
    });
    const out = a.dataSync() as Float32Array;
    a.dispose();
    return out;
  }

  /** The env action for one observation: `tanh(mean)` rescaled to the Box (a sample when `deterministic: false`). */
  predict(obs: unknown, opts: PredictOptions = {}): Float32Array {
    const x = flatObs(this.observationSpace, obs, this.obsDim);
    return this.scaling.toEnv(this.act(x, 1, opts.deterministic ?? true));
  }

  /** One gradient step on a replay batch (see {@link SacNetworks.trainStep}). */
  trainStep(): SacStepStats {
    const b = this.replayBuffer().sample(this.rng);
    for (let k = 0; k < this.noiseNext.length; k++) this.noiseNext[k] = this.rng.normal();
    for (let k = 0; k < this.noisePi.length; k++) this.noisePi[k] = this.rng.normal();
    this.last = this.nets.trainStep(b, this.noiseNext, this.noisePi);
    return this.last;
  }

  /** `[-1, 1]` actions of all sub-envs for this step: uniform before `learningStarts`, then policy draws. */
  private explore(n: number): Float32Array {
    if (this.numTimesteps >= this.cfg.learningStarts) return this.act(this.lastObs, n, false);
    const a = new Float32Array(n * this.actDim);
    for (let k = 0; k < a.length; k++) a[k] = this.rng.uniform(-1, 1);
    return a;
  }

  async learn(opts: LearnOptions): Promise<this> {
    const vec = this.vec;
    const rb = this.rb;
    if (vec === undefined || rb === undefined) throw new InvalidConfig('SAC has no env attached: create it with an env or loadCheckpoint(dir, env)');
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
        cbs.log({
          type: 'train', step: this.numTimesteps, fps, loss: this.last.criticLoss, actorLoss: this.last.actorLoss, alpha: this.last.alpha,
          meanReturn: this.tracker.meanReturn(), gradientSteps: this.nets.numGradientSteps,
        }, ctx);
      }
      if (cbs.hasStep && !(await cbs.step(ctx))) break;
    }
    await cbs.end(ctx);
    return this;
  }

  /** Networks by name: the actor and the critics (targets only in a checkpoint), and log alpha. */
  private tensors(withTargets: boolean): Record<string, tfjs.Tensor> {
    const n = this.nets;
    const out = { ...n.actor.named('actor'), ...n.q1.named('q1'), ...n.q2.named('q2') };
    if (n.temperature !== undefined) Object.assign(out, { logAlpha: n.temperature.logAlpha });
    if (withTargets) Object.assign(out, n.q1Target.named('q1Target'), n.q2Target.named('q2Target'));
    return out;
  }

  private files(withTargets: boolean): Parameters<typeof saveAgentDir>[2] {
    return {
      algo: this.algo, config: { ...this.cfg }, observationSpace: this.observationSpace, actionSpace: this.actionSpace,
      tensors: this.tensors(withTargets), topology: { actor: this.nets.actor.layers, critic: this.nets.q1.layers },
    };
  }

  async save(dir: string): Promise<void> {
    await saveAgentDir(this.tf, dir, this.files(false));
  }

  async saveCheckpoint(dir: string): Promise<void> {
    const rb = this.replayBuffer();
    await saveAgentDir(this.tf, dir, { ...this.files(true), optimizer: this.nets.optimizers, snapshot: this.snapshot(rb) });
  }

  /** The learner's dynamic state: counters, rng, the running episodes and the replay buffer. */
  private snapshot(rb: ReplayBuffer): Snapshot {
    const state = { numTimesteps: this.numTimesteps, numGradientSteps: this.nets.numGradientSteps, rng: this.rng.getState() };
    return mergeSnapshots({ state, arrays: { lastObs: this.lastObs.slice(), prevDone: this.prevDone.slice() } }, this.tracker.snapshot(), rb.snapshot());
  }

  private restore(s: Snapshot, rb: ReplayBuffer): void {
    this.numTimesteps = snapshotNumber(s, 'numTimesteps');
    this.nets.numGradientSteps = snapshotNumber(s, 'numGradientSteps');
    this.rng = Rng.fromState(s.state.rng as RngState);
    this.lastObs.set(snapshotArray(s, 'lastObs', this.lastObs.length));
    this.prevDone.set(snapshotArray(s, 'prevDone', this.prevDone.length));
    this.tracker.restore(s);
    rb.restore(s);
    this.started = true;
  }

  private static fromLoaded(tf: Tf, m: LoadedAgent, vec: VecEnvLike | undefined): SAC {
    const cfg = parseConfig(SacConfigSchema, m.config, 'SAC config');
    const agent = new SAC(tf, cfg, m.observationSpace, m.actionSpace, vec);
    const n = agent.nets;
    n.actor.assignNamed(m.tensors, 'actor');
    n.q1.assignNamed(m.tensors, 'q1');
    n.q2.assignNamed(m.tensors, 'q2');
    n.q1Target.copyFrom(n.q1);
    n.q2Target.copyFrom(n.q2);
    if (n.temperature !== undefined) n.temperature.logAlpha.assign(tensorOf(m, 'logAlpha').reshape([1]));
    return agent;
  }

  /** Loads a saved model for prediction (and, given an env, further training); a space mismatch throws InvalidConfig. */
  static async load(dir: string, env?: AgentEnv): Promise<SAC> {
    const tf = await loadTf();
    const vec = env === undefined ? undefined : asVecEnv(env);
    const m = await loadAgentDir(tf, dir, 'sac', vec);
    const agent = SAC.fromLoaded(tf, m, vec);
    tf.dispose(Object.values(m.tensors));
    return agent;
  }

  /** Resumes from `saveCheckpoint`: networks, targets, Adam moments, replay buffer, rng and counters. */
  static async loadCheckpoint(dir: string, env: AgentEnv): Promise<SAC> {
    const tf = await loadTf();
    const vec = asVecEnv(env);
    const m = await loadAgentDir(tf, dir, 'sac', vec);
    const s = checkpointOf(m, dir, 'SAC');
    const agent = SAC.fromLoaded(tf, m, vec);
    agent.nets.q1Target.assignNamed(m.tensors, 'q1Target');
    agent.nets.q2Target.assignNamed(m.tensors, 'q2Target');
    await restoreOptimizer(agent.nets.optimizers, m);
    agent.restore(s, agent.replayBuffer());
    tf.dispose(Object.values(m.tensors));
    return agent;
  }

  /** The deterministic policy `tanh(mean)` rescaled to the Box, as a SerializedMlp (see {@link squashedPolicyExport}). */
  exportPolicy(): SerializedMlp {
    return squashedPolicyExport(this.nets.actor.serializeLayers(), this.actDim, this.scaling, this.observationSpace, this.actionSpace);
  }

  /** The replay buffer (throws until an env is attached). */
  replayBuffer(): ReplayBuffer {
    if (this.rb === undefined) throw new InvalidConfig('SAC has no env attached');
    return this.rb;
  }

  dispose(): void {
    this.nets.dispose();
  }
}
