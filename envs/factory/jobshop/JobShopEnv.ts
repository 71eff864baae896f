import { z } from 'zod';
import { Env } from '../../../src/core/Env.js';
import { InvalidAction, InvalidConfig } from '../../../src/core/errors.js';
import { assertAction } from '../../../src/core/assertAction.js';
import { parseConfig } from '../../../src/core/parseConfig.js';
import type { Info, ResetOptions, ResetResult, StepResult } from '../../../src/core/types.js';
import { Box } from '../../../src/spaces/Box.js';
import { Dict } from '../../../src/spaces/Dict.js';
import type { Space } from '../../../src/spaces/Space.js';
import { MaskedDiscrete } from '../MaskedDiscrete.js';
import { BEST_KNOWN_MAKESPAN } from './bestKnown.js';
import { INSTANCE_TEXTS } from './instanceTexts.js';
import { makespanLowerBound, parseJobShop, type JobShopInstance } from './JobShopInstance.js';
import { jobShopSnapshot, restoreJobShop } from './jobShopSnapshot.js';
import { DISPATCH_SCHEMES, JobShopSim, type ScheduledOp } from './JobShopSim.js';
import { loadInstanceFile } from './loadInstanceFile.js';
import { N_OP_FEATURES, writeOpFeatures } from './opFeatures.js';
import { randomTaillardInstance } from './taillardInstance.js';

export type { ScheduledOp } from './JobShopSim.js';

const kwargsSchema = z
  .object({
    instance: z.string().min(1).max(64).default('ft06'),
    jobs: z.number().int().min(1).max(1000).optional(),
    machines: z.number().int().min(1).max(100).optional(),
    instanceFile: z.string().min(1).optional(),
    instanceText: z.string().min(1).optional(),
    bestKnown: z.number().positive().optional(),
    scheme: z.enum(DISPATCH_SCHEMES as [string, ...string[]]).default('append'),
    observation: z.enum(['flat', 'graph']).default('flat'),
    renderMode: z.enum(['ansi']).optional(),
  })
  .strict();

/** The observation of JobShop-v0 (`observation: 'flat'`, the default). */
export interface JobShopObs {
  /** 1 for the jobs the dispatch scheme allows now (the allowed actions). */
  actionMask: Int8Array;
  /** Per job, 6 features in [0, 1] (row-major `[nJobs, 6]`), see docs/factory.md. */
  features: Float32Array;
}

/**
 * The disjunctive-graph observation of JobShop-v0 (`observation: 'graph'`). Operation `o = j * M + k`
 * is job j's k-th operation; its precedence arcs are `o -> o + 1` inside a job.
 */
export interface JobShopGraphObs {
  actionMask: Int8Array;
  /** `[nJobs * nMachines, N_OP_FEATURES]` per-operation features (see `OP_FEATURES`). */
  opFeatures: Float32Array;
  /** Machine of every operation. */
  opMachine: Int32Array;
  /** The operation scheduled just before on the same machine (the fixed disjunctive arc), -1 if none or unscheduled. */
  machinePred: Int32Array;
}

const N_FEAT = 6;

function instanceOf(kw: z.infer<typeof kwargsSchema>, kwargs: Record<string, unknown>): JobShopInstance | null {
  if (kw.instance === 'random') {
    if (kw.instanceFile !== undefined || kw.instanceText !== undefined) {
      throw new InvalidConfig(`Invalid JobShop-v0 kwargs: instance='random' draws instances, it takes no instanceFile/instanceText`);
    }
    return null;
  }
  if (kw.jobs !== undefined || kw.machines !== undefined) {
    throw new InvalidConfig(`Invalid JobShop-v0 kwargs: jobs/machines apply to instance='random' only, got instance='${kw.instance}'`);
  }
  if (kw.instanceText !== undefined) return parseJobShop(kw.instanceText, kw.instance, undefined, 'instanceText');
  if (kw.instanceFile !== undefined) return loadInstanceFile(kw.instanceFile, kwargs.instance === undefined ? undefined : kw.instance);
  const text = INSTANCE_TEXTS[kw.instance];
  if (text === undefined) {
    throw new InvalidConfig(
      `Invalid JobShop-v0 kwargs: instance: unknown instance '${kw.instance}', expected 'random' or one of ${Object.keys(INSTANCE_TEXTS).join(', ')} ` +
        '(or instanceFile=PATH)',
    );
  }
  return parseJobShop(text, kw.instance);
}

