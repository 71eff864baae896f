import { z } from 'zod';
import { Env } from '../../../src/core/Env.js';
import { InvalidAction, InvalidConfig, SnapshotUnsupported } from '../../../src/core/errors.js';
import { fromJsonState, toJsonState } from '../../../src/core/jsonState.js';
import type { RngState } from '../../../src/rng/Rng.js';
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
import { loadInstanceFile } from './loadInstanceFile.js';

const kwargsSchema = z
  .object({
    instance: z.string().min(1).max(64).default('ft06'),
    instanceFile: z.string().min(1).optional(),
    instanceText: z.string().min(1).optional(),
    bestKnown: z.number().positive().optional(),
    renderMode: z.enum(['ansi']).optional(),
  })
  .strict();

/** The observation of JobShop-v0. */
export interface JobShopObs {
  /** 1 for jobs with operations left (the allowed actions). */
  actionMask: Int8Array;
  /** Per job, 6 features in [0, 1] (row-major `[nJobs, 6]`), see docs/factory.md. */
  features: Float32Array;
}

/** One scheduled operation of the final schedule. */
export interface ScheduledOp {
  readonly job: number;
  readonly op: number;
  readonly machine: number;
  readonly start: number;
  readonly end: number;
}

const N_FEAT = 6;

/**
 * `JobShop-v0`: job-shop dispatching on a standard instance. Each step picks a job (among those with
 * operations left, `obs.actionMask`); its next operation is appended to its machine at the earliest time
 * both the job and the machine are free. Reward: minus the increase of the makespan lower bound
 * max(job ready + job work left, machine ready + machine work left), so an episode's return is
 * -(makespan - initial bound). The final info holds the schedule, `makespan` and the gap to the best known.
 *
 * @example
 * ```ts
 * const env = make('JobShop-v0', { instance: 'ft06' });
 * let [obs] = env.reset({ seed: 0 });
 * [obs] = env.step(obs.actionMask.indexOf(1));
 * ```
 */
export class JobShopEnv extends Env<JobShopObs, number> {
  readonly observationSpace: Dict & Space<JobShopObs>;
  readonly actionSpace: MaskedDiscrete;
  readonly instance: JobShopInstance;
  /** Best known (optimal) makespan, if known. */
  readonly bestKnown: number | undefined;
  /** Initial lower bound (longest job, most loaded machine). */
  readonly lowerBound: number;
  readonly nextOp: Int32Array;
  readonly jobReady: Float64Array;
  readonly machReady: Float64Array;
  readonly jobWorkLeft: Float64Array;
  readonly machWorkLeft: Float64Array;
  /** Start time of each operation (`[job * nMachines + op]`), -1 until scheduled. */
  readonly start: Float64Array;
  private readonly totalWork: number;
  private readonly maxTime: number;
  private readonly maxJobWork: number;
  private lb = 0;
  private scheduled = 0;

  constructor(kwargs: Record<string, unknown> = {}) {
    super();
    const kw = parseConfig(kwargsSchema, kwargs, 'JobShop-v0 kwargs');
    if (kw.instanceText !== undefined) this.instance = parseJobShop(kw.instanceText, kw.instance, undefined, 'instanceText');
    else if (kw.instanceFile !== undefined) this.instance = loadInstanceFile(kw.instanceFile, kwargs.instance === undefined ? undefined : kw.instance);
    else {
      const text = INSTANCE_TEXTS[kw.instance];
      if (text === undefined) throw new InvalidConfig(`Invalid JobShop-v0 kwargs: instance: unknown instance '${kw.instance}', expected one of ${Object.keys(INSTANCE_TEXTS).join(', ')} (or instanceFile=PATH)`);
      this.instance = parseJobShop(text, kw.instance);
    }
    const inst = this.instance;
    this.bestKnown = kw.bestKnown ?? BEST_KNOWN_MAKESPAN[inst.name];
    this.lowerBound = makespanLowerBound(inst);
    this.renderMode = kw.renderMode;
    this.metadata = { renderModes: ['ansi'], description: 'Job-shop dispatching on OR-Library / Taillard instances (Dict obs with actionMask)' };
    const J = inst.nJobs;
    const M = inst.nMachines;
    this.nextOp = new Int32Array(J);
    this.jobReady = new Float64Array(J);
    this.machReady = new Float64Array(M);
    this.jobWorkLeft = new Float64Array(J);
    this.machWorkLeft = new Float64Array(M);
    this.start = new Float64Array(J * M);
    let total = 0;
    let maxT = 0;
    let maxJob = 0;
    for (let j = 0; j < J; j++) {
      let w = 0;
      for (let k = 0; k < M; k++) {
        const t = inst.time[j * M + k] as number;
        w += t;
        if (t > maxT) maxT = t;
      }
      total += w;
      if (w > maxJob) maxJob = w;
    }
    this.totalWork = Math.max(1, total);
    this.maxTime = Math.max(1, maxT);
    this.maxJobWork = Math.max(1, maxJob);
    this.actionSpace = new MaskedDiscrete(J);
    this.observationSpace = new Dict([
      ['actionMask', new Box(0, 1, [J], 'int8')],
      ['features', new Box(0, 1, [J, N_FEAT])],
    ]) as unknown as Dict & Space<JobShopObs>;
  }

