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
  // Worker errors carry the original stack after the first line: show it only with --debug.
  const first = debug ? err.message : (err.message.split('\n')[0] ?? '');
  const msg = known ? `${err.name}: ${first}` : `Error: ${first}`;
  process.stderr.write(`tsgym: ${msg}${known || debug ? '' : ' (run with --debug for the stack)'}\n`);
  if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
  return known ? 2 : 1;
}
