import type * as tfjs from '@tensorflow/tfjs';
import { InvalidConfig } from '../../src/core/errors.js';
import { Rng, type RngState } from '../../src/rng/Rng.js';
import type { Tf } from '../loadTf.js';
import type { ActorCritic } from './ActorCritic.js';
import { arrayOf, restoreOptimizer, saveAgentDir, type LoadedAgent } from './agentDir.js';
import type { RolloutCollector } from './RolloutCollector.js';

/** Counters and streams of an on-policy agent that a checkpoint must restore. */
export interface OnPolicyState {
  numTimesteps: number;
  iterations: number;
  rng: Rng;
}

/**
 * Saves an actor-critic agent: the model (`save`) or, with `checkpoint`, also the optimizer moments, rng,
 * counters and the collector's running episode (last observation, done flags, episode sums).
 *
 * @example
 * ```ts
 * await saveOnPolicy(tf, dir, 'ppo', cfg, ac, { optimizer, collector, state });
 * ```
 */
export async function saveOnPolicy(tf: Tf, dir: string, algo: string, config: Record<string, unknown>, ac: ActorCritic,
  checkpoint?: { optimizer: tfjs.Optimizer; collector: RolloutCollector; state: OnPolicyState; extraArrays?: Record<string, Float32Array | Int32Array | Uint8Array | Float64Array>; extraState?: Record<string, unknown> }): Promise<void> {
  const base = {
    algo, config, observationSpace: ac.observationSpace, actionSpace: ac.actionSpace, tensors: ac.named(),
    topology: { actor: ac.actor.layers, critic: ac.critic.layers },
  };
  if (checkpoint === undefined) {
    await saveAgentDir(tf, dir, base);
    return;
  }
  const c = checkpoint.collector;
  await saveAgentDir(tf, dir, {
    ...base, optimizer: checkpoint.optimizer,
    state: {
      numTimesteps: checkpoint.state.numTimesteps, iterations: checkpoint.state.iterations, rng: checkpoint.state.rng.getState(),
      started: c.started, recent: c.tracker.recent, recentLengths: c.tracker.recentLengths, ...(checkpoint.extraState ?? {}),
    },
    arrays: { lastObs: c.lastObs, prevDone: c.prevDone, epReturns: c.tracker.returns, epLengths: c.tracker.lengths, ...(checkpoint.extraArrays ?? {}) },
  });
}

/**
 * Restores what `saveOnPolicy` wrote into a freshly built agent's parts; returns the counters.
 *
 * @example
 * ```ts
 * const s = await restoreOnPolicy(m, ac, optimizer, collector);
 * ```
 */
export async function restoreOnPolicy(m: LoadedAgent, ac: ActorCritic, optimizer: tfjs.Optimizer, collector: RolloutCollector | undefined): Promise<OnPolicyState> {
  ac.assignNamed(m.tensors);
  const s = m.state;
  if (s === undefined || collector === undefined) return { numTimesteps: 0, iterations: 0, rng: new Rng(0) };
  await restoreOptimizer(optimizer, m);
  collector.lastObs.set(arrayOf(m, 'lastObs'));
  collector.prevDone.set(arrayOf(m, 'prevDone'));
  collector.tracker.returns.set(arrayOf(m, 'epReturns'));
  collector.tracker.lengths.set(arrayOf(m, 'epLengths'));
  collector.tracker.recent.push(...(s.recent as number[]));
  collector.tracker.recentLengths.push(...(s.recentLengths as number[]));
  collector.started = s.started === true;
  return { numTimesteps: Number(s.numTimesteps), iterations: Number(s.iterations), rng: Rng.fromState(s.rng as RngState) };
}

/** Throws unless a loaded directory is a checkpoint. */
export function requireCheckpoint(m: LoadedAgent, dir: string, algo: string): void {
  if (m.state === undefined) throw new InvalidConfig(`${dir} is a saved model, not a checkpoint: use ${algo}.load`);
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
