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
import { loadOnPolicy, onPolicySnapshot, restoreOnPolicy, saveOnPolicy } from './common/onPolicyFiles.js';
import { mergeSnapshots, snapshotArray, snapshotNumber, type Snapshot } from './common/Snapshot.js';
import { RolloutBuffer } from './common/RolloutBuffer.js';
import { RolloutCollector } from './common/RolloutCollector.js';
import type { SerializedMlp } from '../src/policy/MlpPolicy.js';
import type { VecEnvLike } from './common/VecEnvLike.js';
import { normalize } from './ppo.js';

/** REINFORCE hyperparameters. */
export const ReinforceConfigSchema = z.object({
  learningRate: z.number().positive().default(1e-3),
  gamma: z.number().min(0).max(1).default(0.99),
  /** Complete episodes per gradient step. */
  episodesPerUpdate: z.number().int().positive().default(8),
  /** Vector steps per collection round (episodes continue across rounds). */
  numSteps: z.number().int().positive().default(64),
  entCoef: z.number().min(0).default(0),
  vfCoef: z.number().min(0).default(0.5),
  maxGradNorm: z.number().positive().default(1),
  /** Normalise the advantages `G - V` over the batch. */
  normAdv: z.boolean().default(true),
  netArch: z.array(z.number().int().positive()).default([64, 64]),
  activation: z.enum(['tanh', 'relu']).default('tanh'),
  logStdInit: z.number().default(0),
  seed: z.number().int().default(0),
}).strict();

/** REINFORCE hyperparameters as given (every field optional). */
export type ReinforceConfig = z.input<typeof ReinforceConfigSchema>;
type Cfg = z.output<typeof ReinforceConfigSchema>;

