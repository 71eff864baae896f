import type * as tfjs from '@tensorflow/tfjs';
import { Rng, type RngState } from '../../src/rng/Rng.js';
import type { Tf } from '../loadTf.js';
import type { ActorCritic } from './ActorCritic.js';
import { checkpointOf, restoreOptimizer, saveAgentDir, type LoadedAgent } from './agentDir.js';
import type { RolloutCollector } from './RolloutCollector.js';
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
  await saveAgentDir(tf, dir, {
    algo,
    config,
    observationSpace: ac.observationSpace,
    actionSpace: ac.actionSpace,
    tensors: ac.named(),
    topology,
    ...checkpoint,
  });
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

/**
 * Fills a freshly built actor-critic agent from a loaded directory: the networks, and for a checkpoint the
 * optimizer moments and then `restore(snapshot)`; frees the loaded tensors.
 *
 * @example
 * ```ts
 * await loadOnPolicy(m, agent.ac, checkpoint ? { dir, algo: 'PPO', optimizer: agent.optimizer, restore: (s) => agent.restore(s) } : undefined);
 * ```
 */
export async function loadOnPolicy(m: LoadedAgent, ac: ActorCritic,
  checkpoint?: { dir: string; algo: string; optimizer: tfjs.Optimizer; restore: (s: Snapshot) => void }): Promise<void> {
  try {
    ac.assignNamed(m.tensors);
    if (checkpoint === undefined) return;
    const s = checkpointOf(m, checkpoint.dir, checkpoint.algo);
    await restoreOptimizer(checkpoint.optimizer, m);
    checkpoint.restore(s);
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
