import { EnvCheckError } from '../core/errors.js';

/**
 * A deep copy so later in-place updates by the env do not alter what was recorded (the value itself if
 * it cannot be cloned, e.g. holds functions).
 *
 * @example
 * ```ts
 * const kept = snapshot(obs); // env may overwrite obs in place on the next step
 * ```
 */
export function snapshot<T>(x: T): T {
  try {
    return structuredClone(x);
  } catch {
    return x;
  }
}

/**
 * Throws `EnvCheckError(msg)`.
 *
 * @example
 * ```ts
 * if (typeof reward !== 'number') fail(`reward must be a number, got ${formatValue(reward)}`);
 * ```
 */
export function fail(msg: string): never {
  throw new EnvCheckError(msg);
}

/**
 * Whether `x` is a plain object (not null, an array or a typed array): an info or a record by agent.
 *
 * @example
 * ```ts
 * isRecord({}); isRecord([]); // true, false
 * ```
 */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x);
}
