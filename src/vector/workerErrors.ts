import {
  ClosedEnvironment, EnvCheckError, InvalidAction, InvalidConfig, InvalidFile, InvalidObservation, InvalidSpace, ResetNeeded, SnapshotUnsupported,
  UnknownEnv, UnknownPolicy, WorkerError, type TsgymError,
} from '../core/errors.js';

/** The typed errors that keep their type when they cross from a worker thread (bad input, not faults). */
const TYPED: Readonly<Record<string, new (message: string) => TsgymError>> = {
  ResetNeeded,
  ClosedEnvironment,
  InvalidAction,
  InvalidObservation,
  InvalidSpace,
  UnknownEnv,
  InvalidConfig,
  UnknownPolicy,
  EnvCheckError,
  InvalidFile,
  SnapshotUnsupported,
};

/** An error as it crossed from a worker (structured clone keeps only these fields). */
export interface CrossedError {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

/**
 * The main-thread error for an error raised in a worker. A tsgym typed error (InvalidConfig, UnknownEnv,
 * InvalidAction...) is rethrown as the same type, its message prefixed with `context` (where: env index,
 * seed, worker); anything else (a crash, a plain Error) becomes a WorkerError with the original stack in
 * its message. Either way `cause` holds the original error (name, message and worker stack).
 *
 * @example
 * ```ts
 * throw fromWorker({ name: 'InvalidConfig', message: "unknown key 'x'", stack: '...' }, 'env 0 (seed 1) threw during start in worker 0');
 * ```
 */
export function fromWorker(e: CrossedError, context: string): TsgymError {
  const cause = Object.assign(new Error(e.message), { name: e.name, stack: e.stack });
  const Typed = Object.hasOwn(TYPED, e.name) ? TYPED[e.name] : undefined;
  const err =
    Typed !== undefined ? new Typed(`${context}: ${e.message}`) : new WorkerError(`${context}: ${e.name}: ${e.message}\n--- original stack ---\n${e.stack}`);
  err.cause = cause;
  return err;
}
