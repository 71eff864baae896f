import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { DispatchNet } from '../../../envs/factory/jobshop/gnn/DispatchNet.js';
import type { SerializedDispatchNet } from '../../../envs/factory/jobshop/gnn/SerializedDispatchNet.js';
import type { JobShopInstance } from '../../../envs/factory/jobshop/JobShopInstance.js';
import { randomTaillardInstance } from '../../../envs/factory/jobshop/taillardInstance.js';
import { parseConfig } from '../../core/parseConfig.js';
import { Rng } from '../../rng/Rng.js';
import { FlatAdam } from '../../../agents/common/FlatAdam.js';
import type { Tf } from '../../../agents/loadTf.js';
import { DecisionStore } from './DecisionBatch.js';
import { DispatchNetTf } from './DispatchNetTf.js';
import { dispatchRollout, RolloutScratch } from './dispatchRollout.js';

/** Hyperparameters of `trainDispatcher` (one line each; defaults are the shipped policy's). */
export const TrainDispatcherConfigSchema = z
  .object({
    /** Random Taillard instance sizes trained on, `JxM`, used in turn. */
    sizes: z
      .array(z.string().regex(/^\d+x\d+$/, 'expected JOBSxMACHINES, e.g. 15x15'))
      .min(1)
      .default(['15x15']),
    /** Wall-clock budget in minutes (behaviour cloning included); training stops at the first iteration past it. */
    minutes: z.number().positive().default(120),
    /** Stop after this many PPO iterations (default: only the wall budget). */
    maxIterations: z.number().int().positive().optional(),
    seed: z.number().int().min(0).default(0),
    hidden: z.number().int().min(4).max(256).default(32),
    /** Message-passing rounds over all unscheduled operations (0: the encoder feeds the head directly). */
    rounds: z.number().int().min(0).max(4).default(1),
    headHidden: z.number().int().min(4).max(512).default(64),
    /** Behaviour-cloning warm start: instances scheduled by `bcRule` whose choices are imitated (0: none). */
    bcInstances: z.number().int().min(0).default(96),
    bcRule: z.enum(['fdd-mwkr', 'mwkr', 'mopnr', 'spt']).default('fdd-mwkr'),
    bcEpochs: z.number().int().min(1).default(4),
    /** PPO: instances per iteration, and schedules sampled per instance (their mean is the baseline). */
    instancesPerIteration: z.number().int().min(1).default(4),
    rolloutsPerInstance: z.number().int().min(2).default(8),
    epochs: z.number().int().min(1).default(2),
    minibatch: z.number().int().min(8).default(512),
    learningRate: z.number().positive().default(2e-4),
    clip: z.number().positive().default(0.2),
    entropyCoef: z.number().min(0).default(0.005),
    maxGradNorm: z.number().positive().default(1),
    /** Greedy validation on fixed random instances (the training sizes in turn), as makespan / bcRule's; the best network is kept. */
    validationInstances: z.number().int().min(1).default(32),
    validateEvery: z.number().int().min(1).default(5),
  })
  .strict();

/** A `trainDispatcher` configuration (all keys optional on input). */
export type TrainDispatcherConfig = z.infer<typeof TrainDispatcherConfigSchema>;

/** One line of the training log. */
export interface DispatcherLogEntry {
  iteration: number;
  seconds: number;
  phase: 'bc' | 'ppo';
  /** Mean makespan of the sampled schedules (ppo), or the cloning loss (bc). */
  value: number;
  decisions: number;
  /** Mean ratio of the greedy makespan to `bcRule`'s on the validation instances, when validated. */
  validation?: number;
}

/** Options of {@link trainDispatcher}. */
export interface TrainDispatcherOptions {
  /** Called after every iteration (and each validation). */
  onLog?: (e: DispatcherLogEntry) => void;
  /** Called with each new best network (to save it). */
  onBest?: (net: SerializedDispatchNet, validation: number) => void | Promise<void>;
  /** Warm start from this network instead of a new one (skips behaviour cloning). */
  init?: SerializedDispatchNet;
}

const sizeOf = (s: string): [number, number] => s.split('x').map(Number) as [number, number];

type Loss = (f: { logp: tfjs.Tensor1D; entropy: tfjs.Tensor1D }, b: { oldLogp: tfjs.Tensor1D; adv: tfjs.Tensor1D }) => tfjs.Scalar;

/** The state of one training run: network, optimizer, decision stores, validation set, best network. */
class DispatcherTraining {
  readonly rng: Rng;
  readonly sizes: [number, number][];
  readonly net: DispatchNetTf;
  readonly opt: FlatAdam;
  readonly record: Record<string, unknown>;
  best = Infinity;
  bestNet: SerializedDispatchNet | undefined;
  private readonly stores = new Map<string, { store: DecisionStore; scratch: RolloutScratch }>();
  private readonly validationSet: { inst: JobShopInstance; rule: number }[];
  private readonly t0 = performance.now();

