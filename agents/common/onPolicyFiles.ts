import type * as tfjs from '@tensorflow/tfjs';
import { Rng, type RngState } from '../../src/rng/Rng.js';
import { loadTf, type Tf } from '../loadTf.js';
import type { ActorCritic } from './ActorCritic.js';
import { checkpointOf, loadAgentDir, restoreOptimizer, saveAgentDir, type LoadedAgent } from './agentDir.js';
import { asVecEnv, type AgentEnv } from './asVecEnv.js';
import type { VecEnvLike } from './VecEnvLike.js';
import type { RolloutCollector } from './RolloutCollector.js';
import { TfOptimizerState } from './optimizerState.js';
import { mergeSnapshots, snapshotNumber, type Snapshot } from './Snapshot.js';

/**
 * Saves an actor-critic agent: the model (`save`) or, with `checkpoint`, also the optimizer moments and the
 * learner's snapshot (counters, rng, the collector's running episodes, anything the algorithm adds).
 *
 * @example
 * ```ts
 * await saveOnPolicy(tf, dir, 'ppo', cfg, ac, { optimizer, snapshot: this.snapshot() });
 * ```
 */
export async function saveOnPolicy(tf: Tf, dir: string, algo: string, config: Record<string, unknown>, ac: ActorCritic,
  checkpoint?: { optimizer: tfjs.Optimizer; snapshot: Snapshot }): Promise<void> {
  const topology = { actor: ac.actor.layers, critic: ac.critic.layers };
  const files = { algo, config, observationSpace: ac.observationSpace, actionSpace: ac.actionSpace, tensors: ac.named(), topology };
  const state = checkpoint === undefined ? {} : { optimizer: new TfOptimizerState(checkpoint.optimizer), snapshot: checkpoint.snapshot };
  await saveAgentDir(tf, dir, { ...files, ...state });
}

/** The counters and rng every on-policy learner snapshots beside its collector. */
export interface OnPolicyCounters {
  numTimesteps: number;
  iterations: number;
  rng: Rng;
}

/**
 * The snapshot of an on-policy learner: its counters and rng, merged with its collector's.
 *
 * @example
 * ```ts
 * const s = onPolicySnapshot({ numTimesteps, iterations, rng }, collector);
 * ```
 */
export function onPolicySnapshot(c: OnPolicyCounters, collector: RolloutCollector, extra?: Snapshot): Snapshot {
  const own = { state: { numTimesteps: c.numTimesteps, iterations: c.iterations, rng: c.rng.getState() }, arrays: {} };
  return mergeSnapshots(own, collector.snapshot(), ...(extra !== undefined ? [extra] : []));
}

/**
 * The counters of an `onPolicySnapshot`, after restoring the collector's running episodes from it.
 *
 * @example
 * ```ts
 * ({ numTimesteps: this.numTimesteps, iterations: this.iterations, rng: this.rng } = restoreOnPolicy(s, collector));
 * ```
 */
export function restoreOnPolicy(s: Snapshot, collector: RolloutCollector): OnPolicyCounters {
  collector.restore(s);
  return { numTimesteps: snapshotNumber(s, 'numTimesteps'), iterations: snapshotNumber(s, 'iterations'), rng: Rng.fromState(s.state.rng as RngState) };
}

/** What `loadOnPolicy` needs of a freshly built agent: its networks, its optimizer and how it restores a snapshot. */
export interface OnPolicyParts<A> {
  readonly agent: A;
  readonly ac: ActorCritic;
  readonly optimizer: tfjs.Optimizer;
  restore(s: Snapshot): void;
}

/**
 * Loads an actor-critic agent directory: checks the algorithm and (given an env) the spaces, builds the
 * agent with `build`, assigns the networks, and for a checkpoint restores the optimizer moments and the
 * snapshot (InvalidConfig when `dir` holds a saved model only); frees the loaded tensors.
 *
 * @example
 * ```ts
 * return loadOnPolicy(dir, env, 'PPO', checkpoint, (tf, m, vec) => { const agent = new PPO(...); return { agent, ac: agent.ac, optimizer, restore } });
 * ```
 */
export async function loadOnPolicy<A>(dir: string, env: AgentEnv | undefined, algo: string, checkpoint: boolean,
  build: (tf: Tf, m: LoadedAgent, vec: VecEnvLike | undefined) => OnPolicyParts<A>): Promise<A> {
  const tf = await loadTf();
  const vec = env === undefined ? undefined : asVecEnv(env);
  const m = await loadAgentDir(tf, dir, algo.toLowerCase(), vec);
  try {
    const parts = build(tf, m, vec);
    parts.ac.assignNamed(m.tensors);
    if (checkpoint) {
      const s = checkpointOf(m, dir, algo);
      await restoreOptimizer(new TfOptimizerState(parts.optimizer), m);
      parts.restore(s);
    }
    return parts.agent;
  } finally {
    for (const t of Object.values(m.tensors)) t.dispose();
  }
}

/** Sets an optimizer's learning rate (tfjs keeps it in a protected field read at every update). */
export function setLearningRate(optimizer: tfjs.Optimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/** Shuffled copy of the valid indices as an Int32Array, drawn from `rng` (Fisher-Yates). */
export function shuffledIndices(valid: Uint8Array, rng: Rng, out: number[]): number[] {
  out.length = 0;
  for (let i = 0; i < valid.length; i++) if (valid[i]) out.push(i);
  return rng.shuffle(out);
}