/**
 * `JobShop-v0`: job-shop dispatching, a thin adapter over {@link JobShopSim}. Each step picks a job (among
 * those the dispatch `scheme` allows, `obs.actionMask`) and schedules its next operation. `instance` is a
 * shipped instance (ft/la, Taillard ta01-ta80, Demirkol dmu16-dmu20), a file, or `'random'`: a new
 * instance of `jobs` x `machines` (default 15 x 15) from Taillard's generator at every reset, seeded from
 * the env's rng. Reward: minus the increase of the makespan lower bound, so an episode's return is
 * -(makespan - initial bound). The final info holds the schedule, `makespan` and the gap to the best known.
 *
 * @example
 * ```ts
 * const env = make('JobShop-v0', { instance: 'ta01', scheme: 'non-delay', observation: 'graph' });
 * let [obs] = env.reset({ seed: 0 });
 * [obs] = env.step(obs.actionMask.indexOf(1));
 * ```
 */
export class JobShopEnv extends Env<JobShopObs | JobShopGraphObs, number> {
  readonly observationSpace: Dict & Space<JobShopObs | JobShopGraphObs>;
  readonly actionSpace: MaskedDiscrete;
  /** The scheduling state (replaced at each reset when the instance is random). */
  sim: JobShopSim;
  /** Best known (optimal) makespan, if known. */
  bestKnown: number | undefined;
  /** Initial lower bound (longest job, most loaded machine). */
  lowerBound: number;
  readonly random: { jobs: number; machines: number } | null;
  readonly observation: 'flat' | 'graph';
  private lb = 0;

  constructor(kwargs: Record<string, unknown> = {}) {
    super();
    const kw = parseConfig(kwargsSchema, kwargs, 'JobShop-v0 kwargs');
    const inst = instanceOf(kw, kwargs);
    this.random = inst === null ? { jobs: kw.jobs ?? 15, machines: kw.machines ?? 15 } : null;
    this.sim = new JobShopSim(
      inst ?? randomTaillardInstance(this.rng, this.random?.jobs ?? 15, this.random?.machines ?? 15),
      kw.scheme as JobShopSim['scheme'],
    );
    this.bestKnown = kw.bestKnown ?? (inst === null ? undefined : BEST_KNOWN_MAKESPAN[inst.name]);
    this.lowerBound = makespanLowerBound(this.sim.instance);
    this.observation = kw.observation;
    this.renderMode = kw.renderMode;
    this.metadata = {
      renderModes: ['ansi'],
      description: 'Job-shop dispatching on OR-Library / Taillard / DMU instances or random Taillard instances (Dict obs with actionMask)',
    };
    const J = this.sim.nJobs;
    const N = J * this.sim.nMachines;
    this.actionSpace = new MaskedDiscrete(J);
    const mask = new Box(0, 1, [J], 'int8');
    this.observationSpace = (kw.observation === 'graph'
      ? new Dict([
          ['actionMask', mask],
          ['opFeatures', new Box(-Infinity, Infinity, [N, N_OP_FEATURES])],
          ['opMachine', new Box(0, this.sim.nMachines - 1, [N], 'int32')],
          ['machinePred', new Box(-1, N - 1, [N], 'int32')],
        ])
      : new Dict([['actionMask', mask], ['features', new Box(0, 1, [J, N_FEAT])]])) as unknown as Dict & Space<JobShopObs | JobShopGraphObs>;
  }

  /** The current instance. */
  get instance(): JobShopInstance {
    return this.sim.instance;
  }

  /** Start time of each operation (`[job * nMachines + op]`), -1 until scheduled. */
  get start(): Float64Array {
    return this.sim.start;
  }

  reset(opts?: ResetOptions): ResetResult<JobShopObs | JobShopGraphObs> {
    this.seedRng(opts?.seed);
    if (this.random !== null) {
      this.sim = new JobShopSim(randomTaillardInstance(this.rng, this.random.jobs, this.random.machines), this.sim.scheme);
      this.lowerBound = makespanLowerBound(this.sim.instance);
    } else this.sim.reset();
    this.lb = this.lowerBound;
    this.actionSpace.mask.set(this.sim.mask);
    return [this.observe(), { lowerBound: this.lb, actionMask: Int8Array.from(this.sim.mask) }];
  }

