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
import { loadOnPolicy, onPolicySnapshot, restoreOnPolicy, saveOnPolicy, setLearningRate, shuffledIndices } from './common/onPolicyFiles.js';
import { RolloutBuffer } from './common/RolloutBuffer.js';
import { RolloutCollector } from './common/RolloutCollector.js';
import type { Snapshot } from './common/Snapshot.js';
import type { SerializedMlp } from '../src/policy/MlpPolicy.js';
import type { VecEnvLike } from './common/VecEnvLike.js';

/** PPO hyperparameters (defaults: CleanRL's ppo.py; per-env ones in `agents/hyperparams/`). */
export const PpoConfigSchema = z.object({
  learningRate: z.number().positive().default(2.5e-4),
  /** Linearly anneal the learning rate to 0 over the run. */
  annealLr: z.boolean().default(true),
  /** Steps per env per rollout. */
  numSteps: z.number().int().positive().default(128),
  gamma: z.number().min(0).max(1).default(0.99),
  gaeLambda: z.number().min(0).max(1).default(0.95),
  numMinibatches: z.number().int().positive().default(4),
  updateEpochs: z.number().int().positive().default(4),
  /** Normalise advantages per minibatch. */
  normAdv: z.boolean().default(true),
  clipCoef: z.number().positive().default(0.2),
  /** Clip the value loss as the policy loss (PPO2 implementation detail). */
  clipVloss: z.boolean().default(true),
  entCoef: z.number().min(0).default(0.01),
  vfCoef: z.number().min(0).default(0.5),
  maxGradNorm: z.number().positive().default(0.5),
  /** Stop the epochs of an update once approx KL exceeds this (null: never). */
  targetKl: z.number().positive().nullable().default(null),
  netArch: z.array(z.number().int().positive()).default([64, 64]),
  activation: z.enum(['tanh', 'relu']).default('tanh'),
  logStdInit: z.number().default(0),
  seed: z.number().int().default(0),
}).strict();

/** PPO hyperparameters as given (every field optional). */
export type PpoConfig = z.input<typeof PpoConfigSchema>;
type Cfg = z.output<typeof PpoConfigSchema>;

/** Inputs of {@link ppoLoss}: one minibatch, all `[batch]` tensors. */
export interface PpoLossInput {
  newLogProb: tfjs.Tensor1D;
  oldLogProb: tfjs.Tensor1D;
  advantages: tfjs.Tensor1D;
  newValue: tfjs.Tensor1D;
  oldValue: tfjs.Tensor1D;
  returns: tfjs.Tensor1D;
  entropy: tfjs.Tensor1D;
}

/**
 * PPO's clipped surrogate objective (Schulman et al. 2017) as CleanRL computes it:
 * `pgLoss = mean(max(-A r, -A clip(r, 1 - c, 1 + c)))`, value loss `0.5 mean(max((V - R)^2, (Vclip - R)^2))`,
 * `loss = pgLoss - entCoef * entropy + vfCoef * vLoss`, plus `approxKl = mean((r - 1) - log r)`.
 *
 * @example
 * ```ts
 * const { loss, approxKl } = ppoLoss(tf, input, { clipCoef: 0.2, clipVloss: true, entCoef: 0.01, vfCoef: 0.5 });
 * ```
 */
export function ppoLoss(tf: Tf, b: PpoLossInput, c: { clipCoef: number; clipVloss: boolean; entCoef: number; vfCoef: number }):
  { loss: tfjs.Scalar; pgLoss: tfjs.Scalar; vLoss: tfjs.Scalar; entropyLoss: tfjs.Scalar; approxKl: tfjs.Scalar; clipFrac: tfjs.Scalar } {
  const logRatio = tf.sub(b.newLogProb, b.oldLogProb);
  const ratio = tf.exp(logRatio);
  const approxKl = tf.mean<tfjs.Scalar>(tf.sub(tf.sub(ratio, 1), logRatio));
  const clipFrac = tf.mean<tfjs.Scalar>(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), c.clipCoef), 'float32'));
  const pgLoss1 = tf.mul(tf.neg(b.advantages), ratio);
  const pgLoss2 = tf.mul(tf.neg(b.advantages), tf.clipByValue(ratio, 1 - c.clipCoef, 1 + c.clipCoef));
  const pgLoss = tf.mean<tfjs.Scalar>(tf.maximum(pgLoss1, pgLoss2));
  const vLossUnclipped = tf.square(tf.sub(b.newValue, b.returns));
  let vLoss: tfjs.Scalar;
  if (c.clipVloss) {
    const vClipped = tf.add(b.oldValue, tf.clipByValue(tf.sub(b.newValue, b.oldValue), -c.clipCoef, c.clipCoef));
    const vLossClipped = tf.square(tf.sub(vClipped, b.returns));
    vLoss = tf.mul(0.5, tf.mean(tf.maximum(vLossUnclipped, vLossClipped)));
  } else {
    vLoss = tf.mul(0.5, tf.mean(vLossUnclipped));
  }
  const entropyLoss = tf.mean<tfjs.Scalar>(b.entropy);
  const loss = tf.add<tfjs.Scalar>(tf.sub(pgLoss, tf.mul(c.entCoef, entropyLoss)), tf.mul(vLoss, c.vfCoef));
  return { loss, pgLoss, vLoss, entropyLoss, approxKl, clipFrac };
}

