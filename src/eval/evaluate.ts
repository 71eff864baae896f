import { isParallelEnv } from '../core/ParallelEnv.js';
import { makePolicy } from '../policy/policyRegistry.js';
import { make, makeParallel, spec } from '../registry/registry.js';
import { RolloutPool } from '../rollout/RolloutPool.js';
import type { PolicySpec } from '../rollout/PolicySpec.js';
import type { EpisodeResult } from '../policy/EpisodeResult.js';

/** Options of `evaluate`. */
export interface EvaluateRequest {
  readonly envId: string;
  readonly kwargs: Record<string, unknown>;
  readonly policy: PolicySpec;
  readonly episodes: number;
  readonly seed: number;
  readonly workers: number;
  /** Run the episodes as jobs on `tsgym worker` processes through this Redis (RolloutPool's redis backend) instead of local threads. */
  readonly redis?: string;
  /** The queue of `redis` (default 'tsgym'). */
  readonly queue?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Evaluates one policy over `episodes` seeded episodes (seed, seed+1, ...) in a RolloutPool; results are
 * identical whatever the worker count, locally or on Redis workers.
 *
 * @example
 * ```ts
 * const results = await evaluate({ envId: 'CartPole-v1', kwargs: {}, policy: 'pd', episodes: 10, seed: 0, workers: 2 });
 * ```
 */
export async function evaluate(req: EvaluateRequest): Promise<EpisodeResult[]> {
  validateInMainThread(req);
  const pool = new RolloutPool(
    req.redis !== undefined ? { redis: req.redis, ...(req.queue !== undefined ? { queue: req.queue } : {}) } : { workers: req.workers },
  );
  try {
    return await pool.evaluate({
      envId: req.envId,
      kwargs: req.kwargs,
      policy: req.policy,
      episodes: req.episodes,
      seed: req.seed,
      ...(req.onProgress ? { onProgress: req.onProgress } : {}),
    });
  } finally {
    await pool.close();
  }
}

/** Builds the env and a baseline policy once here, so bad kwargs or names fail with a clean error before any worker starts. */
function validateInMainThread(req: EvaluateRequest): void {
  const env = spec(req.envId).parallel ? makeParallel(req.envId, req.kwargs) : make(req.envId, req.kwargs);
  try {
    if (typeof req.policy === 'string') makePolicy(req.policy, req.envId, isParallelEnv(env) ? env : env);
  } finally {
    env.close();
  }
}
