import { SnapshotUnsupported } from '../../../src/core/errors.js';
import { fromJsonState, toJsonState, type JsonValue } from '../../../src/core/jsonState.js';
import type { RngState } from '../../../src/rng/Rng.js';
import { TrafficEngine, type EngineSnapshot } from '../engine/TrafficEngine.js';
import type { TrafficSignalAgent } from './TrafficSignalAgent.js';
import type { TrafficSimulation } from './TrafficSimulation.js';

/** The env-level part of a traffic env's state (besides the engine and the agents' reward memories). */
export interface TrafficEnvExtra {
  /** The env's rng position (it draws the engine seed at reset). */
  readonly rng: RngState | null;
  readonly started: boolean;
  /** Subclass state (live agents of a ParallelEnv, whether imported programs run...). */
  readonly [key: string]: unknown;
}

interface TrafficState {
  readonly kind: string;
  /** Network dimensions, to refuse a snapshot of another network. */
  readonly dims: number[];
  readonly engine: EngineSnapshot;
  readonly rewardMemory: [number, number][];
  readonly extra: TrafficEnvExtra;
}

function dims(engine: TrafficEngine, agents: readonly TrafficSignalAgent[]): number[] {
  const n = engine.net;
  return [n.nSegs, n.nRoads, n.nConns, n.demand.nFlows, engine.signals.nSignals, agents.length];
}

/**
 * The whole dynamic state of a traffic env as JSON: the engine (vehicles, queues, signals, counters, its
 * random stream), each agent's reward memory and the env's own fields (`extra`).
 * Typed arrays and non-finite numbers are encoded by `toJsonState`, so the state comes back bit-exactly.
 *
 * @example
 * ```ts
 * const s = snapshotTraffic('traffic-signal', env.engine, [env.agent], { rng: null, started: true });
 * ```
 */
export function snapshotTraffic(kind: string, engine: TrafficEngine, agents: readonly TrafficSignalAgent[], extra: TrafficEnvExtra): JsonValue {
  const s: TrafficState = {
    kind, dims: dims(engine, agents), engine: engine.snapshot(),
    rewardMemory: agents.map((a) => a.rewardMemory()), extra,
  };
  return toJsonState(s, `${kind} snapshot`);
}

/**
 * Restores `snapshotTraffic` output into an env built with the same kwargs and returns its `extra`;
 * refuses (SnapshotUnsupported) a snapshot of another env kind or another network.
 *
 * @example
 * ```ts
 * const extra = restoreTraffic('traffic-signal', env.engine, [env.agent], JSON.parse(text));
 * ```
 */
export function restoreTraffic(kind: string, engine: TrafficEngine, agents: readonly TrafficSignalAgent[], snapshot: unknown): TrafficEnvExtra {
  const s = fromJsonState(snapshot, `${kind} snapshot`) as Partial<TrafficState> | null;
  if (s === null || typeof s !== 'object' || s.kind !== kind) {
    throw new SnapshotUnsupported(
      `Cannot restore a ${kind} env from this snapshot: expected kind '${kind}', got ${JSON.stringify((s as { kind?: unknown } | null)?.kind ?? null)}`,
    );
  }
  const want = dims(engine, agents);
  if (
    !Array.isArray(s.dims) ||
    s.dims.join() !== want.join() ||
    s.engine === undefined ||
    s.rewardMemory === undefined ||
    s.extra === undefined
  ) {
    throw new SnapshotUnsupported(
      `Cannot restore a ${kind} env from this snapshot: it is of a network with [segments, roads, connections, flows, signals, agents] = ` +
        `[${String(s.dims)}], this env has [${want.join(', ')}] (build the env with the same kwargs)`,
    );
  }
  engine.restore(s.engine);
  s.rewardMemory.forEach((m, i) => agents[i]?.setRewardMemory(m));
  return s.extra;
}

/**
 * The simulation as tsgym's engine, for snapshots; throws SnapshotUnsupported with the simulator's reason
 * otherwise (SUMO's state lives in the sumo process).
 *
 * @example
 * ```ts
 * snapshotTraffic('traffic-signal', snapshotEngine(env.engine, 'TrafficSignal-v0'), [env.agent], extra);
 * ```
 */
export function snapshotEngine(sim: TrafficSimulation, envName: string): TrafficEngine {
  if (sim instanceof TrafficEngine && sim.snapshotUnsupported === undefined) return sim;
  throw new SnapshotUnsupported(`${envName}: snapshot()/restore() refused: ${sim.snapshotUnsupported ?? `backend '${sim.backend}' cannot capture its state`}`);
}
