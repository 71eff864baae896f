import { z } from 'zod';
import { Env } from '../../src/core/Env.js';
import { InvalidAction, InvalidConfig, SnapshotUnsupported } from '../../src/core/errors.js';
import { fromJsonState, toJsonState } from '../../src/core/jsonState.js';
import type { RngState } from '../../src/rng/Rng.js';
import type { FlowLineSnapshot } from './flowLineSnapshot.js';
import { assertAction } from '../../src/core/assertAction.js';
import { parseConfig } from '../../src/core/parseConfig.js';
import type { Info, ResetOptions, ResetResult, StepResult } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import type { Space } from '../../src/spaces/Space.js';
import { DISPATCH_RULES } from './dispatchRules.js';
import { FlowLineSim, SIM_DISPATCH, SIM_END, SIM_RELEASE } from './FlowLineSim.js';
import { LineModel } from './LineModel.js';
import { lineMetrics } from './lineMetrics.js';
import { lineView, type FactoryView } from './lineView.js';
import { MaskedDiscrete } from './MaskedDiscrete.js';
import { BUILTIN_SCENARIOS, type BuiltinScenario } from './scenarios.js';
import type { RingQueue } from './JobStore.js';

const weights = z
  .object({
    throughput: z.number().finite().default(0),
    tardiness: z.number().finite().default(0),
    wip: z.number().finite().default(0),
    cycleTime: z.number().finite().default(0),
  })
  .strict();

const kwargsSchema = z
  .object({
    scenario: z.enum(Object.keys(BUILTIN_SCENARIOS) as [BuiltinScenario, ...BuiltinScenario[]]).default('serial5'),
    config: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    mode: z.enum(['rule', 'pick']).default('rule'),
    k: z.number().int().min(2).max(64).default(4),
    reward: z.enum(['throughput', 'tardiness', 'wip', 'cycleTime', 'mix']).default('throughput'),
    rewardWeights: weights.default({ throughput: 1, tardiness: 1, wip: 0, cycleTime: 0 }),
    horizon: z.number().finite().positive().optional(),
    renderMode: z.enum(['ansi']).optional(),
  })
  .strict();

/** Keyword arguments of FactoryLine-v0 (see docs/factory.md). */
export type FactoryLineKwargs = z.input<typeof kwargsSchema>;

const N_FEAT = 5;

/** Clips to [-1, 1]. */
function clip(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}

/**
 * `FactoryLine-v0`: a semi-Markov decision process over the flow-line simulator. Each `step` applies the
 * action to the pending decision and runs the simulation to the next one: a machine freeing with two or
 * more jobs waiting, or (under `control: 'agent'` release) a release decision. `info.elapsed` is the
 * simulated time the step covered (the first step also covers the run-up to the first decision, so
 * rewards and elapsed times add up over the whole episode). Action (mode `rule`): a dispatching rule index (DISPATCH_RULES);
 * (mode `pick`): one of the first `k` waiting jobs. At a release decision action 0 holds and 1 releases.
 * Actions the decision does not allow are refused; `info.actionMask` (and `actionSpace.sample`) show
 * the allowed ones.
 *
 * @example
 * ```ts
 * const env = make('FactoryLine-v0', { scenario: 'two-product', mode: 'rule', reward: 'tardiness' });
 * let [obs, info] = env.reset({ seed: 1 });
 * [obs] = env.step(DISPATCH_RULES.indexOf('EDD'));
 * ```
 */
export class FactoryLineEnv extends Env<Float32Array, number> {
  readonly observationSpace: Box & Space<Float32Array>;
  readonly actionSpace: MaskedDiscrete;
  readonly sim: FlowLineSim;
  readonly model: LineModel;
  readonly mode: 'rule' | 'pick';
  readonly k: number;
  private readonly rewardW: { throughput: number; tardiness: number; wip: number; cycleTime: number };
  private readonly timeScale: number;
  private readonly wipScale: number;
  private readonly maxProc: number;
  private last = { t: 0, done: 0, tard: 0, wipArea: 0, cycle: 0 };

