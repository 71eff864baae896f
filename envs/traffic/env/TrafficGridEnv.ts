import { InvalidAction, InvalidConfig } from '../../../src/core/errors.js';
import { ParallelEnv, type ParallelStepResult } from '../../../src/core/ParallelEnv.js';
import type { EnvMetadata, Info, ResetOptions } from '../../../src/core/types.js';
import { Box } from '../../../src/spaces/Box.js';
import type { Space } from '../../../src/spaces/Space.js';
import { Discrete } from '../../../src/spaces/Discrete.js';
import { engineSimulation } from './EngineSimulation.js';
import type { SimulationFactory, TrafficSimulation } from './TrafficSimulation.js';
import { renderTrafficAnsi } from './renderTrafficAnsi.js';
import { trafficEnvSetup, type TrafficEnvConfig } from './trafficEnvConfig.js';
import { TrafficSignalAgent } from './TrafficSignalAgent.js';
import { restoreTraffic, snapshotEngine, snapshotTraffic } from './trafficSnapshot.js';

/**
 * Every signalized intersection of a network is an agent (PettingZoo ParallelEnv, as sumo-rl's
 * multi-agent mode): all act every `deltaTime` seconds with the same action/observation/reward
 * definitions as `TrafficSignal-v0`. Default scenario: a 4 x 4 grid, one lane per direction, 300 veh/h
 * entering at each border arm. Any network can be passed as `network`.
 *
 * @example
 * ```ts
 * const env = makeParallel('TrafficGrid-v0', { scenario: { rows: 2, cols: 2 } });
 * const [obs] = env.reset({ seed: 0 });
 * const actions = Object.fromEntries(env.agents.map((a) => [a, 0]));
 * const [next, rewards, terms, truncs, infos] = env.step(actions);
 * ```
 */
export class TrafficGridEnv extends ParallelEnv<string, Float32Array, number> {
  readonly possibleAgents: readonly string[];
  override metadata: EnvMetadata = {
    renderModes: ['ansi'],
    renderFps: 4,
    description: 'Control every signal of a grid (or any network), one agent per intersection',
  };
  /** The simulation: tsgym's engine, or SUMO through TraCI for the TrafficNetwork envs with `backend: 'sumo'`. */
  readonly engine: TrafficSimulation;
  /** The agents by name (intersection node id). */
  readonly signalAgents: ReadonlyMap<string, TrafficSignalAgent>;
  readonly cfg: TrafficEnvConfig;
  private readonly obsSpaces = new Map<string, Box & Space<Float32Array>>();
  private readonly actSpaces = new Map<string, Discrete>();
  private readonly simSteps: number;
  private started = false;

  constructor(kwargs: Record<string, unknown> = {}, makeSimulation: SimulationFactory = engineSimulation) {
    super();
    const { cfg, spec } = trafficEnvSetup(kwargs, 'TrafficGrid-v0', { rows: 4, cols: 4, lanes: 1, demand: 300 });
    this.cfg = cfg;
    if (spec.signals.length === 0) throw new InvalidConfig('TrafficGrid-v0 network: expected at least one signalized node, got none');
    if (cfg.observationExtras.length > 0)
      throw new InvalidConfig(
        `TrafficGrid-v0 kwargs: observationExtras [${cfg.observationExtras.join(', ')}]: supported by TrafficSignal-v0 only, expected none`,
      );
    this.engine = makeSimulation(spec, {
      step: cfg.simStep,
      model: cfg.model,
      rightTurnOnRed: cfg.rightTurnOnRed,
      signalMode: 'external',
      begin: cfg.begin,
      timeToTeleport: cfg.timeToTeleport,
      timeToImpatience: cfg.timeToImpatience,
      maxDepartDelay: cfg.maxDepartDelay,
    });
    const agents = new Map<string, TrafficSignalAgent>();
    for (let s = 0; s < this.engine.signals.nSignals; s++) {
      const a = new TrafficSignalAgent(this.engine, s, cfg.minGreen);
      agents.set(a.id, a);
      const size = cfg.observation ? cfg.observation(a).length : a.obsSize;
      this.obsSpaces.set(a.id, (cfg.observation ? new Box(-Infinity, Infinity, [size]) : new Box(0, 1, [size])) as Box & Space<Float32Array>);
      this.actSpaces.set(a.id, new Discrete(a.numPhases));
    }
    this.signalAgents = agents;
    this.possibleAgents = [...agents.keys()];
    this.simSteps = Math.max(1, Math.round(cfg.deltaTime / cfg.simStep));
    this.renderMode = cfg.renderMode;
  }

