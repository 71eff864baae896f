import type * as tfjs from '@tensorflow/tfjs';
import type { z } from 'zod';
import { InvalidConfig } from '../src/core/errors.js';
import { DqnConfigSchema, type DqnConfig } from './dqnConfig.js';
import { parseConfig } from '../src/core/parseConfig.js';
import { Rng, type RngState } from '../src/rng/Rng.js';
import { Discrete } from '../src/spaces/Discrete.js';
import type { Space } from '../src/spaces/Space.js';
import { flatDim } from '../src/spaces/flatten.js';
import { loadTf, type Tf } from './loadTf.js';
import type { Agent, LearnOptions, PredictOptions } from './common/Agent.js';
import { checkpointOf, flatObs, loadAgentDir, restoreOptimizer, saveAgentDir, type LoadedAgent } from './common/agentDir.js';
import { asVecEnv, type AgentEnv } from './common/asVecEnv.js';
import { CallbackList, callbackContext } from './common/callbacks.js';
import { EpisodeTracker } from './common/EpisodeTracker.js';
import { linearSchedule } from './common/linearSchedule.js';
import { Mlp } from './common/Mlp.js';
import { FlatAdam } from './common/FlatAdam.js';
import { netInput } from './common/netInput.js';
import { argmaxRows, foldDuelingHead } from './common/qHeads.js';
import { ReplayBuffer } from './common/ReplayBuffer.js';
import { mergeSnapshots, snapshotArray, snapshotNumber, type Snapshot } from './common/Snapshot.js';
import { dqnActors } from './dqnActors.js';
import type { SerializedMlp } from '../src/policy/MlpPolicy.js';
import { actionMaskRange, type MaskRange } from './common/spaceLayout.js';
import type { VecEnvLike } from './common/VecEnvLike.js';

export { DqnConfigSchema, type DqnConfig } from './dqnConfig.js';
type Cfg = z.output<typeof DqnConfigSchema>;

/**
 * Deep Q-learning (Mnih et al. 2015) with the Rainbow options that matter on small problems: Double DQN,
 * dueling heads, n-step returns, prioritized replay; plus invalid-action masking from an `actionMask`
 * observation entry and parameter sharing over the agents of a ParallelEnv.
 *
 * @example
 * ```ts
 * const agent = await DQN.create(make('CartPole-v1'), { seed: 1, learningStarts: 1000 });
 * await agent.learn({ totalTimesteps: 50_000, callbacks: [new JsonlLogger('runs/dqn.jsonl')] });
 * agent.predict(obs); // greedy action
 * ```
 */
export class DQN implements Agent {
  readonly algo = 'dqn' as const;
  numTimesteps = 0;
  numGradientSteps = 0;
  lastLoss = Number.NaN;
  private readonly tf: Tf;
  private readonly cfg: Cfg;
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  private vec: VecEnvLike | undefined;
  private readonly obsDim: number;
  private readonly nActions: number;
  private readonly mask: MaskRange | undefined;
  readonly q: Mlp;
  readonly qTarget: Mlp;
  private readonly optimizer: FlatAdam;
  private rb: ReplayBuffer | undefined;
  private rng: Rng;
  private lastObs = new Float32Array(0);
  private prevDone = new Uint8Array(0);
  private tracker = new EpisodeTracker(0);
  private started = false;
  /**
   * Per-batch scratch: one-hot actions `[B, A]`, the same scaled by `w_i / B` (dL/dQ per unit Huber slope),
   * and bootstrap coefficients `gamma^n (1 - done)`.
   */
  private readonly actOneHot: Float32Array;
  private readonly dqCoef: Float32Array;
  private readonly bootstrap: Float32Array;

