import type { RolloutSource } from './RolloutSource.js';
import type { Space } from '../../src/spaces/Space.js';
import type { Callback } from './callbacks.js';
import type { SerializedMlp } from '../../src/policy/MlpPolicy.js';

/** Options of `predict`. */
export interface PredictOptions {
  /** Greedy / mode action instead of a sample (default true). */
  deterministic?: boolean;
}

/** Options of `learn`. */
export interface LearnOptions {
  /** Env steps to run in this call (summed over sub-envs). */
  totalTimesteps: number;
  callbacks?: Callback[];
  /**
   * Planned steps of the whole run, over which schedules (epsilon, learning rate) progress. Default: the
   * steps done so far plus `totalTimesteps`. Give the full run length when training in several calls.
   */
  horizon?: number;
  /**
   * On-policy agents (PPO, A2C): take each update's rollouts from here (played by rollout workers with the
   * current weights) instead of stepping the attached env; the columns must match the attached env's.
   */
  rollouts?: RolloutSource;
}

/** An action: a number (Discrete), an Int32Array (MultiDiscrete) or a Float32Array (Box). */
export type Action = number | Int32Array | Float32Array;

/**
 * What every tsgym agent offers (DQN, REINFORCE, A2C, PPO, SAC, TD3).
 *
 * @example
 * ```ts
 * const agent: Agent = await DQN.create(env, { seed: 1 });
 * await agent.learn({ totalTimesteps: 50_000 });
 * const a = agent.predict(obs, { deterministic: true });
 * await agent.save('runs/dqn');
 * ```
 */
export interface Agent {
  readonly algo: 'dqn' | 'reinforce' | 'a2c' | 'ppo' | 'sac' | 'td3';
  /** Env steps trained so far. */
  readonly numTimesteps: number;
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  learn(opts: LearnOptions): Promise<this>;
  /** The action for one observation (an element of the observation space, or its flat Float32Array). */
  predict(obs: unknown, opts?: PredictOptions): Action;
  /** Writes model.json + weights.bin + config.json. */
  save(dir: string): Promise<void>;
  /** Writes a full checkpoint (networks, optimizer, buffers, rng states, counters) for exact resume. */
  saveCheckpoint(dir: string): Promise<void>;
  /** The policy network as plain numbers for rollout workers. */
  exportPolicy(): SerializedMlp;
  /** Frees the tensors. */
  dispose(): void;
}
