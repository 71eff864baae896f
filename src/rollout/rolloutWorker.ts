/**
 * The RolloutPool task (runs in a piscina worker thread, from the compiled `dist/`): builds the env and
 * the policy (reused across tasks of the same evaluation) and plays the task's episodes with `runEpisode`.
 * @packageDocumentation
 */
import type { Env } from '../core/Env.js';
import type { ParallelEnv } from '../core/ParallelEnv.js';
import type { Policy } from '../policy/Policy.js';
import { runEpisode } from '../policy/runEpisode.js';
import { make, makeParallel, spec } from '../registry/registry.js';
import '../policy/RandomPolicy.js';
import { loadWorkerModules } from '../vector/loadWorkerModules.js';
import { policyFromSpec } from './policyFromSpec.js';
import { dropSegmentEnv } from './runSegment.js';
import type { RolloutTask, RolloutTaskResult } from './rolloutTask.js';

let cached: { key: string; env: Env<any, any> | ParallelEnv<string, any, any>; policy: Policy<any, any> } | undefined;

function build(task: RolloutTask): { env: Env<any, any> | ParallelEnv<string, any, any>; policy: Policy<any, any> } {
  if (cached?.key === task.key) return cached;
  if (cached !== undefined) cached.env.close();
  cached = undefined;
  const env = spec(task.envId).parallel ? makeParallel(task.envId, task.kwargs) : make(task.envId, task.kwargs);
  const policy = policyFromSpec(task.policy, task.envId, env, task.policyOptions);
  cached = { key: task.key, env, policy };
  return cached;
}

function failure(e: unknown, episode: number, seed: number | undefined): RolloutTaskResult {
  const err = e instanceof Error ? e : new Error(String(e));
  const retryable = (err as { retryable?: unknown }).retryable === true;
  return {
    ok: false,
    error: { name: err.name, message: err.message, stack: err.stack ?? `${err.name}: ${err.message}`, episode, seed, ...(retryable ? { retryable } : {}) },
  };
}

/**
 * Plays episodes `first .. first + count - 1` (seeds `seed + i`) and returns their results, or the
 * first error (naming the episode and its seed).
 *
 * @example
 * ```ts
 * const r = await runRolloutTask({ envId: 'CartPole-v1', kwargs: {}, policy: 'pd', key: 'k', seed: 0, first: 0, count: 4, modules: [] });
 * ```
 */
export default async function runRolloutTask(task: RolloutTask): Promise<RolloutTaskResult> {
  let built: ReturnType<typeof build>;
  try {
    await loadWorkerModules(import.meta.url, task.modules);
    built = build(task);
  } catch (e) {
    return failure(e, -1, undefined);
  }
  const results = [];
  for (let i = task.first; i < task.first + task.count; i++) {
    const seed = task.seed + i;
    try {
      results.push(runEpisode(built.env, built.policy, seed, { episode: i, maxSteps: task.maxSteps }));
    } catch (e) {
      // the env may be mid-episode: rebuild it for the next task (closing it frees an external simulator)
      try {
        built.env.close();
      } catch {
        // already broken
      }
      cached = undefined;
      return failure(e, i, seed);
    }
  }
  return { ok: true, results };
}

/**
 * Closes this worker's cached env (frees an external simulator such as a SUMO process cleanly, before
 * the pool terminates its threads). `RolloutPool.close` runs one per thread: each call waits (up to 2 s)
 * until every thread holds one, so that no thread takes two.
 *
 * @example
 * ```ts
 * await pool.run({ gate, threads }, { name: 'closeCachedEnv' });
 * ```
 */
export function closeCachedEnv(task: { gate: Int32Array; threads: number }): void {
  Atomics.add(task.gate, 0, 1);
  Atomics.notify(task.gate, 0);
  const until = Date.now() + 2000;
  for (let n = Atomics.load(task.gate, 0); n < task.threads && Date.now() < until; n = Atomics.load(task.gate, 0))
    Atomics.wait(task.gate, 0, n, until - Date.now());
  try {
    cached?.env.close();
  } catch {
    // a broken env has nothing left to free
  }
  cached = undefined;
  dropSegmentEnv();
}

export { runSegmentTask } from './runSegment.js';