  private constructor(tf: Tf, cfg: Cfg, obsSpace: Space<unknown>, actSpace: Space<unknown>, vec: VecEnvLike | undefined) {
    if (!(actSpace instanceof Discrete)) throw new InvalidConfig(`DQN needs a Discrete action space, got ${actSpace.toString()}`);
    this.tf = tf;
    this.cfg = cfg;
    this.observationSpace = obsSpace;
    this.actionSpace = actSpace;
    this.obsDim = flatDim(obsSpace);
    this.nActions = actSpace.n;
    this.mask = actionMaskRange(obsSpace);
    if (this.mask !== undefined && this.mask.size !== this.nActions) {
      throw new InvalidConfig(`actionMask has ${this.mask.size} entries but the action space ${actSpace.toString()} has ${this.nActions} actions`);
    }
    const sizes = [this.obsDim - (this.mask?.size ?? 0), ...cfg.netArch, cfg.dueling ? this.nActions + 1 : this.nActions];
    this.q = Mlp.create(tf, { sizes, hiddenActivation: 'relu', seed: cfg.seed * 1000 + 1, init: cfg.init });
    this.qTarget = Mlp.create(tf, { sizes, hiddenActivation: 'relu', seed: cfg.seed * 1000 + 1, init: cfg.init });
    this.qTarget.copyFrom(this.q);
    this.optimizer = new FlatAdam(tf, this.q.params, { learningRate: cfg.learningRate, maxGradNorm: cfg.maxGradNorm, epsilon: cfg.adamEpsilon });
    this.rng = new Rng(cfg.seed);
    this.actOneHot = new Float32Array(cfg.batchSize * this.nActions);
    this.dqCoef = new Float32Array(cfg.batchSize * this.nActions);
    this.bootstrap = new Float32Array(cfg.batchSize);
    if (vec !== undefined) this.attach(vec);
  }

  /** Builds an agent for `env` (an Env, Env[], a vector env from `makeVec`, or a ParallelEnv for parameter sharing). */
  static async create(env: AgentEnv, config: DqnConfig = {}): Promise<DQN> {
    const tf = await loadTf();
    const cfg = parseConfig(DqnConfigSchema, config, 'DQN config');
    const vec = asVecEnv(env);
    return new DQN(tf, cfg, vec.singleObservationSpace, vec.singleActionSpace, vec);
  }

  private attach(vec: VecEnvLike): void {
    this.vec = vec;
    const n = vec.numEnvs;
    this.lastObs = new Float32Array(n * this.obsDim);
    this.prevDone = new Uint8Array(n);
    this.tracker = new EpisodeTracker(n);
    this.rb = new ReplayBuffer({
      bufferSize: this.cfg.bufferSize, numEnvs: n, obsDim: this.obsDim, actDim: 1, batchSize: this.cfg.batchSize,
      nStep: this.cfg.nStep, gamma: this.cfg.gamma, alpha: this.cfg.prioritized ? this.cfg.prioritizedAlpha : 0,
    });
  }

  /** Q-values of a `[batch, obsDim]` tensor through `net` (dueling: V + A - mean A). */
  private qValues(net: Mlp, x: tfjs.Tensor2D): tfjs.Tensor2D {
    return this.dueling(net.trace(netInput(this.tf, x, this.mask, this.obsDim)).out);
  }

  /** Q from the network output: the output itself, or for dueling heads `[V, A]` -> V + A - mean(A). */
  private dueling(out: tfjs.Tensor2D): tfjs.Tensor2D {
    if (!this.cfg.dueling) return out;
    const tf = this.tf;
    const v = tf.slice(out, [0, 0], [-1, 1]);
    const a = tf.slice(out, [0, 1], [-1, this.nActions]);
    return tf.add(v, tf.sub(a, tf.mean(a, 1, true)));
  }

  /** dL/d(network output) from dL/dQ: for dueling heads dV = sum_a dQ, dA = dQ - mean_a dQ. */
  private duelingGrad(dq: tfjs.Tensor2D): tfjs.Tensor2D {
    if (!this.cfg.dueling) return dq;
    const tf = this.tf;
    return tf.concat([tf.sum(dq, 1, true), tf.sub(dq, tf.mean(dq, 1, true))], 1);
  }

  /** Pushes invalid actions (mask entry 0) to -1e9 so argmax/max never picks them. */
  private masked(q: tfjs.Tensor2D, obs: tfjs.Tensor2D): tfjs.Tensor2D {
    if (this.mask === undefined) return q;
    const tf = this.tf;
    const m = tf.slice(obs, [0, this.mask.offset], [-1, this.mask.size]);
    return tf.add(q, tf.mul(tf.sub(1, m), -1e9));
  }