/**
 * Proximal Policy Optimization with clipped objective, GAE(lambda), clipped value loss, entropy bonus,
 * per-minibatch advantage normalisation, minibatch epochs, learning-rate annealing and target-KL early
 * stop; categorical (masked) or diagonal Gaussian policies; ParallelEnvs train one shared network.
 *
 * @example
 * ```ts
 * const agent = await PPO.create(makeVec('CartPole-v1', 8, { mode: 'sync' }), { seed: 1, numSteps: 32 });
 * await agent.learn({ totalTimesteps: 100_000 });
 * ```
 */
export class PPO implements Agent {
  readonly algo = 'ppo' as const;
  numTimesteps = 0;
  iterations = 0;
  readonly ac: ActorCritic;
  private readonly optimizer: tfjs.AdamOptimizer;
  private rng: Rng;
  private collector: RolloutCollector | undefined;
  private buf: RolloutBuffer | undefined;
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  /** Last update's statistics (pgLoss, vLoss, entropy, approxKl, clipFrac). */
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
      algo: 'PPO',
    });
    this.optimizer = tf.train.adam(cfg.learningRate, 0.9, 0.999, 1e-5);
    this.rng = new Rng(cfg.seed);
    if (vec !== undefined) {
      this.collector = new RolloutCollector(vec, this.ac.obsDim, this.ac.actDim);
      this.buf = new RolloutBuffer(cfg.numSteps, vec.numEnvs, this.ac.obsDim, this.ac.actDim);
    }
  }

  /** Builds an agent for `env` (Env, Env[], a vector env from `makeVec`, or a ParallelEnv for parameter sharing). */
  static async create(env: AgentEnv, config: PpoConfig = {}): Promise<PPO> {
    const tf = await loadTf();
    const vec = asVecEnv(env);
    return new PPO(tf, parseConfig(PpoConfigSchema, config, 'PPO config'), vec.singleObservationSpace, vec.singleActionSpace, vec);
  }

  predict(obs: unknown, opts: PredictOptions = {}): Action {
    return this.ac.predictOne(flatObs(this.observationSpace, obs, this.ac.obsDim), this.rng, opts.deterministic ?? true);
  }

  async learn(opts: LearnOptions): Promise<this> {
    const { collector, buf } = this;
    if (collector === undefined || buf === undefined) throw new InvalidConfig('PPO has no env attached: create it with an env or loadCheckpoint(dir, env)');
    const c = this.cfg;
    const end = this.numTimesteps + opts.totalTimesteps;
    const horizon = opts.horizon ?? end;
    const cbs = new CallbackList(opts.callbacks ?? []);
    const ctx = callbackContext(this, cbs);
    const lastValues = new Float32Array(collector.vec.numEnvs);
    if (opts.rollouts === undefined) collector.start(c.seed);
    await cbs.start(ctx);
    while (this.numTimesteps < end) {
      const t0 = performance.now();
      // annealing the learning rate: lr = (1 - progress) * lr0
      if (c.annealLr) setLearningRate(this.optimizer, Math.max(0, 1 - this.numTimesteps / horizon) * c.learningRate);
      const steps = opts.rollouts
        ? await collector.collectFrom(opts.rollouts, buf, this.ac, cbs, ctx, this.numTimesteps)
        : collector.collect(buf, this.ac, this.rng, cbs, ctx, this.numTimesteps);
      this.numTimesteps += steps;
      // bootstrap value of the observation after the rollout
      this.ac.values(collector.lastObs, collector.vec.numEnvs, lastValues);
      buf.finish(lastValues, c.gamma, c.gaeLambda);
      this.update(buf);
      this.iterations++;
      const fps = (steps * 1000) / Math.max(performance.now() - t0, 1e-3);
      cbs.log({ type: 'train', step: this.numTimesteps, fps, ...this.stats, meanReturn: collector.tracker.meanReturn() }, ctx);
      // on-policy callbacks run between updates, so checkpoints never cut a rollout
      if (cbs.hasStep && !(await cbs.step(ctx))) break;
    }
    await cbs.end(ctx);
    return this;
  }

  /** `updateEpochs` passes of shuffled minibatches over the valid steps of a filled rollout buffer. */
  update(buf: RolloutBuffer): void {
    const tf = this.tf;
    const c = this.cfg;
    const od = this.ac.obsDim;
    const ad = this.ac.actDim;
    const inds: number[] = [];
    let approxKl = 0;
    let clipFrac = 0;
    let pg = 0;
    let vl = 0;
    let ent = 0;
    let count = 0;
    for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
      shuffledIndices(buf.valid, this.rng, inds);
      const mbSize = Math.ceil(inds.length / c.numMinibatches);
      for (let start = 0; start < inds.length; start += mbSize) {
        const mb = inds.slice(start, start + mbSize);
        const m = mb.length;
        const obs = new Float32Array(m * od);
        const act = new Float32Array(m * ad);
        const oldLogProb = new Float32Array(m);
        const adv = new Float32Array(m);
        const ret = new Float32Array(m);
        const oldValue = new Float32Array(m);
        mb.forEach((i, j) => {
          obs.set(buf.obs.subarray(i * od, i * od + od), j * od);
          act.set(buf.actions.subarray(i * ad, i * ad + ad), j * ad);
          oldLogProb[j] = buf.logProbs[i] ?? 0;
          adv[j] = buf.advantages[i] ?? 0;
          ret[j] = buf.returns[i] ?? 0;
          oldValue[j] = buf.values[i] ?? 0;
        });
        if (c.normAdv && m > 1) normalize(adv);
        const out = tf.tidy(() => {
          const x = tf.tensor2d(obs, [m, od]);
          const a = tf.tensor2d(act, [m, ad]);
          let kept: tfjs.Tensor | undefined;
          const { grads } = this.optimizer.computeGradients(() => {
            const { logProb, entropy } = this.ac.logProbEntropy(x, a);
            const parts = ppoLoss(
              tf,
              {
                newLogProb: logProb,
                oldLogProb: tf.tensor1d(oldLogProb),
                advantages: tf.tensor1d(adv),
                newValue: this.ac.value(x),
                oldValue: tf.tensor1d(oldValue),
                returns: tf.tensor1d(ret),
                entropy,
              },
              c,
            );
            kept = tf.keep(tf.stack([parts.approxKl, parts.clipFrac, parts.pgLoss, parts.vLoss, parts.entropyLoss]));
            return parts.loss;
          }, this.ac.variables());
          this.optimizer.applyGradients(clipByGlobalNorm(tf, grads, c.maxGradNorm) as Record<string, tfjs.Variable>);
          return kept as tfjs.Tensor;
        });
        const s = out.dataSync();
        out.dispose();
        approxKl = s[0];
        clipFrac += s[1];
        pg += s[2];
        vl += s[3];
        ent += s[4];
        count++;
      }
      if (c.targetKl !== null && approxKl > c.targetKl) break; // early stop on target KL
    }
    this.stats = { approxKl, clipFrac: clipFrac / count, pgLoss: pg / count, vLoss: vl / count, entropy: ent / count };
  }

  async save(dir: string): Promise<void> {
    await saveOnPolicy(this.tf, dir, this.algo, { ...this.cfg }, this.ac);
  }

  async saveCheckpoint(dir: string): Promise<void> {
    const collector = this.collector;
    if (collector === undefined) throw new InvalidConfig('PPO.saveCheckpoint needs an attached env');
    const snapshot = onPolicySnapshot({ numTimesteps: this.numTimesteps, iterations: this.iterations, rng: this.rng }, collector);
    await saveOnPolicy(this.tf, dir, this.algo, { ...this.cfg }, this.ac, { optimizer: this.optimizer, snapshot });
  }

  /** Loads a saved model (given an env, its spaces must match: InvalidConfig naming the dimension otherwise). */
  static async load(dir: string, env?: AgentEnv): Promise<PPO> {
    return PPO.fromDir(dir, env, false);
  }

  /** Resumes from `saveCheckpoint`; with the same env object the run continues exactly. */
  static async loadCheckpoint(dir: string, env: AgentEnv): Promise<PPO> {
    return PPO.fromDir(dir, env, true);
  }

  private static async fromDir(dir: string, env: AgentEnv | undefined, checkpoint: boolean): Promise<PPO> {
    return loadOnPolicy(dir, env, 'PPO', checkpoint, (tf, m, vec) => {
      const agent = new PPO(tf, parseConfig(PpoConfigSchema, m.config, 'PPO config'), m.observationSpace, m.actionSpace, vec);
      return { agent, ac: agent.ac, optimizer: agent.optimizer, restore: (s) => agent.restore(s) };
    });
  }

  /** Restores the counters, rng and running episodes of an `onPolicySnapshot`. */
  private restore(s: Snapshot): void {
    if (this.collector === undefined) throw new InvalidConfig('PPO.loadCheckpoint needs an env');
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

/** In-place `(x - mean) / (std + 1e-8)` with the unbiased std (as torch's `.std()`). */
export function normalize(x: Float32Array): void {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i] ?? 0;
  mean /= x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += ((x[i] ?? 0) - mean) ** 2;
  const std = Math.sqrt(v / Math.max(x.length - 1, 1));
  for (let i = 0; i < x.length; i++) x[i] = ((x[i] ?? 0) - mean) / (std + 1e-8);
}
