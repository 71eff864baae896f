import type { SerializedMlp } from '../../src/policy/MlpPolicy.js';

/**
 * One update's experience collected elsewhere (rollout workers): rows `[t][column]` laid out as a
 * RolloutBuffer holds them, with next-step autoreset (the reset row after an episode's end has
 * `valid = 0` and the final observation), and the observation after the last row.
 */
export interface RolloutSegment {
  readonly numSteps: number;
  readonly numColumns: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: ArrayLike<number>;
  readonly terms: ArrayLike<number>;
  readonly truncs: ArrayLike<number>;
  readonly valid: ArrayLike<number>;
  readonly lastObs: Float32Array;
  /** Initial priorities of the rows, when `collect` was asked for them. */
  readonly priorities?: ArrayLike<number>;
}

/**
 * Where an agent gets its experience when it is not played here: `collect` plays `numSteps` steps of
 * every column with the exported network (actions sampled from a policy network, or epsilon-greedy on a
 * Q network) and returns them. An on-policy learner computes log-probabilities and values itself. `SegmentCollector` (src/rollout) is one, on worker threads
 * or `tsgym worker` processes on Redis.
 *
 * @example
 * ```ts
 * await agent.learn({ totalTimesteps: 100_000, rollouts: new SegmentCollector(pool, { envId: 'CartPole-v1', seed: 1, instances: 8 }) });
 * ```
 */
export interface RolloutSource {
  /**
   * With `epsilon`: epsilon-greedy actions on a Q network (DQN's Ape-X-style actors), one epsilon for all
   * or one per actor (env instance `actor` of `actors`); with `priorities` too, each row's initial priority
   * for prioritized replay (`|n-step TD error|` under the network).
   */
  collect(
    network: SerializedMlp,
    numSteps: number,
    options?: { epsilon?: number | ((actor: number, actors: number) => number); priorities?: { gamma: number; nStep: number } },
  ): Promise<RolloutSegment>;
  /**
   * Groups of env instances taking turns, call `u` playing group `u % groups` (default 1): up to `groups`
   * calls may be in flight at once, each on its own group.
   */
  readonly groups?: number;
}