  /** Greedy actions for `n` flat observations, written to `out` (argmax of the read-back Q-values: first maximum, as tf.argMax). */
  private greedy(obs: Float32Array, n: number, out: Int32Array | Float32Array): void {
    const tf = this.tf;
    const q = tf.tidy(() => {
      const x = tf.tensor2d(obs, [n, this.obsDim]);
      return this.masked(this.qValues(this.q, x), x);
    });
    const d = q.dataSync();
    q.dispose();
    argmaxRows(d, n, this.nActions, out);
  }

  /** Uniform over valid actions of env row `e` of `obs`. */
  private randomAction(obs: Float32Array, e: number): number {
    if (this.mask === undefined) return this.rng.integers(0, this.nActions);
    const off = e * this.obsDim + this.mask.offset;
    let count = 0;
    for (let k = 0; k < this.nActions; k++) if (obs[off + k]) count++;
    if (count === 0) return 0;
    let j = this.rng.integers(0, count);
    for (let k = 0; k < this.nActions; k++) if (obs[off + k] && j-- === 0) return k;
    return 0;
  }

  predict(obs: unknown, opts: PredictOptions = {}): number {
    const x = flatObs(this.observationSpace, obs, this.obsDim);
    if (opts.deterministic === false && this.rng.random() < this.cfg.explorationFinalEps) return this.randomAction(x, 0);
    const out = new Int32Array(1);
    this.greedy(x, 1, out);
    return out[0];
  }

  /**
   * One gradient step on a replay batch: Huber TD loss, global-norm clipping, Adam. The gradient is
   * backpropagated by hand (`Mlp.backward`, no gradient tape): the loss' derivative with respect to
   * `Q(s, a)` is `w clip(Q(s, a) - target, -1, 1) / B` (Huber, delta 1), and Adam runs on the flat
   * parameter vector ({@link FlatAdam}): about 70 kernels per step instead of ~220 through
   * `computeGradients` + `tf.train.adam`, with the same maths.
   */
  trainStep(beta: number): void {
    const tf = this.tf;
    const rb = this.rb;
    if (rb === undefined) throw new InvalidConfig('DQN has no env attached: create it with an env or loadCheckpoint(dir, env)');
    const b = rb.sample(this.rng, beta);
    const B = this.cfg.batchSize;
    const A = this.nActions;
    this.actOneHot.fill(0);
    this.dqCoef.fill(0);
    for (let i = 0; i < B; i++) {
      const a = b.actions[i] ?? 0;
      this.actOneHot[i * A + a] = 1;
      this.dqCoef[i * A + a] = (this.cfg.prioritized ? (b.weights[i] ?? 0) : 1) / B; // d mean(w huber) / d huber_i
      this.bootstrap[i] = (b.discounts[i] ?? 0) * (1 - (b.dones[i] ?? 0)); // bootstrap only if not terminated
    }
    const wantTd = this.cfg.prioritized;
    const logLoss = this.numGradientSteps % 100 === 0;
    const [loss, td] = tf.tidy(() => {
      const obs = tf.tensor2d(b.obs, [B, this.obsDim]);
      const nextObs = tf.tensor2d(b.nextObs, [B, this.obsDim]);
      // tdTarget = r_n + gamma^n * (1 - done) * Q_target(s', a*), with a* from the online net for Double DQN
      const qNextTarget = this.qValues(this.qTarget, nextObs);
      let nextQ: tfjs.Tensor2D;
      if (this.cfg.doubleQ) {
        const aStar = tf.argMax(this.masked(this.qValues(this.q, nextObs), nextObs), 1);
        nextQ = tf.sum(tf.mul(qNextTarget, tf.oneHot(aStar, A)), 1, true);
      } else {
        nextQ = tf.max(this.masked(qNextTarget, nextObs), 1, true);
      }
      const tdTarget = tf.add(tf.tensor2d(b.rewards, [B, 1]), tf.mul(tf.tensor2d(this.bootstrap, [B, 1]), nextQ));
      // forward with the activations kept, Q(s, a) by one-hot gather, TD error d = Q(s, a) - target: [B, 1]
      const trace = this.q.trace(netInput(tf, obs, this.mask, this.obsDim));
      const q = this.dueling(trace.out);
      const d = tf.sub(tf.sum(tf.mul(q, tf.tensor2d(this.actOneHot, [B, A])), 1, true), tdTarget);
      // Huber (delta 1): huber'(d) = clip(d, -1, 1); dL/dQ = onehot * w/B * huber'(d)
      const dq: tfjs.Tensor2D = tf.mul(tf.clipByValue(d, -1, 1), tf.tensor2d(this.dqCoef, [B, A]));
      this.optimizer.applyFlatGradient(this.q.backwardFlat(trace, this.duelingGrad(dq)));
      let value = Number.NaN;
      if (logLoss) {
        const ad = tf.abs(d);
        const c = tf.minimum(ad, 1);
        const huber = tf.add(tf.mul(tf.square(c), 0.5), tf.sub(ad, c));
        value = tf.mean(this.cfg.prioritized ? tf.mul(huber, tf.tensor2d(b.weights, [B, 1])) : huber).dataSync()[0];
      }
      return [value, wantTd ? tf.keep(tf.abs(d)) : undefined] as const;
    });
    if (!Number.isNaN(loss)) this.lastLoss = loss;
    if (td !== undefined) {
      rb.updatePriorities(b.indices, td.dataSync());
      td.dispose();
    }
    this.numGradientSteps++;
  }