  reset(opts?: ResetOptions): ResetResult<JobShopObs> {
    this.seedRng(opts?.seed);
    const inst = this.instance;
    const M = inst.nMachines;
    this.nextOp.fill(0);
    this.jobReady.fill(0);
    this.machReady.fill(0);
    this.machWorkLeft.fill(0);
    this.start.fill(-1);
    for (let j = 0; j < inst.nJobs; j++) {
      let w = 0;
      for (let k = 0; k < M; k++) {
        const i = j * M + k;
        w += inst.time[i] as number;
        const mc = inst.machine[i] as number;
        this.machWorkLeft[mc] = (this.machWorkLeft[mc] as number) + (inst.time[i] as number);
      }
      this.jobWorkLeft[j] = w;
    }
    this.lb = this.lowerBound;
    this.scheduled = 0;
    this.actionSpace.mask.fill(1);
    return [this.observe(), { lowerBound: this.lb, actionMask: Int8Array.from(this.actionSpace.mask) }];
  }

  step(action: number): StepResult<JobShopObs> {
    assertAction(this.actionSpace, action);
    const inst = this.instance;
    const M = inst.nMachines;
    const j = action;
    if (!this.actionSpace.mask[j]) throw new InvalidAction(`Invalid action ${j}: job ${j} has no operation left (see obs.actionMask)`);
    const k = this.nextOp[j] as number;
    const i = j * M + k;
    const mc = inst.machine[i] as number;
    const t = inst.time[i] as number;
    const s = Math.max(this.jobReady[j] as number, this.machReady[mc] as number);
    this.start[i] = s;
    this.jobReady[j] = s + t;
    this.machReady[mc] = s + t;
    this.jobWorkLeft[j] = (this.jobWorkLeft[j] as number) - t;
    this.machWorkLeft[mc] = (this.machWorkLeft[mc] as number) - t;
    this.nextOp[j] = k + 1;
    if (k + 1 === M) this.actionSpace.mask[j] = 0;
    this.scheduled++;
    const lb = this.bound();
    const reward = -(lb - this.lb);
    this.lb = lb;
    const terminated = this.scheduled === inst.nJobs * M;
    const info: Info = { lowerBound: lb, actionMask: Int8Array.from(this.actionSpace.mask) };
    if (terminated) {
      const makespan = this.makespan();
      info.makespan = makespan;
      info.schedule = this.schedule();
      info.metrics = {
        makespan,
        lowerBound: this.lowerBound,
        ...(this.bestKnown !== undefined ? { bestKnown: this.bestKnown, gapToBest: (makespan - this.bestKnown) / this.bestKnown } : {}),
      };
    }
    return [this.observe(), reward, terminated, false, info];
  }

  /** The partial schedule (next operation, ready times, work left, start times), bound, mask and rng as JSON, for exact resume into an env on the same instance. */
  override snapshot(): unknown {
    return toJsonState({
      kind: 'job-shop', instance: this.instance.name, nJobs: this.instance.nJobs, nMachines: this.instance.nMachines, nextOp: this.nextOp, jobReady: this.jobReady, machReady: this.machReady,
      jobWorkLeft: this.jobWorkLeft, machWorkLeft: this.machWorkLeft, start: this.start, lb: this.lb, scheduled: this.scheduled, mask: this.actionSpace.mask, rng: this.rngSnapshot(),
    }, 'JobShop-v0 snapshot');
  }