/** A Float32Array that grows by doubling (rows of `width` values). */
class Rows {
  data: Float32Array;
  length = 0;
  constructor(readonly width: number, capacity = 1024) {
    this.data = new Float32Array(capacity * width);
  }
  push(src: ArrayLike<number>, from: number): void {
    if ((this.length + 1) * this.width > this.data.length) {
      const d = new Float32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    for (let k = 0; k < this.width; k++) this.data[this.length * this.width + k] = src[from + k] ?? 0;
    this.length++;
  }
  /** The filled rows, as array `name` of a snapshot. */
  snapshot(name: string): Snapshot {
    return { state: {}, arrays: { [name]: this.data.slice(0, this.length * this.width) } };
  }
  /** Replaces the rows with array `name` of a snapshot. */
  restore(s: Snapshot, name: string): void {
    const a = snapshotArray<Float32Array>(s, name);
    this.length = 0;
    for (let k = 0; k < a.length / this.width; k++) this.push(a, k * this.width);
  }
}

/**
 * REINFORCE (Williams 1992) with a learned value baseline: Monte-Carlo returns-to-go `G_t` of complete
 * episodes (a truncated episode bootstraps `V` of its final observation), loss
 * `-mean(logp(a|s) (G - V)) + vfCoef mean((G - V)^2)`, one gradient step per `episodesPerUpdate` episodes.
 * Episodes still running at an update continue into the next batch.
 *
 * @example
 * ```ts
 * const agent = await REINFORCE.create(makeVec('CartPole-v1', 4, { mode: 'sync' }), { seed: 1 });
 * await agent.learn({ totalTimesteps: 200_000 });
 * ```
 */
export class REINFORCE implements Agent {
  readonly algo = 'reinforce' as const;
  numTimesteps = 0;
  iterations = 0;
  readonly ac: ActorCritic;
  private readonly optimizer: tfjs.AdamOptimizer;
  private rng: Rng;
  private collector: RolloutCollector | undefined;
  private buf: RolloutBuffer | undefined;
  /** Per-env running episode (obs, action, reward) and the batch of finished ones (obs, action, G). */
  private running: { obs: Rows; act: Rows; rew: Rows }[] = [];
  private batch: { obs: Rows; act: Rows; ret: Rows } | undefined;
  private batchEpisodes = 0;
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
      algo: 'REINFORCE',
    });
    this.optimizer = tf.train.adam(cfg.learningRate);
    this.rng = new Rng(cfg.seed);
    if (vec !== undefined) {
      const { obsDim, actDim } = this.ac;
      this.collector = new RolloutCollector(vec, obsDim, actDim);
      this.buf = new RolloutBuffer(cfg.numSteps, vec.numEnvs, obsDim, actDim);
      for (let e = 0; e < vec.numEnvs; e++) this.running.push({ obs: new Rows(obsDim), act: new Rows(actDim), rew: new Rows(1) });
      this.batch = { obs: new Rows(obsDim), act: new Rows(actDim), ret: new Rows(1) };
    }
  }

  static async create(env: AgentEnv, config: ReinforceConfig = {}): Promise<REINFORCE> {
    const tf = await loadTf();
    const vec = asVecEnv(env);
    return new REINFORCE(tf, parseConfig(ReinforceConfigSchema, config, 'REINFORCE config'), vec.singleObservationSpace, vec.singleActionSpace, vec);
  }

  predict(obs: unknown, opts: PredictOptions = {}): Action {
    return this.ac.predictOne(flatObs(this.observationSpace, obs, this.ac.obsDim), this.rng, opts.deterministic ?? true);
  }

  async learn(opts: LearnOptions): Promise<this> {
    const { collector, buf, batch } = this;
    if (collector === undefined || buf === undefined || batch === undefined)
      throw new InvalidConfig('REINFORCE has no env attached: create it with an env or loadCheckpoint(dir, env)');
    const c = this.cfg;
    const n = collector.vec.numEnvs;
    const { obsDim: od, actDim: ad } = this.ac;
    const end = this.numTimesteps + opts.totalTimesteps;
    const cbs = new CallbackList(opts.callbacks ?? []);
    const ctx = callbackContext(this, cbs);
    const finalValue = new Float32Array(1);
    collector.start(c.seed);
    await cbs.start(ctx);
    while (this.numTimesteps < end) {
      this.numTimesteps += collector.collect(buf, this.ac, this.rng, cbs, ctx, this.numTimesteps);
      for (let t = 0; t < buf.numSteps; t++) {
        for (let e = 0; e < n; e++) {
          const i = t * n + e;
          if (!buf.valid[i]) continue;
          const run = this.running[e];
          run.obs.push(buf.obs, i * od);
          run.act.push(buf.actions, i * ad);
          run.rew.push(buf.rewards, i);
          if (!buf.terms[i] && !buf.truncs[i]) continue;
          // returns-to-go G_t = r_t + gamma G_{t+1}; bootstrap V(final obs) if truncated, 0 if terminated
          let g = 0;
          if (buf.truncs[i] && !buf.terms[i]) {
            const next = t + 1 < buf.numSteps ? buf.obs.subarray((i + n) * od, (i + n) * od + od) : collector.lastObs.subarray(e * od, e * od + od);
            this.ac.values(next, 1, finalValue);
            g = finalValue[0] ?? 0;
          }
          const len = run.rew.length;
          const rets = new Float32Array(len);
          for (let k = len - 1; k >= 0; k--) {
            g = (run.rew.data[k] ?? 0) + c.gamma * g;
            rets[k] = g;
          }
          for (let k = 0; k < len; k++) {
            batch.obs.push(run.obs.data, k * od);
            batch.act.push(run.act.data, k * ad);
            batch.ret.push(rets, k);
          }
          run.obs.length = 0;
          run.act.length = 0;
          run.rew.length = 0;
          this.batchEpisodes++;
        }
      }
      if (this.batchEpisodes >= c.episodesPerUpdate) {
        this.update(batch);
        this.iterations++;
        batch.obs.length = 0;
        batch.act.length = 0;
        batch.ret.length = 0;
        this.batchEpisodes = 0;
        cbs.log({ type: 'train', step: this.numTimesteps, fps: 0, ...this.stats, meanReturn: collector.tracker.meanReturn() }, ctx);
      }
      if (cbs.hasStep && !(await cbs.step(ctx))) break;
    }
    await cbs.end(ctx);
    return this;
  }

  private update(b: { obs: Rows; act: Rows; ret: Rows }): void {
    const tf = this.tf;
    const c = this.cfg;
    const m = b.ret.length;
    const { obsDim: od, actDim: ad } = this.ac;
    const ret = b.ret.data.slice(0, m);
    const vals = new Float32Array(m);
    this.ac.values(b.obs.data, m, vals);
    const adv = new Float32Array(m);
    for (let i = 0; i < m; i++) adv[i] = (ret[i] ?? 0) - (vals[i] ?? 0); // the baseline is not differentiated
    if (c.normAdv && m > 1) normalize(adv);
    const out = tf.tidy(() => {
      const x = tf.tensor2d(b.obs.data.subarray(0, m * od), [m, od]);
      const a = tf.tensor2d(b.act.data.subarray(0, m * ad), [m, ad]);
      let kept: tfjs.Tensor | undefined;
      const { grads } = this.optimizer.computeGradients(() => {
        const { logProb, entropy } = this.ac.logProbEntropy(x, a);
        const pgLoss = tf.neg(tf.mean(tf.mul(logProb, tf.tensor1d(adv))));
        const vLoss = tf.mean(tf.square(tf.sub(tf.tensor1d(ret), this.ac.value(x))));
        const ent = tf.mean(entropy);
        kept = tf.keep(tf.stack([pgLoss, vLoss, ent]));
        return tf.add<tfjs.Scalar>(tf.sub(pgLoss, tf.mul(c.entCoef, ent)), tf.mul(c.vfCoef, vLoss));
      }, this.ac.variables());
      this.optimizer.applyGradients(clipByGlobalNorm(tf, grads, c.maxGradNorm) as Record<string, tfjs.Variable>);
      return kept as tfjs.Tensor;
    });
    const s = out.dataSync();
    out.dispose();
    this.stats = { pgLoss: s[0], vLoss: s[1], entropy: s[2], batchSteps: m };
  }

  async save(dir: string): Promise<void> {
    await saveOnPolicy(this.tf, dir, this.algo, { ...this.cfg }, this.ac);
  }

  async saveCheckpoint(dir: string): Promise<void> {
    const { collector, batch } = this;
    if (collector === undefined || batch === undefined) throw new InvalidConfig('REINFORCE.saveCheckpoint needs an attached env');
    const episodes = mergeSnapshots(
      { state: { batchEpisodes: this.batchEpisodes }, arrays: {} },
      batch.obs.snapshot('batchObs'),
      batch.act.snapshot('batchAct'),
      batch.ret.snapshot('batchRet'),
      ...this.running.flatMap((r, e) => [r.obs.snapshot(`run${e}Obs`), r.act.snapshot(`run${e}Act`), r.rew.snapshot(`run${e}Rew`)]),
    );
    const snapshot = onPolicySnapshot({ numTimesteps: this.numTimesteps, iterations: this.iterations, rng: this.rng }, collector, episodes);
    await saveOnPolicy(this.tf, dir, this.algo, { ...this.cfg }, this.ac, { optimizer: this.optimizer, snapshot });
  }

  /** Loads a saved model (given an env, its spaces must match: InvalidConfig naming the dimension otherwise). */
  static async load(dir: string, env?: AgentEnv): Promise<REINFORCE> {
    return REINFORCE.fromDir(dir, env, false);
  }

  /** Resumes from `saveCheckpoint` (running episodes and the unfinished batch included). */
  static async loadCheckpoint(dir: string, env: AgentEnv): Promise<REINFORCE> {
    return REINFORCE.fromDir(dir, env, true);
  }

  private static async fromDir(dir: string, env: AgentEnv | undefined, checkpoint: boolean): Promise<REINFORCE> {
    return loadOnPolicy(dir, env, 'REINFORCE', checkpoint, (tf, m, vec) => {
      const agent = new REINFORCE(tf, parseConfig(ReinforceConfigSchema, m.config, 'REINFORCE config'), m.observationSpace, m.actionSpace, vec);
      return { agent, ac: agent.ac, optimizer: agent.optimizer, restore: (s) => agent.restore(s) };
    });
  }

  /** Restores the counters, rng, running episodes and the unfinished batch of a checkpoint. */
  private restore(s: Snapshot): void {
    const { collector, batch } = this;
    if (collector === undefined || batch === undefined) throw new InvalidConfig('REINFORCE.loadCheckpoint needs an env');
    ({ numTimesteps: this.numTimesteps, iterations: this.iterations, rng: this.rng } = restoreOnPolicy(s, collector));
    this.batchEpisodes = snapshotNumber(s, 'batchEpisodes');
    batch.obs.restore(s, 'batchObs');
    batch.act.restore(s, 'batchAct');
    batch.ret.restore(s, 'batchRet');
    this.running.forEach((r, e) => {
      r.obs.restore(s, `run${e}Obs`);
      r.act.restore(s, `run${e}Act`);
      r.rew.restore(s, `run${e}Rew`);
    });
  }

  exportPolicy(): SerializedMlp {
    return this.ac.export();
  }

  dispose(): void {
    this.ac.dispose();
    this.optimizer.dispose();
  }
}
