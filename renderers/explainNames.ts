import { DISPATCH_RULES } from '../envs/factory/dispatchRules.js';
import { FactoryLineEnv } from '../envs/factory/FactoryLineEnv.js';
import { TrafficSignalAgent } from '../envs/traffic/env/TrafficSignalAgent.js';
import type { Info } from '../src/core/types.js';
import type { MlpExplainer } from '../src/explain/MlpExplainer.js';
import { MACHINE_STATES } from './format/types.js';
import type { ExplainNames, RecordingExplain } from './format/types.js';

/** The agent key of a single-agent recording that has no better one. */
export const DEFAULT_AGENT_KEY = 'agent';

/**
 * Names of the default TrafficSignal observation (TrafficSignalAgent.observe): one-hot green phase,
 * the min-green flag, then density and queue of each incoming lane (lane ids as the scene names them,
 * `road_index`); undefined when the observation is custom (`cfg.observation`) and sizes differ.
 */
function trafficNames(a: TrafficSignalAgent, obsSize: number): Required<ExplainNames> | undefined {
  if (obsSize !== a.obsSize) return undefined;
  const n = a.engine.net;
  const lane = (l: number): string => `${n.roadIds[n.laneRoad[l]] ?? '?'}_${n.laneIndex[l] ?? 0}`;
  const features: string[] = [];
  for (let p = 0; p < a.numPhases; p++) features.push(`phase=${p}`);
  features.push('minGreenDone');
  for (const l of a.inLanes) features.push(`density ${lane(l)}`);
  for (const l of a.inLanes) features.push(`queue ${lane(l)}`);
  const actions: string[] = [];
  for (let p = 0; p < a.numPhases; p++) {
    const roads = [...new Set(Array.from(a.phaseLanes[p] ?? [], (l) => n.roadIds[n.laneRoad[l]] ?? '?'))];
    actions.push(`phase ${p}${roads.length > 0 ? ` (${roads.join(', ')})` : ''}`);
  }
  return { features, actions };
}

/** Names of the FactoryLine-v0 observation (FactoryLineEnv.observe) and its action labels. */
function factoryNames(env: FactoryLineEnv): { features: string[]; dispatch: string[]; release: string[] } {
  const md = env.model;
  const features = ['decision=dispatch', 'decision=release', 'time', 'wip'];
  for (const s of md.stageNames) features.push(`queue ${s}`);
  features.push('queue backlog');
  for (const m of md.machineNames) for (const st of MACHINE_STATES) features.push(`${m}=${st}`);
  for (const s of md.stageNames) features.push(`deciding stage=${s}`);
  for (let c = 1; c <= env.k; c++) for (const f of ['present', 'procTime', 'slack', 'remainingWork', 'needsSetup']) features.push(`job${c} ${f}`);
  const n = env.actionSpace.n;
  const dispatch = env.mode === 'rule' ? [...DISPATCH_RULES].slice(0, n) : Array.from({ length: n }, (_, i) => `job ${i + 1} in queue`);
  const release = Array.from({ length: n }, (_, i) => (i === 0 ? 'hold' : i === 1 ? 'release' : `(${dispatch[i] ?? i})`));
  return { features, dispatch, release };
}

/**
 * The explain header of a recording of `env` explained by `explainer`: feature names and action labels
 * that fit the env (traffic: `phase=1`, `queue n1_0`, actions `phase 0 (roads)`; FactoryLine:
 * `M1=busy`, `job2 slack`, actions = dispatch rules or queue positions, `hold`/`release` for release
 * decisions), or the explainer's generic names (`x[3]`, `action 2`) for other envs.
 *
 * @example
 * ```ts
 * const header = explainHeaderFor(env.unwrapped, explainer); // { kind: 'q', features: ['phase=0', ...], actions: ['phase 0 (n_in, s_in)', ...] }
 * ```
 */
export function explainHeaderFor(unwrapped: unknown, explainer: MlpExplainer): RecordingExplain {
  const kind = explainer.network.output === 'q' ? 'q' : explainer.network.output === 'logits' ? 'probs' : 'mean';
  const nOut = explainer.network.layers[explainer.network.layers.length - 1]?.outputSize ?? 0;
  const generic: RecordingExplain = { kind, features: [...explainer.featureNames], actions: Array.from({ length: nOut }, (_, i) => `action ${i}`) };
  const size = explainer.inputs.size;
  const u = unwrapped as { agent?: unknown; signalAgents?: unknown };
  if (u.agent instanceof TrafficSignalAgent) {
    const names = trafficNames(u.agent, size);
    return names && names.actions.length === nOut ? { kind, ...names } : generic;
  }
  if (u.signalAgents instanceof Map) {
    const agents: Record<string, ExplainNames> = {};
    let first: Required<ExplainNames> | undefined;
    for (const [id, a] of u.signalAgents as Map<string, unknown>) {
      if (!(a instanceof TrafficSignalAgent)) return generic;
      const names = trafficNames(a, size);
      if (!names || names.actions.length !== nOut) return generic;
      first ??= names;
      Object.defineProperty(agents, id, { value: names, enumerable: true, writable: true, configurable: true });
    }
    return first ? { kind, features: first.features, actions: first.actions, agents } : generic;
  }
  if (unwrapped instanceof FactoryLineEnv) {
    const f = factoryNames(unwrapped);
    if (f.features.length !== size || f.dispatch.length !== nOut) return generic;
    return { kind, features: f.features, actions: f.dispatch, agents: { release: { actions: f.release } } };
  }
  return generic;
}

/**
 * The agent key a single-agent decision is recorded under: the intersection id (traffic), the machine
 * being dispatched or `release` (FactoryLine, from the info the decision was made with), else `agent`.
 *
 * @example
 * ```ts
 * explainKey(env.unwrapped, info); // 'M2' at a FactoryLine dispatch decision for machine M2
 * ```
 */
export function explainKey(unwrapped: unknown, info: Info): string {
  const u = unwrapped as { agent?: unknown };
  if (u.agent instanceof TrafficSignalAgent) return u.agent.id;
  if (unwrapped instanceof FactoryLineEnv) {
    if (info.decision === 'dispatch' && typeof info.machine === 'string') return info.machine;
    if (info.decision === 'release') return 'release';
  }
  return DEFAULT_AGENT_KEY;
}