  override restore(snapshot: unknown): void {
    type S = { kind: unknown; instance: unknown; nJobs: unknown; nMachines: unknown; nextOp: Int32Array; jobReady: Float64Array; machReady: Float64Array; jobWorkLeft: Float64Array; machWorkLeft: Float64Array; start: Float64Array; lb: number; scheduled: number; mask: Int8Array; rng: RngState | null };
    const s = fromJsonState(snapshot, 'JobShop-v0 snapshot') as Partial<S> | null;
    const inst = this.instance;
    if (s?.kind !== 'job-shop' || s.instance !== inst.name || s.nJobs !== inst.nJobs || s.nMachines !== inst.nMachines) {
      throw new SnapshotUnsupported(`JobShop-v0.restore(): expected a snapshot of instance '${inst.name}' (${inst.nJobs} x ${inst.nMachines}), got ${JSON.stringify(s?.instance ?? null)} (${String(s?.nJobs)} x ${String(s?.nMachines)})`);
    }
    const full = s as S;
    this.nextOp.set(full.nextOp);
    this.jobReady.set(full.jobReady);
    this.machReady.set(full.machReady);
    this.jobWorkLeft.set(full.jobWorkLeft);
    this.machWorkLeft.set(full.machWorkLeft);
    this.start.set(full.start);
    this.lb = full.lb;
    this.scheduled = full.scheduled;
    this.actionSpace.mask.set(full.mask);
    this.restoreRng(full.rng);
  }

  /** Current makespan of the partial schedule. */
  makespan(): number {
    let ms = 0;
    for (const r of this.jobReady) if (r > ms) ms = r;
    return ms;
  }

  /** The scheduled operations so far, by job then operation. */
  schedule(): ScheduledOp[] {
    const inst = this.instance;
    const M = inst.nMachines;
    const out: ScheduledOp[] = [];
    for (let j = 0; j < inst.nJobs; j++) {
      for (let k = 0; k < (this.nextOp[j] as number); k++) {
        const i = j * M + k;
        const s = this.start[i] as number;
        out.push({ job: j, op: k, machine: inst.machine[i] as number, start: s, end: s + (inst.time[i] as number) });
      }
    }
    return out;
  }

  /**
   * Giffler-Thompson conflict set: jobs whose next operation runs on the machine of the operation that can
   * finish first and could start before that finish. Dispatching rules choosing inside it build active
   * schedules. Writes 1/0 per job into `out` and returns how many are set.
   */
  conflictSet(out: Int8Array): number {
    const inst = this.instance;
    const M = inst.nMachines;
    let bestEnd = Infinity;
    let bestMach = -1;
    for (let j = 0; j < inst.nJobs; j++) {
      const k = this.nextOp[j] as number;
      if (k >= M) continue;
      const i = j * M + k;
      const mc = inst.machine[i] as number;
      const end = Math.max(this.jobReady[j] as number, this.machReady[mc] as number) + (inst.time[i] as number);
      if (end < bestEnd) {
        bestEnd = end;
        bestMach = mc;
      }
    }
    out.fill(0);
    let n = 0;
    for (let j = 0; j < inst.nJobs; j++) {
      const k = this.nextOp[j] as number;
      if (k >= M) continue;
      const i = j * M + k;
      if (inst.machine[i] !== bestMach) continue;
      if (Math.max(this.jobReady[j] as number, this.machReady[bestMach] as number) < bestEnd) {
        out[j] = 1;
        n++;
      }
    }
    return n;
  }

  override render(): string | undefined {
    if (this.renderMode !== 'ansi') return undefined;
    const inst = this.instance;
    const lines = [`${inst.name}: ${this.scheduled}/${inst.nJobs * inst.nMachines} ops, makespan ${this.makespan()}, bound ${this.lb}`];
    for (let m = 0; m < inst.nMachines; m++) lines.push(`M${m}: ready ${this.machReady[m]}, work left ${this.machWorkLeft[m]}`);
    return lines.join('\n');
  }

  private bound(): number {
    let lb = 0;
    for (let j = 0; j < this.instance.nJobs; j++) {
      const v = (this.jobReady[j] as number) + (this.jobWorkLeft[j] as number);
      if (v > lb) lb = v;
    }
    for (let m = 0; m < this.instance.nMachines; m++) {
      const v = (this.machReady[m] as number) + (this.machWorkLeft[m] as number);
      if (v > lb) lb = v;
    }
    return lb;
  }

  private observe(): JobShopObs {
    const inst = this.instance;
    const J = inst.nJobs;
    const M = inst.nMachines;
    const f = new Float32Array(J * N_FEAT);
    const U = this.totalWork;
    for (let j = 0; j < J; j++) {
      const k = this.nextOp[j] as number;
      const b = j * N_FEAT;
      const jr = this.jobReady[j] as number;
      f[b + 1] = Math.min(1, jr / U);
      f[b + 2] = (this.jobWorkLeft[j] as number) / this.maxJobWork;
      f[b + 3] = k / M;
      if (k < M) {
        const i = j * M + k;
        const mr = this.machReady[inst.machine[i] as number] as number;
        f[b] = (inst.time[i] as number) / this.maxTime;
        f[b + 4] = Math.min(1, mr / U);
        f[b + 5] = Math.min(1, Math.max(jr, mr) / U);
      }
    }
    return { actionMask: Int8Array.from(this.actionSpace.mask), features: f };
  }
}