  constructor(
    private readonly tf: Tf,
    readonly cfg: TrainDispatcherConfig,
    private readonly opts: TrainDispatcherOptions,
  ) {
    this.rng = new Rng(cfg.seed);
    this.sizes = cfg.sizes.map(sizeOf);
    this.net = opts.init
      ? DispatchNetTf.fromJSON(tf, opts.init)
      : DispatchNetTf.create(tf, { hidden: cfg.hidden, rounds: cfg.rounds, headHidden: cfg.headHidden, scheme: 'non-delay' }, this.rng);
    this.opt = new FlatAdam(tf, this.net.params, { learningRate: cfg.learningRate, maxGradNorm: cfg.maxGradNorm });
    // validation: fixed instances of every training size, scored relative to the rule's schedules
    const valRng = new Rng(1_000_003);
    this.validationSet = Array.from({ length: cfg.validationInstances }, (_, i) => {
      const [J, M] = this.sizes[i % this.sizes.length];
      const inst = randomTaillardInstance(valRng, J, M);
      return { inst, rule: dispatchRollout(inst, 'non-delay', { rule: cfg.bcRule }, this.slot(J, M).scratch).makespan };
    });
    this.record = { ...cfg, algorithm: 'behaviour cloning warm start, then PPO with a shared-instance baseline' };
  }

  elapsed(): number {
    return (performance.now() - this.t0) / 1000;
  }

  /** The decision store and scratch of a size (made on first use). */
  slot(J: number, M: number): { store: DecisionStore; scratch: RolloutScratch } {
    const key = `${J}x${M}`;
    let s = this.stores.get(key);
    if (!s) {
      const cap = Math.max(this.cfg.instancesPerIteration * this.cfg.rolloutsPerInstance, this.cfg.bcInstances) * J * M;
      s = { store: new DecisionStore(J, M, cap), scratch: new RolloutScratch(J, M) };
      this.stores.set(key, s);
    }
    return s;
  }

  /** Greedy makespan / rule's on the validation set; keeps (and reports) a new best network. */
  async validate(iteration: number): Promise<number> {
    const snap = await this.net.toJSON(this.record);
    const js = new DispatchNet(snap);
    let sum = 0;
    for (const { inst, rule } of this.validationSet)
      sum +=
        dispatchRollout(inst, 'non-delay', { net: js, greedy: true, rng: this.rng }, this.slot(inst.nJobs, inst.nMachines).scratch)
          .makespan / rule;
    const v = sum / this.validationSet.length;
    if (v < this.best) {
      this.best = v;
      this.bestNet = { ...snap, training: { ...this.record, iteration, validationRatio: v, seconds: Math.round(this.elapsed()) } };
      await this.opts.onBest?.(this.bestNet, v);
    }
    return v;
  }

  /** One pass over every stored decision in shuffled minibatches; returns the mean loss. */
  private pass(store: DecisionStore, loss: Loss): number {
    const { tf, net, cfg } = this;
    const batch = store.newBatch(cfg.minibatch);
    const order = this.rng.shuffle(Array.from({ length: store.n }, (_, i) => i));
    let total = 0;
    let n = 0;
    for (let from = 0; from < order.length; from += cfg.minibatch) {
      store.fill(batch, order, from, Math.min(cfg.minibatch, order.length - from));
      const { value, grads } = tf.tidy(() =>
        tf.variableGrads(() => {
          const f = net.forward(batch);
          return loss(f, { oldLogp: tf.tensor1d(batch.oldLogp.subarray(0, batch.S)), adv: tf.tensor1d(batch.adv.subarray(0, batch.S)) });
        }, net.params),
      );
      this.opt.applyGradients(net.params.map((p) => grads[p.name]));
      total += value.dataSync()[0];
      n++;
      value.dispose();
      for (const g of Object.values(grads)) g.dispose();
    }
    return total / Math.max(1, n);
  }

  /** Behaviour cloning: the rule's non-delay choices on `bcInstances` instances, `bcEpochs` epochs of cross-entropy. */
  clone(): void {
    const { cfg, tf } = this;
    for (const s of this.stores.values()) s.store.n = 0;
    for (let i = 0; i < cfg.bcInstances; i++) {
      const [J, M] = this.sizes[i % this.sizes.length];
      const { store, scratch } = this.slot(J, M);
      dispatchRollout(randomTaillardInstance(this.rng, J, M), 'non-delay', { rule: cfg.bcRule }, scratch, store);
    }
    for (let e = 0; e < cfg.bcEpochs; e++) {
      let l = 0;
      let decisions = 0;
      for (const { store } of this.stores.values()) {
        if (store.n === 0) continue;
        l += this.pass(store, (f) => tf.neg(tf.mean(f.logp)));
        decisions += store.n;
      }
      this.opts.onLog?.({ iteration: e, seconds: this.elapsed(), phase: 'bc', value: l / this.stores.size, decisions });
    }
  }

