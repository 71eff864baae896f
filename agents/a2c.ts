import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import { InvalidConfig } from '../src/core/errors.js';
import { parseConfig } from '../src/core/parseConfig.js';
import { Rng } from '../src/rng/Rng.js';
import type { Space } from '../src/spaces/Space.js';
import { loadTf, type Tf } from './loadTf.js';
import { ActorCritic } from './common/ActorCritic.js';
import type { Action, Agent, LearnOptions, PredictOptions } from './common/Agent.js';
import { flatObs } from './common/agentDir.js';
import { asVecEnv, type AgentEnv } from './common/asVecEnv.js';
import { CallbackList, callbackContext } from './common/callbacks.js';
import { clipByGlobalNorm } from './common/clipByGlobalNorm.js';
import { loadOnPolicy, onPolicySnapshot, restoreOnPolicy, saveOnPolicy, setLearningRate } from './common/onPolicyFiles.js';
import { RolloutBuffer } from './common/RolloutBuffer.js';
import { RolloutCollector } from './common/RolloutCollector.js';
import { torchLikeRmsprop } from './common/torchRmsprop.js';
import type { Snapshot } from './common/Snapshot.js';
import type { SerializedMlp } from '../src/policy/MlpPolicy.js';
import type { VecEnvLike } from './common/VecEnvLike.js';
import { normalize } from './ppo.js';

/** A2C hyperparameters (defaults: SB3's A2C). */
export const A2cConfigSchema = z.object({
  learningRate: z.number().positive().default(7e-4),
  annealLr: z.boolean().default(false),
  /** Steps per env per update. */
  numSteps: z.number().int().positive().default(5),
  gamma: z.number().min(0).max(1).default(0.99),
  /** 1 = plain n-step returns, as the original A2C. */
  gaeLambda: z.number().min(0).max(1).default(1),
  entCoef: z.number().min(0).default(0),
  vfCoef: z.number().min(0).default(0.5),
  maxGradNorm: z.number().positive().default(0.5),
  normAdv: z.boolean().default(false),
  /** RMSprop (as A3C/SB3) or Adam. */
  optimizer: z.enum(['rmsprop', 'adam']).default('rmsprop'),
  rmsAlpha: z.number().min(0).max(1).default(0.99),
  /** RMSprop's epsilon as PyTorch adds it (to sqrt of the mean square; see torchLikeRmsprop). */
  rmsEps: z.number().positive().default(1e-5),
  netArch: z.array(z.number().int().positive()).default([64, 64]),
  activation: z.enum(['tanh', 'relu']).default('tanh'),
  logStdInit: z.number().default(0),
  seed: z.number().int().default(0),
}).strict();

/** A2C hyperparameters as given (every field optional). */
export type A2cConfig = z.input<typeof A2cConfigSchema>;
type Cfg = z.output<typeof A2cConfigSchema>;

/**
 * Advantage actor-critic (Mnih et al. 2016, synchronous): short rollouts from a vector env, one gradient
 * step per rollout on `-mean(logp A) + vfCoef mean((R - V)^2) - entCoef H`, RMSprop.
 *
 * @example
 * ```ts
 * const agent = await A2C.create(makeVec('CartPole-v1', 8, { mode: 'sync' }), { seed: 1 });
 * await agent.learn({ totalTimesteps: 300_000 });
 * ```
 */
export class A2C implements Agent {
  readonly algo = 'a2c' as const;
  numTimesteps = 0;
  iterations = 0;
  readonly ac: ActorCritic;
  private readonly optimizer: tfjs.Optimizer;
  private rng: Rng;
  private collector: RolloutCollector | undefined;
  private buf: RolloutBuffer | undefined;
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  stats: Record<string, number> = {};

  private constructor(
    private readonly tf: Tf,
    private readonly cfg: Cfg,
    obsSpace: Space<unknown>,
    actSpace: Space<unknown>,
    vec: VecEnvLike | undefined,
  ) {
    this.observationSpace = obsSpace;
    this.actionSpace = actSpace;
    this.ac = new ActorCritic(tf, obsSpace, actSpace, {
      netArch: cfg.netArch,
      activation: cfg.activation,
      seed: cfg.seed,
      logStdInit: cfg.logStdInit,
      algo: 'A2C',
    });
    this.optimizer = cfg.optimizer === 'rmsprop' ? torchLikeRmsprop(tf, cfg.learningRate, cfg.rmsAlpha, cfg.rmsEps) : tf.train.adam(cfg.learningRate);
    this.rng = new Rng(cfg.seed);
    if (vec !== undefined) {
      this.collector = new RolloutCollector(vec, this.ac.obsDim, this.ac.actDim);
      this.buf = new RolloutBuffer(cfg.numSteps, vec.numEnvs, this.ac.obsDim, this.ac.actDim);
    }
  }

  static async create(env: AgentEnv, config: A2cConfig = {}): Promise<A2C> {
    const tf = await loadTf();
    const vec = asVecEnv(env);
    return new A2C(tf, parseConfig(A2cConfigSchema, config, 'A2C config'), vec.singleObservationSpace, vec.singleActionSpace, vec);
  }

  predict(obs: unknown, opts: PredictOptions = {}): Action {
    return this.ac.predictOne(flatObs(this.observationSpace, obs, this.ac.obsDim), this.rng, opts.deterministic ?? true);
  }