  private stepped: { rewards: ArrayLike<number>; terms: ArrayLike<number>; truncs: ArrayLike<number> } = { rewards: [], terms: [], truncs: [] };

  /** One epsilon-greedy vector step on the attached env, added to the replay buffer. */
  private actAndStep(vec: VecEnvLike, eps: number, actions: Int32Array, greedyActions: Int32Array, valid: Uint8Array, rb: ReplayBuffer): void {
    const n = vec.numEnvs;
    // epsilon-greedy: the same rng draws whatever the network says, so runs stay reproducible
    let anyGreedy = false;
    for (let e = 0; e < n; e++) {
      if (this.rng.random() < eps) actions[e] = this.randomAction(this.lastObs, e);
      else { actions[e] = -1; anyGreedy = true; }
    }
    if (anyGreedy) {
      this.greedy(this.lastObs, n, greedyActions);
      for (let e = 0; e < n; e++) if (actions[e] === -1) actions[e] = greedyActions[e] ?? 0;
    }
    const [nextObs, rewards, terms, truncs] = vec.step(actions);
    // the step after a done is the reset step of next-step autoreset: not a transition
    for (let e = 0; e < n; e++) valid[e] = this.prevDone[e] ? 0 : 1;
    rb.add(this.lastObs, actions, rewards, nextObs, terms, truncs, valid);
    this.stepped = { rewards, terms, truncs };
    for (let e = 0; e < n; e++) this.prevDone[e] = terms[e] || truncs[e] ? 1 : 0;
    this.lastObs.set(nextObs);
  }