  step(action: number): StepResult<JobShopObs | JobShopGraphObs> {
    assertAction(this.actionSpace, action);
    const sim = this.sim;
    if (!sim.mask[action]) {
      throw new InvalidAction(
        `Invalid action ${action}: job ${action} ` +
          `${sim.nextOp[action] >= sim.nMachines ? 'has no operation left' : `may not be dispatched now under scheme '${sim.scheme}'`} (see obs.actionMask)`,
      );
    }
    sim.dispatch(action);
    this.actionSpace.mask.set(sim.mask);
    const lb = sim.bound();
    const reward = -(lb - this.lb);
    this.lb = lb;
    const terminated = sim.done;
    const info: Info = { lowerBound: lb, actionMask: Int8Array.from(sim.mask) };
    if (terminated) {
      const makespan = sim.makespan();
      const best = this.bestKnown;
      info.makespan = makespan;
      info.schedule = sim.schedule();
      info.metrics = { makespan, lowerBound: this.lowerBound, ...(best !== undefined ? { bestKnown: best, gapToBest: (makespan - best) / best } : {}) };
    }
    return [this.observe(), reward, terminated, false, info];
  }

  /** The partial schedule, bound, mask and rng as JSON (with the instance when it is random), for exact resume. */
  override snapshot(): unknown {
    return jobShopSnapshot(this.sim, this.lb, this.random !== null, this.rngSnapshot());
  }

  override restore(snapshot: unknown): void {
    const r = restoreJobShop(snapshot, this.sim, this.random !== null);
    if (r.sim !== this.sim) {
      this.sim = r.sim;
      this.lowerBound = makespanLowerBound(r.sim.instance);
    }
    this.lb = r.lb;
    this.actionSpace.mask.set(this.sim.mask);
    this.restoreRng(r.rng);
  }

  /** Current makespan of the partial schedule. */
  makespan(): number {
    return this.sim.makespan();
  }

  /** The scheduled operations so far, by job then operation. */
  schedule(): ScheduledOp[] {
    return this.sim.schedule();
  }

  /** Giffler-Thompson conflict set (see `JobShopSim.conflictSet`). */
  conflictSet(out: Int8Array): number {
    return this.sim.conflictSet(out);
  }

  override render(): string | undefined {
    if (this.renderMode !== 'ansi') return undefined;
    const sim = this.sim;
    const lines = [`${sim.instance.name}: ${sim.scheduled}/${sim.nJobs * sim.nMachines} ops, makespan ${sim.makespan()}, bound ${this.lb}`];
    for (let m = 0; m < sim.nMachines; m++) lines.push(`M${m}: ready ${sim.machReady[m]}, work left ${sim.machWorkLeft[m]}`);
    return lines.join('\n');
  }

  private observe(): JobShopObs | JobShopGraphObs {
    const sim = this.sim;
    const actionMask = Int8Array.from(sim.mask);
    if (this.observation === 'graph') {
      const N = sim.nJobs * sim.nMachines;
      const opFeatures = new Float32Array(N * N_OP_FEATURES);
      writeOpFeatures(sim, opFeatures);
      const machinePred = new Int32Array(N).fill(-1);
      for (let m = 0; m < sim.nMachines; m++) {
        for (let k = 1; k < sim.machCount[m]; k++) machinePred[sim.machSeq[m * sim.nJobs + k]] = sim.machSeq[m * sim.nJobs + k - 1];
      }
      return { actionMask, opFeatures, opMachine: Int32Array.from(sim.instance.machine), machinePred };
    }
    return { actionMask, features: this.flatFeatures() };
  }

  /** The 6 per-job features of the flat observation (docs/factory.md). */
  private flatFeatures(): Float32Array {
    const { instance: inst, nJobs: J, nMachines: M } = this.sim;
    const sim = this.sim;
    let total = 0;
    let maxT = 0;
    let maxJob = 0;
    for (let j = 0; j < J; j++) {
      let w = 0;
      for (let k = 0; k < M; k++) {
        const t = inst.time[j * M + k];
        w += t;
        if (t > maxT) maxT = t;
      }
      total += w;
      if (w > maxJob) maxJob = w;
    }
    const U = Math.max(1, total);
    const f = new Float32Array(J * N_FEAT);
    for (let j = 0; j < J; j++) {
      const k = sim.nextOp[j];
      const b = j * N_FEAT;
      const jr = sim.jobReady[j];
      f[b + 1] = Math.min(1, jr / U);
      f[b + 2] = sim.jobWorkLeft[j] / Math.max(1, maxJob);
      f[b + 3] = k / M;
      if (k < M) {
        const i = j * M + k;
        const mr = sim.machReady[inst.machine[i]];
        f[b] = inst.time[i] / Math.max(1, maxT);
        f[b + 4] = Math.min(1, mr / U);
        f[b + 5] = Math.min(1, Math.max(jr, mr) / U);
      }
    }
    return f;
  }
}