  async learn(opts: LearnOptions): Promise<this> {
    const { collector, buf } = this;
    if (collector === undefined || buf === undefined) throw new InvalidConfig('A2C has no env attached: create it with an env or loadCheckpoint(dir, env)');
    const c = this.cfg;
    const end = this.numTimesteps + opts.totalTimesteps;
    const horizon = opts.horizon ?? end;
    const cbs = new CallbackList(opts.callbacks ?? []);
    const ctx = callbackContext(this, cbs);
    const lastValues = new Float32Array(collector.vec.numEnvs);
    if (opts.rollouts === undefined) collector.start(c.seed);
    await cbs.start(ctx);
    let t0 = performance.now();
    let s0 = this.numTimesteps;
    while (this.numTimesteps < end) {
      if (c.annealLr) setLearningRate(this.optimizer, Math.max(0, 1 - this.numTimesteps / horizon) * c.learningRate);
      this.numTimesteps += opts.rollouts
        ? await collector.collectFrom(opts.rollouts, buf, this.ac, cbs, ctx, this.numTimesteps)
        : collector.collect(buf, this.ac, this.rng, cbs, ctx, this.numTimesteps);
      this.ac.values(collector.lastObs, collector.vec.numEnvs, lastValues); // bootstrap value
      buf.finish(lastValues, c.gamma, c.gaeLambda);
      this.update(buf);
      this.iterations++;
      if (this.iterations % 100 === 0) {
        const now = performance.now();
        const fps = ((this.numTimesteps - s0) * 1000) / Math.max(now - t0, 1e-3);
        t0 = now;
        s0 = this.numTimesteps;
        cbs.log({ type: 'train', step: this.numTimesteps, fps, ...this.stats, meanReturn: collector.tracker.meanReturn() }, ctx);
      }
      if (cbs.hasStep && !(await cbs.step(ctx))) break;
    }
    await cbs.end(ctx);
    return this;
  }

  /** One gradient step on all valid steps of the rollout. */
  private update(buf: RolloutBuffer): void {
    const tf = this.tf;
    const c = this.cfg;
    const od = this.ac.obsDim;
    const ad = this.ac.actDim;
    const inds = buf.validIndices();
    const m = inds.length;
    if (m === 0) return;
    const obs = new Float32Array(m * od);
    const act = new Float32Array(m * ad);
    const adv = new Float32Array(m);
    const ret = new Float32Array(m);
    inds.forEach((i, j) => {
      obs.set(buf.obs.subarray(i * od, i * od + od), j * od);
      act.set(buf.actions.subarray(i * ad, i * ad + ad), j * ad);
      adv[j] = buf.advantages[i] ?? 0;
      ret[j] = buf.returns[i] ?? 0;
    });
    if (c.normAdv && m > 1) normalize(adv);
    const out = tf.tidy(() => {
      const x = tf.tensor2d(obs, [m, od]);
      const a = tf.tensor2d(act, [m, ad]);
      let kept: tfjs.Tensor | undefined;
      const { grads } = this.optimizer.computeGradients(() => {
        const { logProb, entropy } = this.ac.logProbEntropy(x, a);
        const pgLoss = tf.neg(tf.mean(tf.mul(logProb, tf.tensor1d(adv))));
        const vLoss = tf.mean(tf.square(tf.sub(tf.tensor1d(ret), this.ac.value(x))));
        const ent = tf.mean(entropy);
        kept = tf.keep(tf.stack([pgLoss, vLoss, ent]));
        return tf.add<tfjs.Scalar>(tf.sub(pgLoss, tf.mul(c.entCoef, ent)), tf.mul(c.vfCoef, vLoss));
      }, this.ac.variables());
      this.optimizer.applyGradients(clipByGlobalNorm(tf, grads, c.maxGradNorm));
      return kept as tfjs.Tensor;
    });
    const s = out.dataSync();
    out.dispose();
    this.stats = { pgLoss: s[0], vLoss: s[1], entropy: s[2] };
  }

  async save(dir: string): Promise<void> {
    await saveOnPolicy(this.tf, dir, this.algo, { ...this.cfg }, this.ac);
  }

  async saveCheckpoint(dir: string): Promise<void> {
    const collector = this.collector;
    if (collector === undefined) throw new InvalidConfig('A2C.saveCheckpoint needs an attached env');
    const snapshot = onPolicySnapshot({ numTimesteps: this.numTimesteps, iterations: this.iterations, rng: this.rng }, collector);
    await saveOnPolicy(this.tf, dir, this.algo, { ...this.cfg }, this.ac, { optimizer: this.optimizer, snapshot });
  }

  /** Loads a saved model (given an env, its spaces must match: InvalidConfig naming the dimension otherwise). */
  static async load(dir: string, env?: AgentEnv): Promise<A2C> {
    return A2C.fromDir(dir, env, false);
  }

  /** Resumes from `saveCheckpoint`; with the same env object the run continues exactly. */
  static async loadCheckpoint(dir: string, env: AgentEnv): Promise<A2C> {
    return A2C.fromDir(dir, env, true);
  }

  private static async fromDir(dir: string, env: AgentEnv | undefined, checkpoint: boolean): Promise<A2C> {
    return loadOnPolicy(dir, env, 'A2C', checkpoint, (tf, m, vec) => {
      const agent = new A2C(tf, parseConfig(A2cConfigSchema, m.config, 'A2C config'), m.observationSpace, m.actionSpace, vec);
      return { agent, ac: agent.ac, optimizer: agent.optimizer, restore: (s) => agent.restore(s) };
    });
  }

  /** Restores the counters, rng and running episodes of an `onPolicySnapshot`. */
  private restore(s: Snapshot): void {
    if (this.collector === undefined) throw new InvalidConfig('A2C.loadCheckpoint needs an env');
    ({ numTimesteps: this.numTimesteps, iterations: this.iterations, rng: this.rng } = restoreOnPolicy(s, this.collector));
  }

  exportPolicy(): SerializedMlp {
    return this.ac.export();
  }

  dispose(): void {
    this.ac.dispose();
    this.optimizer.dispose();
  }
}