  async learn(opts: LearnOptions): Promise<this> {
    const vec = this.vec;
    const rb = this.rb;
    if (vec === undefined || rb === undefined) throw new InvalidConfig('DQN has no env attached: create it with an env or loadCheckpoint(dir, env)');
    const c = this.cfg;
    const n = vec.numEnvs;
    const end = this.numTimesteps + opts.totalTimesteps;
    const horizon = opts.horizon ?? end;
    const epsilon = linearSchedule(c.explorationInitialEps, c.explorationFinalEps, c.explorationFraction);
    const cbs = new CallbackList(opts.callbacks ?? []);
    const ctx = callbackContext(this, cbs);
    const actions = new Int32Array(n);
    const greedyActions = new Int32Array(n);
    const valid = new Uint8Array(n);
    // an episode ends at the step count after its last step (as train records and the rollout collector count)
    const onEpisode = (env: number, ret: number, len: number): void =>
      cbs.log({ type: 'episode', step: this.numTimesteps + n, env, return: ret, length: len }, ctx);
    const actors = opts.rollouts === undefined ? undefined : dqnActors({
      source: opts.rollouts, cfg: c, numColumns: n, obsDim: this.obsDim, start: this.numTimesteps, end, horizon, tracker: this.tracker,
      onEpisode: cbs.hasLog ? onEpisode : undefined,
    });
    if (actors === undefined && c.actorEpsilons === 'apex')
      throw new InvalidConfig("actorEpsilons 'apex' is for actors on rollout workers (learn({ rollouts }), tsgym train --redis): use 'schedule' here");
    if (!this.started && actors === undefined) {
      const [obs] = vec.reset({ seed: c.seed });
      this.lastObs.set(obs);
      this.started = true;
    }
    await cbs.start(ctx);
    let t0 = performance.now();
    let steps0 = this.numTimesteps;
    let nextLog = (Math.floor(this.numTimesteps / c.logInterval) + 1) * c.logInterval;
    try {
      while (this.numTimesteps < end) {
        const progress = this.numTimesteps / horizon;
        const eps = epsilon(progress);
        if (actors !== undefined) {
          // Ape-X-style actors elsewhere play epsilon-greedy on the weights of actorLag rounds ago; this process learns
          const r = await actors.rows.next(() => this.exportPolicy(), actors.epsilon);
          rb.add(r.obs, r.actions, r.rewards, r.nextObs, r.terms, r.replayTruncs, r.valid, r.priorities);
          actors.tracker.updateFrom(r.column, n, r.rewards, r.terms, r.truncs, r.valid, actors.onEnd);
        } else {
          this.actAndStep(vec, eps, actions, greedyActions, valid, rb);
          if (cbs.hasLog) this.tracker.update(this.stepped.rewards, this.stepped.terms, this.stepped.truncs, valid, onEpisode);
          else this.tracker.update(this.stepped.rewards, this.stepped.terms, this.stepped.truncs, valid);
        }
        const before = this.numTimesteps;
        this.numTimesteps += n;
        if (this.numTimesteps > c.learningStarts) {
          if (Math.floor(this.numTimesteps / n) % c.trainFreq === 0) {
            const beta = c.prioritizedBeta0 + (1 - c.prioritizedBeta0) * Math.min(1, progress);
            if (c.annealLr) this.optimizer.learningRate = Math.max(0, 1 - this.numTimesteps / horizon) * c.learningRate; // SB3: progress after the step
            for (let k = 0; k < c.gradientSteps; k++) this.trainStep(beta);
          }
          if (Math.floor(this.numTimesteps / c.targetUpdateInterval) > Math.floor(before / c.targetUpdateInterval)) this.qTarget.copyFrom(this.q, c.tau);
        }
        if (this.numTimesteps >= nextLog) {
          nextLog += c.logInterval;
          const now = performance.now();
          const fps = ((this.numTimesteps - steps0) * 1000) / Math.max(now - t0, 1e-3);
          t0 = now;
          steps0 = this.numTimesteps;
          const meanReturn = this.tracker.meanReturn();
          cbs.log({ type: 'train', step: this.numTimesteps, fps, loss: this.lastLoss, epsilon: eps, meanReturn, gradientSteps: this.numGradientSteps }, ctx);
        }
        if (cbs.hasStep && !(await cbs.step(ctx))) break;
      }
    } finally {
      // rounds still in flight (a run stopped early, a failed round): their jobs finish before the pool closes
      await actors?.rows.drain();
    }
    await cbs.end(ctx);
    return this;
  }

  private files(): Parameters<typeof saveAgentDir>[2] {
    return {
      algo: this.algo, config: { ...this.cfg }, observationSpace: this.observationSpace, actionSpace: this.actionSpace,
      tensors: this.q.named('q'), topology: { layers: this.q.layers, dueling: this.cfg.dueling },
    };
  }

  async save(dir: string): Promise<void> {
    await saveAgentDir(this.tf, dir, this.files());
  }

  async saveCheckpoint(dir: string): Promise<void> {
    const rb = this.replayBuffer();
    const tensors = { ...this.q.named('q'), ...this.qTarget.named('qTarget') };
    await saveAgentDir(this.tf, dir, { ...this.files(), tensors, optimizer: this.optimizer, snapshot: this.snapshot(rb) });
  }