  observationSpace(agent: string): Box & Space<Float32Array> {
    const s = this.obsSpaces.get(agent);
    if (!s) throw new InvalidConfig(`Unknown agent '${agent}': expected one of ${this.possibleAgents.join(', ')}`);
    return s;
  }

  actionSpace(agent: string): Discrete {
    const s = this.actSpaces.get(agent);
    if (!s) throw new InvalidConfig(`Unknown agent '${agent}': expected one of ${this.possibleAgents.join(', ')}`);
    return s;
  }

  private observations(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const [id, a] of this.signalAgents) out[id] = this.cfg.observation ? this.cfg.observation(a) : a.observe(new Float32Array(a.obsSize));
    return out;
  }

  /** The step's infos; the final step's metrics add the HCM measures (costly to gather every step). */
  private infos(last = false): Record<string, Info> {
    const m = this.engine.metrics();
    const metrics = last ? { ...m, ...(this.engine.hcmMetrics?.() ?? {}) } : m;
    const out: Record<string, Info> = {};
    for (const [id, a] of this.signalAgents) out[id] = { time: this.engine.time, phase: a.phase, ...a.intersectionInfo(), metrics };
    return out;
  }

  reset(opts?: ResetOptions): [Record<string, Float32Array>, Record<string, Info>] {
    this.seedRng(opts?.seed);
    this.engine.reset(this.rng.integers(0, 2 ** 31 - 1));
    for (const a of this.signalAgents.values()) a.reset();
    this.agents = [...this.possibleAgents];
    this.started = true;
    return [this.observations(), this.infos()];
  }

  step(actions: Record<string, number>): ParallelStepResult<string, Float32Array> {
    if (this.agents.length === 0) throw new InvalidAction('TrafficGrid-v0: all agents are done, call reset()');
    for (const id of this.agents) {
      const act = actions[id];
      const a = this.signalAgents.get(id);
      const space = this.actSpaces.get(id);
      if (!a || !space) continue;
      if (act === undefined) throw new InvalidAction(`TrafficGrid-v0: missing action for agent '${id}'`);
      if (!space.contains(act)) throw new InvalidAction(`TrafficGrid-v0: action ${String(act)} of agent '${id}' is not in ${space.toString()}`);
      a.setNextPhase(act);
    }
    for (let k = 0; k < this.simSteps; k++) this.engine.step();
    const truncated = this.engine.time >= this.cfg.numSeconds - 1e-9;
    const rewards: Record<string, number> = {};
    const terms: Record<string, boolean> = {};
    const truncs: Record<string, boolean> = {};
    for (const id of this.agents) {
      rewards[id] = (this.signalAgents.get(id)?.reward(this.cfg.reward) ?? 0) * this.cfg.rewardScale;
      terms[id] = false;
      truncs[id] = truncated;
    }
    const obs = this.observations();
    const infos = this.infos(truncated);
    if (truncated) this.agents = [];
    return [obs, rewards, terms, truncs, infos];
  }

  /**
   * The whole dynamic state as JSON (engine, every agent's reward memory, live agents, rng), for exact
   * resume: `restore` it into an env built with the same kwargs. A custom `reward`/`observation`
   * function's own state is not included.
   */
  override snapshot(): unknown {
    return snapshotTraffic('traffic-grid', snapshotEngine(this.engine, this.constructor.name), [...this.signalAgents.values()], {
      rng: this.rngSnapshot(),
      started: this.started,
      agents: [...this.agents],
    });
  }

  override restore(snapshot: unknown): void {
    const extra = restoreTraffic('traffic-grid', snapshotEngine(this.engine, this.constructor.name), [...this.signalAgents.values()], snapshot);
    this.restoreRng(extra.rng);
    this.started = extra.started;
    const live = Array.isArray(extra.agents) ? (extra.agents as unknown[]) : [];
    this.agents = this.possibleAgents.filter((a) => live.includes(a));
  }

  /** Frees the simulation's external resources (stops SUMO with backend 'sumo'). */
  override close(): void {
    this.engine.close();
  }

  /** With `renderMode: 'ansi'`: each signal's phase, a queue bar per approach and the totals. */
  override render(): string | undefined {
    if (this.renderMode !== 'ansi' || !this.started) return undefined;
    return renderTrafficAnsi(this.engine);
  }
}
