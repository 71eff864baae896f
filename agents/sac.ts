import type * as tfjs from '@tensorflow/tfjs';
import { parseConfig } from '../src/core/parseConfig.js';
import type { Space } from '../src/spaces/Space.js';
import { loadTf, type Tf } from './loadTf.js';
import { tensorOf, type LoadedAgent } from './common/agentDir.js';
import { asVecEnv, type AgentEnv } from './common/asVecEnv.js';
import { OffPolicyBoxAgent, type TrainStats } from './common/OffPolicyBoxAgent.js';
import type { VecEnvLike } from './common/VecEnvLike.js';
import { SacConfigSchema, type SacConfig } from './sacConfig.js';
import { SacNetworks, type SacStepStats } from './sacNetworks.js';

export { SacConfigSchema, type SacConfig } from './sacConfig.js';
type Cfg = ReturnType<typeof SacConfigSchema.parse>;

/**
 * Soft Actor-Critic (Haarnoja et al. 2018) for Box action spaces, as SB3's `SAC`: off-policy, a
 * tanh-squashed Gaussian actor, twin critics with Polyak targets, automatic entropy temperature
 * (the update is {@link SacNetworks}; the env loop, replay and checkpoints {@link OffPolicyBoxAgent}).
 * The policy acts in `[-1, 1]^A`; actions are rescaled to the Box bounds for the env, and the replay
 * buffer stores the `[-1, 1]` ones. Before `learningStarts` the actions are uniform in the Box.
 *
 * @example
 * ```ts
 * const agent = await SAC.create(make('Pendulum-v1'), { seed: 1, learningRate: 1e-3 });
 * await agent.learn({ totalTimesteps: 20_000 });
 * agent.predict(obs); // Float32Array torque, tanh(mean) rescaled to the bounds
 * ```
 */
export class SAC extends OffPolicyBoxAgent<SacNetworks, Cfg> {
  readonly algo = 'sac' as const;
  last: SacStepStats = { criticLoss: Number.NaN, actorLoss: Number.NaN, alpha: Number.NaN };
  private readonly noiseNext: Float32Array;
  private readonly noisePi: Float32Array;

  private constructor(tf: Tf, cfg: Cfg, obsSpace: Space<unknown>, actSpace: Space<unknown>, vec: VecEnvLike | undefined) {
    super(tf, cfg, obsSpace, actSpace, (obsDim, actDim) => new SacNetworks(tf, cfg, obsDim, actDim));
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

  /** `[-1, 1]` actions for `n` flat observations: the policy's mode, or a draw from it with this agent's rng. */
  protected act(obs: Float32Array, n: number, deterministic: boolean): Float32Array {
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

  /** One gradient step on a replay batch (see {@link SacNetworks.trainStep}). */
  trainStep(): SacStepStats {
    const b = this.replayBuffer().sample(this.rng);
    for (let k = 0; k < this.noiseNext.length; k++) this.noiseNext[k] = this.rng.normal();
    for (let k = 0; k < this.noisePi.length; k++) this.noisePi[k] = this.rng.normal();
    this.last = this.nets.trainStep(b, this.noiseNext, this.noisePi);
    return this.last;
  }

  protected trainStats(): TrainStats {
    return { loss: this.last.criticLoss, actorLoss: this.last.actorLoss, alpha: this.last.alpha };
  }

  /** Networks by name: the actor and the critics (targets only in a checkpoint), and log alpha. */
  protected tensors(withTargets: boolean): Record<string, tfjs.Tensor> {
    const n = this.nets;
    const out = { ...n.actor.named('actor'), ...n.critics.named(withTargets) };
    return n.temperature === undefined ? out : { ...out, logAlpha: n.temperature.logAlpha };
  }

  protected assignTensors(m: LoadedAgent, withTargets: boolean): void {
    const n = this.nets;
    n.actor.assignNamed(m.tensors, 'actor');
    n.critics.assignNamed(m.tensors, withTargets);
    if (n.temperature !== undefined) n.temperature.logAlpha.assign(tensorOf(m, 'logAlpha').reshape([1]));
  }

  private static fromDir(dir: string, env: AgentEnv | undefined, checkpoint: boolean): Promise<SAC> {
    return OffPolicyBoxAgent.loadDir(dir, env, 'sac', checkpoint,
      (tf, m, vec) => new SAC(tf, parseConfig(SacConfigSchema, m.config, 'SAC config'), m.observationSpace, m.actionSpace, vec));
  }

  /** Loads a saved model for prediction (and, given an env, further training); a space mismatch throws InvalidConfig. */
  static async load(dir: string, env?: AgentEnv): Promise<SAC> {
    return SAC.fromDir(dir, env, false);
  }

  /** Resumes from `saveCheckpoint`: networks, targets, Adam moments, replay buffer, rng and counters. */
  static async loadCheckpoint(dir: string, env: AgentEnv): Promise<SAC> {
    return SAC.fromDir(dir, env, true);
  }
}
