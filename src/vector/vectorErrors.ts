import type { Env } from '../core/Env.js';
import { TsgymError, WorkerError } from '../core/errors.js';
import type { WorkerErrorInfo } from './asyncProtocol.js';
import { fromWorker } from './workerErrors.js';

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
 * The main-thread error for an error a worker reported: a tsgym typed error (InvalidConfig, InvalidAction...)
 * keeps its type, anything else becomes a WorkerError with the original stack; the message names the env
 * index, its seed and the worker; `cause` rebuilds the original error.
 *
 * @example
 * ```ts
 * throw workerReplyError(reply.error, 1, 'step'); // "env 2 (seed 12) threw during step in worker 1: ..."
 * ```
 */
export function workerReplyError(e: WorkerErrorInfo, worker: number, what: string): TsgymError {
  return fromWorker(e, `${describe(e.envIndex, e.seed, `worker ${worker}`)} threw during ${what} in worker ${worker}`);
}

/**
 * The error for an env of AsyncVectorEnv's main-thread share that threw: the same shape as a worker's
 * ("env 0 (seed 7) threw during step in the main thread: ..."), a typed error keeping its type as across
 * workers, with the original error as `cause`.
 *
 * @example
 * ```ts
 * throw mainShareError(e, 0, env, 'step');
 * ```
 */
export function mainShareError(e: unknown, envIndex: number, env: Env<unknown, unknown> | undefined, what: string): TsgymError {
  const cause = e instanceof Error ? e : new Error(String(e));
  const stack = cause.stack ?? `${cause.name}: ${cause.message}`;
  if (cause instanceof TsgymError && !(cause instanceof WorkerError)) {
    return fromWorker(
      { name: cause.name, message: cause.message, stack },
      `${describe(envIndex, envSeed(env), 'the main-thread share')} threw during ${what} in the main thread`,
    );
  }
  const err = new WorkerError(
    `${describe(envIndex, envSeed(env), 'the main-thread share')} threw during ${what} in the main thread: ${cause.name}: ${cause.message}\n--- original ` +
      `stack ---\n${stack}`,
  );
  err.cause = cause;
  return err;
}
