import type * as tfjs from '@tensorflow/tfjs';
import { parseConfig } from '../src/core/parseConfig.js';
import type { Space } from '../src/spaces/Space.js';
import { loadTf, type Tf } from './loadTf.js';
import type { LoadedAgent } from './common/agentDir.js';
import { asVecEnv, type AgentEnv } from './common/asVecEnv.js';
import { OffPolicyBoxAgent, type TrainStats } from './common/OffPolicyBoxAgent.js';
import type { VecEnvLike } from './common/VecEnvLike.js';
import { Td3ConfigSchema, type Td3Config } from './td3Config.js';
import { Td3Networks, type Td3StepStats } from './td3Networks.js';

export { Td3ConfigSchema, type Td3Config } from './td3Config.js';
type Cfg = ReturnType<typeof Td3ConfigSchema.parse>;

/**
 * Twin Delayed DDPG (Fujimoto et al. 2018) for Box action spaces, as SB3's `TD3`: a deterministic actor
 * `tanh(mu(s))`, twin critics, target policy smoothing with clipped noise, the actor and the targets
 * updated every `policyDelay` critic updates with Polyak averaging (the update is {@link Td3Networks};
 * the env loop, replay and checkpoints {@link OffPolicyBoxAgent}). While training, the action is
 * `clip(pi(s) + N(0, actionNoise^2), -1, 1)` rescaled to the Box; before `learningStarts` it is uniform.
 *
 * @example
 * ```ts
 * const agent = await TD3.create(make('Pendulum-v1'), { seed: 1, netArch: [64, 64] });
 * await agent.learn({ totalTimesteps: 20_000 });
 * agent.predict(obs); // Float32Array torque, tanh(mu(obs)) rescaled to the bounds
 * ```
 */
export class TD3 extends OffPolicyBoxAgent<Td3Networks, Cfg> {
  readonly algo = 'td3' as const;
  last: Td3StepStats = { criticLoss: Number.NaN, actorLoss: Number.NaN };
  private readonly noise: Float32Array;

  private constructor(tf: Tf, cfg: Cfg, obsSpace: Space<unknown>, actSpace: Space<unknown>, vec: VecEnvLike | undefined) {
    super(tf, cfg, obsSpace, actSpace, (obsDim, actDim) => new Td3Networks(tf, cfg, obsDim, actDim));
    this.noise = new Float32Array(cfg.batchSize * this.actDim);
    if (vec !== undefined) this.attach(vec);
  }

  /** Builds an agent for `env` (an Env, Env[] or a vector env from `makeVec`) with a Box action space. */
  static async create(env: AgentEnv, config: Td3Config = {}): Promise<TD3> {
    const tf = await loadTf();
    const cfg = parseConfig(Td3ConfigSchema, config, 'TD3 config');
    const vec = asVecEnv(env);
    return new TD3(tf, cfg, vec.singleObservationSpace, vec.singleActionSpace, vec);
  }

  /** `[-1, 1]` actions for `n` flat observations: `tanh(mu(s))`, plus clipped Gaussian exploration noise unless deterministic. */
  protected act(obs: Float32Array, n: number, deterministic: boolean): Float32Array {
    const tf = this.tf;
    const a = tf.tidy(() => this.nets.mode(tf.tensor2d(obs, [n, this.obsDim])));
    const out = a.dataSync() as Float32Array;
    a.dispose();
    const sigma = this.cfg.actionNoise;
    if (!deterministic && sigma > 0) {
      for (let k = 0; k < out.length; k++) out[k] = Math.min(1, Math.max(-1, (out[k] ?? 0) + sigma * this.rng.normal()));
    }
    return out;
  }

  /** One gradient step on a replay batch (see {@link Td3Networks.trainStep}). */
  trainStep(): Td3StepStats {
    const b = this.replayBuffer().sample(this.rng);
    for (let k = 0; k < this.noise.length; k++) this.noise[k] = this.rng.normal();
    this.last = this.nets.trainStep(b, this.noise);
    return this.last;
  }

  protected trainStats(): TrainStats {
    return { loss: this.last.criticLoss, actorLoss: this.last.actorLoss };
  }

  /** Networks by name: the actor and the critics, with all three targets in a checkpoint. */
  protected tensors(withTargets: boolean): Record<string, tfjs.Tensor> {
    const n = this.nets;
    const out = { ...n.actor.named('actor'), ...n.critics.named(withTargets) };
    return withTargets ? { ...out, ...n.actorTarget.named('actorTarget') } : out;
  }

  protected assignTensors(m: LoadedAgent, withTargets: boolean): void {
    const n = this.nets;
    n.actor.assignNamed(m.tensors, 'actor');
    n.critics.assignNamed(m.tensors, withTargets);
    if (withTargets) n.actorTarget.assignNamed(m.tensors, 'actorTarget');
    else n.actorTarget.copyFrom(n.actor);
  }

  private static fromDir(dir: string, env: AgentEnv | undefined, checkpoint: boolean): Promise<TD3> {
    return OffPolicyBoxAgent.loadDir(dir, env, 'td3', checkpoint,
      (tf, m, vec) => new TD3(tf, parseConfig(Td3ConfigSchema, m.config, 'TD3 config'), m.observationSpace, m.actionSpace, vec));
  }

  /** Loads a saved model for prediction (and, given an env, further training); a space mismatch throws InvalidConfig. */
  static async load(dir: string, env?: AgentEnv): Promise<TD3> {
    return TD3.fromDir(dir, env, false);
  }

  /** Resumes from `saveCheckpoint`: networks, targets, Adam moments, replay buffer, rng and counters. */
  static async loadCheckpoint(dir: string, env: AgentEnv): Promise<TD3> {
    return TD3.fromDir(dir, env, true);
  }
}