  /** One PPO iteration: sample schedules, set the shared-instance advantages, update; returns the log entry. */
  async iterate(iteration: number): Promise<DispatcherLogEntry> {
    const { cfg, tf } = this;
    for (const s of this.stores.values()) s.store.n = 0;
    const js = new DispatchNet(await this.net.toJSON());
    const diffs: { store: DecisionStore; first: number; count: number; d: number }[] = [];
    let msSum = 0;
    for (let b = 0; b < cfg.instancesPerIteration; b++) {
      const [J, M] = this.sizes[(iteration * cfg.instancesPerIteration + b) % this.sizes.length];
      const { store, scratch } = this.slot(J, M);
      const inst = randomTaillardInstance(this.rng, J, M);
      const runs = Array.from({ length: cfg.rolloutsPerInstance }, () =>
        dispatchRollout(inst, 'non-delay', { net: js, greedy: false, rng: this.rng }, scratch, store),
      );
      const mean = runs.reduce((a, r) => a + r.makespan, 0) / runs.length;
      msSum += mean;
      // bootstrap-free advantage: how much shorter than the instance's average schedule
      for (const r of runs) diffs.push({ store, first: r.first, count: r.count, d: mean - r.makespan });
    }
    const sd = Math.sqrt(diffs.reduce((a, x) => a + x.d * x.d, 0) / diffs.length) || 1;
    for (const x of diffs) x.store.adv.fill(x.d / sd, x.first, x.first + x.count);
    let decisions = 0;
    for (let e = 0; e < cfg.epochs; e++) {
      for (const { store } of this.stores.values()) {
        if (store.n === 0) continue;
        if (e === 0) decisions += store.n;
        this.pass(store, (f, bt) => {
          const ratio = tf.exp(tf.sub(f.logp, bt.oldLogp));
          const pgLoss1 = tf.mul(ratio, bt.adv);
          const pgLoss2 = tf.mul(tf.clipByValue(ratio, 1 - cfg.clip, 1 + cfg.clip), bt.adv);
          return tf.sub<tfjs.Scalar>(tf.neg(tf.mean(tf.minimum(pgLoss1, pgLoss2))), tf.mul(cfg.entropyCoef, tf.mean(f.entropy)));
        });
      }
    }
    const entry: DispatcherLogEntry = {
      iteration,
      seconds: this.elapsed(),
      phase: 'ppo',
      value: msSum / cfg.instancesPerIteration,
      decisions,
    };
    if (iteration % cfg.validateEvery === 0) entry.validation = await this.validate(iteration);
    return entry;
  }
}

/**
 * Trains the job-shop dispatcher (see `SerializedDispatchNet`) on random Taillard instances: an optional
 * behaviour-cloning warm start on a rule's non-delay schedules, then PPO: each iteration samples
 * `rolloutsPerInstance` schedules of each of `instancesPerIteration` new instances with the current
 * network; every decision of a schedule gets the schedule's advantage, the mean makespan of its
 * instance's schedules minus its own, divided by the standard deviation of those differences over the
 * iteration (a shared-instance baseline instead of a learned critic); then `epochs` passes of PPO's
 * clipped surrogate with an entropy bonus over minibatches. Greedy validation on fixed instances keeps
 * the best network. Returns the best network and its validation ratio.
 *
 * @example
 * ```ts
 * const { network } = await trainDispatcher(await loadTf(), { minutes: 120 });
 * ```
 */
export async function trainDispatcher(
  tf: Tf,
  config: Partial<TrainDispatcherConfig> = {},
  opts: TrainDispatcherOptions = {},
): Promise<{ network: SerializedDispatchNet; validation: number; iterations: number; seconds: number }> {
  const cfg = parseConfig(TrainDispatcherConfigSchema, config, 'train-dispatcher config');
  const run = new DispatcherTraining(tf, cfg, opts);
  if (!opts.init && cfg.bcInstances > 0) run.clone();
  let iteration = 0;
  opts.onLog?.({ iteration, seconds: run.elapsed(), phase: 'ppo', value: NaN, decisions: 0, validation: await run.validate(0) });
  while (run.elapsed() < cfg.minutes * 60 && (cfg.maxIterations === undefined || iteration < cfg.maxIterations)) {
    iteration++;
    opts.onLog?.(await run.iterate(iteration));
  }
  if (iteration % cfg.validateEvery !== 0)
    opts.onLog?.({ iteration, seconds: run.elapsed(), phase: 'ppo', value: NaN, decisions: 0, validation: await run.validate(iteration) });
  const network = run.bestNet ?? (await run.net.toJSON(run.record));
  run.net.dispose();
  run.opt.dispose();
  return { network, validation: run.best, iterations: iteration, seconds: run.elapsed() };
}
