import { assertAction } from '../../../src/core/assertAction.js';
import { Env } from '../../../src/core/Env.js';
import { InvalidConfig } from '../../../src/core/errors.js';
import type { EnvMetadata, Info, ResetOptions, ResetResult, StepResult } from '../../../src/core/types.js';
import { Box } from '../../../src/spaces/Box.js';
import type { Space } from '../../../src/spaces/Space.js';
import { Discrete } from '../../../src/spaces/Discrete.js';
import { engineSimulation } from './EngineSimulation.js';
import type { SimulationFactory, TrafficSimulation } from './TrafficSimulation.js';
import { ObservationExtras } from './ObservationExtras.js';
import { renderTrafficAnsi } from './renderTrafficAnsi.js';
import { trafficEnvSetup, type TrafficEnvConfig } from './trafficEnvConfig.js';
import { TrafficSignalAgent } from './TrafficSignalAgent.js';
import { restoreTraffic, snapshotEngine, snapshotTraffic } from './trafficSnapshot.js';
import { CanonicalLayout } from './CanonicalLayout.js';

/**
 * One signalized intersection controlled by one agent, as sumo-rl's single-agent `SumoEnvironment`: every
 * `deltaTime` simulated seconds the action picks the next green phase (yellow and all-red are inserted,
 * min and max green enforced); the observation is the phase one-hot, a min-green flag and the density
 * and queue of each incoming lane in [0, 1]; the reward is `diff-waiting-time` by default. The episode is
 * truncated (not terminated) after `numSeconds`. `info.metrics` holds the network metrics (SUMO
 * definitions, see docs/traffic.md). Default scenario: a 4-arm intersection, 2 lanes, 600 veh/h per arm.
 *
 * @example
 * ```ts
 * const env = make('TrafficSignal-v0', { scenario: { demand: 800 }, reward: 'pressure' });
 * let [obs] = env.reset({ seed: 0 });
 * const [next, r, term, trunc, info] = env.step(1);
 * ```
 */
export class TrafficSignalEnv extends Env<Float32Array, number> {
  readonly observationSpace: Box & Space<Float32Array>;
  readonly actionSpace: Discrete;
  override metadata: EnvMetadata = {
    renderModes: ['ansi'],
    renderFps: 4,
    description: 'Control one signalized intersection (sumo-rl style, microsimulation in TypeScript)',
  };
  /** The simulation: tsgym's engine, or SUMO through TraCI for the TrafficNetwork envs with `backend: 'sumo'`. */
  readonly engine: TrafficSimulation;
  readonly agent: TrafficSignalAgent;
  readonly cfg: TrafficEnvConfig;
  /** With `layout: 'canonical'`: the observation and action layout (feature and phase names). */
  readonly layout: CanonicalLayout | undefined;
  private readonly simSteps: number;
  private readonly extras: ObservationExtras | undefined;
  private started = false;

  constructor(kwargs: Record<string, unknown> = {}, makeSimulation: SimulationFactory = engineSimulation) {
    super();
    const { cfg, spec } = trafficEnvSetup(kwargs, 'TrafficSignal-v0', { lanes: 2, demand: 600 });
    this.cfg = cfg;
    if (spec.signals.length === 0) throw new InvalidConfig('TrafficSignal-v0 network: expected at least one signalized node, got none');
    const si = cfg.signal === undefined ? 0 : spec.signals.findIndex((s) => s.node === cfg.signal);
    if (si < 0)
      throw new InvalidConfig(
        `TrafficSignal-v0 kwargs: signal: no signal program at node '${cfg.signal}' (have ${spec.signals.map((s) => s.node).join(', ')})`,
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
    this.agent = new TrafficSignalAgent(this.engine, si, cfg.minGreen);
    this.simSteps = Math.max(1, Math.round(cfg.deltaTime / cfg.simStep));
    this.renderMode = cfg.renderMode;
    this.layout =
      cfg.layout === 'canonical' ? new CanonicalLayout(this.agent, cfg.detectionRange === undefined ? {} : { detectionRange: cfg.detectionRange }) : undefined;
    if (cfg.observation && cfg.observationExtras.length > 0)
      throw new InvalidConfig(
        'TrafficSignal-v0 kwargs: observationExtras: expected none with a custom observation function (add the features in the function)',
      );
    this.extras = cfg.observationExtras.length > 0 ? new ObservationExtras(this.agent, cfg.observationExtras, cfg.numSeconds, cfg.begin) : undefined;
    const size = cfg.observation ? cfg.observation(this.agent).length : this.layout ? this.layout.size : this.agent.obsSize + (this.extras?.size ?? 0);
    this.observationSpace = (cfg.observation ? new Box(-Infinity, Infinity, [size]) : new Box(0, 1, [size])) as Box & Space<Float32Array>;
    this.actionSpace = new Discrete(this.agent.numPhases);
  }

  protected observe(): Float32Array {
    if (this.cfg.observation) return this.cfg.observation(this.agent);
    if (this.layout) return this.layout.observe(new Float32Array(this.layout.size));
    const out = this.agent.observe(new Float32Array(this.agent.obsSize + (this.extras?.size ?? 0)));
    this.extras?.write(out, this.agent.obsSize);
    return out;
  }

  /** The action that requests native phase `p` (the identity unless the layout is canonical). */
  actionOfPhase(p: number): number {
    return this.layout ? (this.layout.canonicalPhase[p] ?? p) : p;
  }

  /** The step's info; the final step's metrics add the HCM measures (costly to gather every step). */
  private info(last = false): Info {
    const m = this.engine.metrics();
    const metrics = last ? { ...m, ...(this.engine.hcmMetrics?.() ?? {}) } : m;
    return { time: this.engine.time, phase: this.agent.phase, ...this.agent.intersectionInfo(), metrics };
  }

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    this.engine.reset(this.rng.integers(0, 2 ** 31 - 1));
    this.agent.reset();
    this.started = true;
    return [this.observe(), this.info()];
  }

  step(action: number): StepResult<Float32Array> {
    assertAction(this.actionSpace, action);
    this.agent.setNextPhase(this.layout ? (this.layout.nativePhase[action] ?? action) : action);
    for (let k = 0; k < this.simSteps; k++) this.engine.step();
    const reward = this.agent.reward(this.cfg.reward) * this.cfg.rewardScale;
    const truncated = this.engine.time >= this.cfg.numSeconds - 1e-9;
    return [this.observe(), reward, false, truncated, this.info(truncated)];
  }

  /**
   * The whole dynamic state as JSON (engine, reward memory, rng), for exact resume: `restore` it into an
   * env built with the same kwargs. A custom `reward`/`observation` function's own state is not included.
   */
  override snapshot(): unknown {
    return snapshotTraffic('traffic-signal', snapshotEngine(this.engine, this.constructor.name), [this.agent], {
      rng: this.rngSnapshot(),
      started: this.started,
    });
  }

  override restore(snapshot: unknown): void {
    const extra = restoreTraffic('traffic-signal', snapshotEngine(this.engine, this.constructor.name), [this.agent], snapshot);
    this.restoreRng(extra.rng);
    this.started = extra.started;
  }

  /** Frees the simulation's external resources (stops SUMO with backend 'sumo'). */
  override close(): void {
    this.engine.close();
  }

  /** With `renderMode: 'ansi'`: the phase, a queue bar per approach and the totals. */
  override render(): string | undefined {
    if (this.renderMode !== 'ansi' || !this.started) return undefined;
    return renderTrafficAnsi(this.engine);
  }
}