  constructor(kwargs: Record<string, unknown> = {}) {
    super();
    const kw = parseConfig(kwargsSchema, kwargs, 'FactoryLine-v0 kwargs');
    let cfg: unknown = kw.config ?? BUILTIN_SCENARIOS[kw.scenario];
    if (typeof cfg === 'string') {
      try {
        cfg = JSON.parse(cfg);
      } catch (e) {
        throw new InvalidConfig(`Invalid FactoryLine-v0 kwargs: config: not valid JSON (${(e as Error).message})`);
      }
    }
    if (kw.horizon !== undefined && cfg !== null && typeof cfg === 'object') cfg = { ...(cfg), horizon: kw.horizon };
    this.model = LineModel.fromConfig(cfg);
    this.sim = new FlowLineSim(this.model);
    this.sim.agentDispatch = true;
    this.mode = kw.mode;
    this.k = kw.k;
    this.renderMode = kw.renderMode;
    this.metadata = { renderModes: ['ansi'], description: 'Flow-line dispatching (SMDP): pick a rule or a job whenever a machine frees' };
    const w = kw.rewardWeights;
    this.rewardW =
      kw.reward === 'mix'
        ? { throughput: w.throughput, tardiness: w.tardiness, wip: w.wip, cycleTime: w.cycleTime }
        : {
            throughput: kw.reward === 'throughput' ? 1 : 0,
            tardiness: kw.reward === 'tardiness' ? 1 : 0,
            wip: kw.reward === 'wip' ? 1 : 0,
            cycleTime: kw.reward === 'cycleTime' ? 1 : 0,
          };
    const md = this.model;
    let work = 0;
    let wsum = 0;
    let maxProc = 0;
    md.scenario.products.forEach((p, i) => {
      work += p.weight * md.nominalWork(i);
      wsum += p.weight;
    });
    for (const v of md.procMean) if (v > maxProc) maxProc = v;
    this.timeScale = wsum > 0 && work > 0 ? work / wsum : 1;
    this.maxProc = maxProc > 0 ? maxProc : 1;
    let finiteCap = 0;
    for (const c of md.bufCap) if (Number.isFinite(c)) finiteCap += c;
    this.wipScale = 2 * (md.nMachines + finiteCap);
    const n = this.mode === 'rule' ? DISPATCH_RULES.length : this.k;
    this.actionSpace = new MaskedDiscrete(n);
    const dim = 4 + md.nStages + 1 + 6 * md.nMachines + md.nStages + N_FEAT * this.k;
    this.observationSpace = new Box(-1, 1, [dim]) as Box & Space<Float32Array>;
  }

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    this.sim.reset(this.rng);
    this.last = { t: 0, done: 0, tard: 0, wipArea: 0, cycle: 0 };
    // the run-up to the first decision is counted in the first step's reward and elapsed time
    this.sim.advance();
    this.updateMask();
    return [this.observe(), this.info(0)];
  }

  step(action: number): StepResult<Float32Array> {
    assertAction(this.actionSpace, action);
    const sim = this.sim;
    if (sim.pending !== SIM_END && !this.actionSpace.mask[action]) {
      const allowed: number[] = [];
      this.actionSpace.mask.forEach((v, i) => v && allowed.push(i));
      throw new InvalidAction(`Invalid action ${action}: this ${sim.pending === SIM_RELEASE ? 'release' : 'dispatch'} decision allows [${allowed.join(', ')}]`);
    }
    if (sim.pending === SIM_DISPATCH) {
      if (this.mode === 'rule') sim.dispatchRule(action);
      else sim.dispatchIndex(action);
    } else if (sim.pending === SIM_RELEASE) {
      sim.release(action !== 0);
    }
    const t0 = this.last.t;
    sim.advance();
    const s = sim;
    const L = this.last;
    const w = this.rewardW;
    const ts = this.timeScale;
    const reward =
      w.throughput * (s.cumCompleted - L.done) -
      (w.tardiness * (s.cumTardiness - L.tard)) / ts -
      (w.wip * (s.cumWipArea - L.wipArea)) / ts -
      (w.cycleTime * (s.cumCycle - L.cycle)) / ts;
    L.t = s.now;
    L.done = s.cumCompleted;
    L.tard = s.cumTardiness;
    L.wipArea = s.cumWipArea;
    L.cycle = s.cumCycle;
    this.updateMask();
    const terminated = s.done;
    return [this.observe(), reward, terminated, false, this.info(s.now - t0)];
  }

  /**
   * The whole dynamic state as JSON (the simulator's clock, machines, jobs, buffers, event queue, counters
   * and random streams, the reward accumulators, the action mask and the env rng), for exact resume:
   * `restore` it into an env built with the same kwargs.
   */
  override snapshot(): unknown {
    const started = this.sim.arrivalRng !== null;
    return toJsonState(
      {
        kind: 'factory-line',
        machines: this.model.nMachines,
        sim: started ? this.sim.snapshot() : null,
        last: { ...this.last },
        mask: this.actionSpace.mask.slice(),
        rng: this.rngSnapshot(),
      },
      'FactoryLine-v0 snapshot',
    );
  }

  override restore(snapshot: unknown): void {
    const s = fromJsonState(snapshot, 'FactoryLine-v0 snapshot') as {
      kind?: unknown;
      machines?: unknown;
      sim: FlowLineSnapshot | null;
      last: FactoryLineEnv['last'];
      mask: Int8Array;
      rng: RngState | null;
    } | null;
    if (s?.kind !== 'factory-line' || s.machines !== this.model.nMachines || s.mask?.length !== this.actionSpace.mask.length) {
      throw new SnapshotUnsupported(
        `FactoryLine-v0.restore(): expected a FactoryLine-v0 snapshot of a line with ${this.model.nMachines} machines and ` +
          `${this.actionSpace.mask.length} actions, got kind ${JSON.stringify(s?.kind ?? null)} with ${String(s?.machines)} machines (build the env with ` +
            `the same kwargs)`,
      );
    }
    if (s.sim !== null) this.sim.restore(s.sim);
    this.last = { ...s.last };
    this.actionSpace.mask.set(s.mask);
    this.restoreRng(s.rng);
  }

  /** A read-only snapshot of stations, machines, buffers and blocked jobs for drawing (docs/factory.md). */
  view(): FactoryView {
    return lineView(this.sim);
  }

  /** Position among the first `k` waiting jobs that rule `rule` picks at the pending dispatch decision (baselines in `pick` mode). */
  ruleChoice(rule: number): number {
    return this.sim.pending === SIM_DISPATCH ? this.sim.pickByRule(this.sim.decisionMachine, rule, this.k) : 0;
  }

  override render(): string | undefined {
    if (this.renderMode !== 'ansi') return undefined;
    const v = this.view();
    const lines = [`t=${v.time.toFixed(1)}s wip=${v.wip} done=${v.completed} backlog=${v.backlog.length}`];
    for (const st of v.stations) {
      const cap = st.bufferCapacity === null ? 'inf' : String(st.bufferCapacity);
      const machines = st.machines.map((m) => `${m.name}:${m.state}${m.job !== null ? `(#${m.job})` : ''}`).join(' ');
      lines.push(`${st.name.padEnd(10)} [${String(st.buffer.length).padStart(3)}/${cap}] ${machines}`);
    }
    return lines.join('\n');
  }

  private updateMask(): void {
    const mask = this.actionSpace.mask;
    const sim = this.sim;
    if (sim.pending === SIM_RELEASE) {
      mask.fill(0);
      mask[0] = 1;
      mask[1] = 1;
    } else if (sim.pending === SIM_DISPATCH && this.mode === 'pick') {
      const n = sim.queueLength(this.model.machStage[sim.decisionMachine]);
      for (let i = 0; i < mask.length; i++) mask[i] = i < n ? 1 : 0;
    } else {
      mask.fill(1);
    }
  }

  private info(elapsed: number): Info {
    const sim = this.sim;
    const md = this.model;
    const dispatch = sim.pending === SIM_DISPATCH;
    const info: Info = {
      time: sim.now,
      elapsed,
      decision: dispatch ? 'dispatch' : sim.pending === SIM_RELEASE ? 'release' : 'none',
      machine: dispatch ? md.machineNames[sim.decisionMachine] : null,
      queueLength: dispatch ? sim.queueLength(md.machStage[sim.decisionMachine]) : sim.queueLength(md.nStages),
      wip: sim.wip,
      completed: sim.cumCompleted,
      actionMask: Int8Array.from(this.actionSpace.mask),
    };
    if (sim.done) info.metrics = lineMetrics(sim);
    return info;
  }

  private observe(): Float32Array {
    const sim = this.sim;
    const md = this.model;
    const S = md.nStages;
    const o = new Float32Array(this.observationSpace.size);
    let i = 0;
    o[i++] = sim.pending === SIM_DISPATCH ? 1 : 0;
    o[i++] = sim.pending === SIM_RELEASE ? 1 : 0;
    o[i++] = clip(sim.now / md.horizon);
    o[i++] = clip(sim.wip / this.wipScale);
    for (let s = 0; s <= S; s++) {
      const n = sim.queueLength(s);
      const cap = s < S ? (md.bufCap[s]) : Infinity;
      const machines = s < S ? (md.stageMachStart[s + 1]) - (md.stageMachStart[s]) : md.nMachines;
      o[i++] = Number.isFinite(cap) ? (cap > 0 ? clip(n / cap) : 0) : clip(n / (10 * machines));
    }
    for (let m = 0; m < md.nMachines; m++) o[i + 6 * m + sim.stateOf(m)] = 1;
    i += 6 * md.nMachines;
    let buf: RingQueue | null = null;
    let stage = -1;
    if (sim.pending === SIM_DISPATCH) {
      stage = md.machStage[sim.decisionMachine];
      o[i + stage] = 1;
      buf = sim.buffers[stage];
    } else if (sim.pending === SIM_RELEASE) {
      buf = sim.buffers[S];
    }
    i += S;
    if (buf !== null) {
      const jobs = sim.jobs;
      const P = md.nProducts;
      const last = stage >= 0 ? (sim.machLast[sim.decisionMachine]) : -1;
      const n = Math.min(this.k, buf.length);
      for (let c = 0; c < n; c++) {
        const j = buf.at(c);
        const p = jobs.product[j];
        const step = jobs.step[j];
        const s = stage >= 0 ? stage : (md.route[p * S]);
        const rem = md.remWork[p * (S + 1) + step];
        const base = i + c * N_FEAT;
        o[base] = 1;
        o[base + 1] = clip((md.procMean[s * P + p]) / this.maxProc);
        o[base + 2] = clip(((jobs.due[j]) - sim.now - rem) / (4 * this.timeScale));
        o[base + 3] = clip(rem / (S * this.maxProc));
        o[base + 4] = last >= 0 && (md.setup[(s * P + last) * P + p]) > 0 ? 1 : 0;
      }
    }
    return o;
  }
}
