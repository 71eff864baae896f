import type { Env } from '../core/Env.js';
import { WorkerError } from '../core/errors.js';
import type { WorkerErrorInfo } from './asyncProtocol.js';

/**
 * The seed of an env's rng (its last explicit seed, or the entropy seed it drew), if it has one.
 *
 * @example
 * ```ts
 * env.reset({ seed: 12 });
 * envSeed(env); // 12
 * ```
 */
export function envSeed(env: Env<unknown, unknown> | undefined): number | undefined {
  try {
    return env?.unwrapped.rng.seed;
  } catch {
    return undefined;
  }
}

function describe(envIndex: number, seed: number | undefined, fallback: string): string {
  return envIndex >= 0 ? `env ${envIndex} (seed ${seed === undefined ? 'unknown' : seed})` : fallback;
}

/**
 * The WorkerError for an error a worker reported: names the env index, its seed, the worker and the
 * original stack; `cause` rebuilds the original error.
 *
 * @example
 * ```ts
 * throw workerReplyError(reply.error, 1, 'step'); // "env 2 (seed 12) threw during step in worker 1: ..."
 * ```
 */
export function workerReplyError(e: WorkerErrorInfo, worker: number, what: string): WorkerError {
  const err = new WorkerError(`${describe(e.envIndex, e.seed, `worker ${worker}`)} threw during ${what} in worker ${worker}: ${e.name}: ${e.message}\n--- original stack ---\n${e.stack}`);
  err.cause = Object.assign(new Error(e.message), { name: e.name, stack: e.stack });
  return err;
}

/**
 * The WorkerError for an env of AsyncVectorEnv's main-thread share that threw: the same shape as a
 * worker's ("env 0 (seed 7) threw during step in the main thread: ..."), with the original error as `cause`.
 *
 * @example
 * ```ts
 * throw mainShareError(e, 0, env, 'step');
 * ```
 */
export function mainShareError(e: unknown, envIndex: number, env: Env<unknown, unknown> | undefined, what: string): WorkerError {
  const cause = e instanceof Error ? e : new Error(String(e));
  const stack = cause.stack ?? `${cause.name}: ${cause.message}`;
  const err = new WorkerError(`${describe(envIndex, envSeed(env), 'the main-thread share')} threw during ${what} in the main thread: ${cause.name}: ${cause.message}\n--- original stack ---\n${stack}`);
  err.cause = cause;
  return err;
}
