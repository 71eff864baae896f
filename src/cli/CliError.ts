import { TsgymError } from '../core/errors.js';

/** A user-facing CLI error: printed as one line on stderr, exit code 2. */
export class CliError extends TsgymError {}

/**
 * Prints `e` as one clear line on stderr (the stack with `--debug`) and returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = reportError(err, debug);
 * ```
 */
export function reportError(e: unknown, debug: boolean): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const known = err instanceof TsgymError;
  const msg = known ? `${err.name}: ${err.message}` : `Error: ${err.message}`;
  process.stderr.write(`tsgym: ${msg}${known || debug ? '' : ' (run with --debug for the stack)'}\n`);
  if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
  return known ? 2 : 1;
}
