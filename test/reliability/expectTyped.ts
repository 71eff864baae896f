import { expect } from 'vitest';

/** An error class (InvalidConfig, InvalidAction, ...). */
export type ErrorClass = abstract new (...args: never[]) => Error;

/** Asserts `err` is an instance of `type` whose message matches every pattern (strings literally). */
function checkError(err: unknown, type: ErrorClass, patterns: readonly (string | RegExp)[]): Error {
  expect(err, 'expected a throw').toBeInstanceOf(type);
  const msg = (err as Error).message;
  for (const p of patterns) {
    if (typeof p === 'string') expect(msg).toContain(p);
    else expect(msg).toMatch(p);
  }
  return err as Error;
}

/**
 * Runs `fn`, asserts it throws an instance of `type` whose message matches every pattern, and returns
 * the error. The patterns are the row's "names the bad value and the expectation" check.
 */
export function expectTyped(fn: () => unknown, type: ErrorClass, patterns: readonly (string | RegExp)[]): Error {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  return checkError(err, type, patterns);
}

/** Async form of `expectTyped`. */
export async function expectTypedAsync(fn: () => Promise<unknown>, type: ErrorClass, patterns: readonly (string | RegExp)[]): Promise<Error> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  return checkError(err, type, patterns);
}