  /** The learner's dynamic state: counters, rng, the running episodes and the replay buffer. */
  private snapshot(rb: ReplayBuffer): Snapshot {
    const state = { numTimesteps: this.numTimesteps, numGradientSteps: this.numGradientSteps, lastLoss: this.lastLoss, rng: this.rng.getState() };
    return mergeSnapshots({ state, arrays: { lastObs: this.lastObs.slice(), prevDone: this.prevDone.slice() } }, this.tracker.snapshot(), rb.snapshot());
  }

  /** Restores what `snapshot` took; the next `learn` continues the same episodes. */
  private restore(s: Snapshot, rb: ReplayBuffer): void {
    this.numTimesteps = snapshotNumber(s, 'numTimesteps');
    this.numGradientSteps = snapshotNumber(s, 'numGradientSteps');
    this.lastLoss = typeof s.state.lastLoss === 'number' ? s.state.lastLoss : Number.NaN; // NaN is null in JSON
    this.rng = Rng.fromState(s.state.rng as RngState);
    this.lastObs.set(snapshotArray(s, 'lastObs', this.lastObs.length));
    this.prevDone.set(snapshotArray(s, 'prevDone', this.prevDone.length));
    this.tracker.restore(s);
    rb.restore(s);
    this.started = true;
  }

  private static async fromLoaded(tf: Tf, m: LoadedAgent, vec: VecEnvLike | undefined, overrides: DqnConfig = {}): Promise<DQN> {
    const cfg = parseConfig(DqnConfigSchema, { ...m.config, ...overrides }, 'DQN config');
    const agent = new DQN(tf, cfg, m.observationSpace, m.actionSpace, vec);
    agent.q.assignNamed(m.tensors, 'q');
    agent.qTarget.copyFrom(agent.q);
    return agent;
  }

  /** Loads a saved model for prediction (and, given an env, further training); a space mismatch throws InvalidConfig. */
  static async load(dir: string, env?: AgentEnv): Promise<DQN> {
    const tf = await loadTf();
    const vec = env === undefined ? undefined : asVecEnv(env);
    const m = await loadAgentDir(tf, dir, 'dqn', vec);
    const agent = await DQN.fromLoaded(tf, m, vec);
    for (const t of Object.values(m.tensors)) t.dispose();
    return agent;
  }

  /**
   * Resumes from `saveCheckpoint`: networks, Adam moments, replay buffer, rng and counters. With the same
   * env object the run continues exactly (env state itself is not in the checkpoint).
   */
  static async loadCheckpoint(dir: string, env: AgentEnv): Promise<DQN> {
    const tf = await loadTf();
    const vec = asVecEnv(env);
    const m = await loadAgentDir(tf, dir, 'dqn', vec);
    const s = checkpointOf(m, dir, 'DQN');
    const agent = await DQN.fromLoaded(tf, m, vec);
    agent.qTarget.assignNamed(m.tensors, 'qTarget');
    await restoreOptimizer(agent.optimizer, m);
    agent.restore(s, agent.replayBuffer());
    for (const t of Object.values(m.tensors)) t.dispose();
    return agent;
  }

  /** The Q-network as a SerializedMlp; dueling V and A heads are folded into one linear layer. */
  exportPolicy(): SerializedMlp {
    const layers = this.q.serializeLayers();
    const last = layers.pop();
    if (last !== undefined) layers.push(this.cfg.dueling ? foldDuelingHead(last, this.nActions) : last);
    return { format: 'tsgym-mlp', version: 1, layers, output: 'q', observationSpace: this.observationSpace.toJSON(), actionSpace: this.actionSpace.toJSON() };
  }

  /** The replay buffer (undefined until an env is attached). */
  replayBuffer(): ReplayBuffer {
    if (this.rb === undefined) throw new InvalidConfig('DQN has no env attached');
    return this.rb;
  }

  /** Q-values of one flat observation (for tests and inspection). */
  qOf(obs: Float32Array): Float32Array {
    const tf = this.tf;
    const t = tf.tidy(() => this.qValues(this.q, tf.tensor2d(obs, [1, this.obsDim])));
    const d = t.dataSync() as Float32Array;
    t.dispose();
    return d;
  }

  dispose(): void {
    this.q.dispose();
    this.qTarget.dispose();
    this.optimizer.dispose();
  }
}
