import type { EpisodeResult } from '../policy/EpisodeResult.js';
import type { PolicySpec } from './PolicySpec.js';

/** One unit of work of a RolloutPool worker: episodes `first .. first + count - 1` of an evaluation. */
export interface RolloutTask {
  readonly envId: string;
  readonly kwargs: Record<string, unknown>;
  readonly policy: PolicySpec;
  /** Options passed to `makePolicy` for a baseline. */
  readonly policyOptions?: Record<string, unknown>;
  /** Identifies the (env, kwargs, policy) of the evaluation, so a worker reuses what it built. */
  readonly key: string;
  /** Episode `i` uses seed `seed + i`. */
  readonly seed: number;
  readonly first: number;
  readonly count: number;
  readonly maxSteps?: number;
  /** Module URLs the worker imports first: the env's registering module, then setup modules (custom envs and policies). */
  readonly modules: readonly string[];
}

/** An env or policy error of one episode, as it crosses back from a worker. */
export interface RolloutTaskError {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  /** Episode index, or -1 when building the env or policy failed. */
  readonly episode: number;
  /** The episode may succeed when played again (an external simulator crashed: SimulatorError.retryable). */
  readonly retryable?: boolean;
  readonly seed: number | undefined;
}

/** What a worker returns: every episode of the task, or the first error. */
export type RolloutTaskResult = { readonly ok: true; readonly results: EpisodeResult[] } | { readonly ok: false; readonly error: RolloutTaskError };
