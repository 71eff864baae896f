import { z } from 'zod';
import { InvalidConfig } from '../../src/core/errors.js';
import { parseConfig } from '../../src/core/parseConfig.js';

const BOUNDS = z.object({ low: z.number().optional(), high: z.number().optional() });

/**
 * The `[low, high]` range of a classic env's initial-state draw: `options.low` / `options.high` of `reset`
 * when given, else the defaults (Gymnasium's `utils.maybe_parse_reset_bounds`). Other option keys are
 * ignored, as in Gymnasium; a non-numeric bound or `low > high` throws `InvalidConfig`.
 *
 * @example
 * ```ts
 * const [low, high] = resetBounds(opts?.options, -0.05, 0.05, 'CartPole-v1 reset options');
 * ```
 */
export function resetBounds(options: Record<string, unknown> | undefined, defaultLow: number, defaultHigh: number, what: string): [number, number] {
  if (options === undefined) return [defaultLow, defaultHigh];
  const o = parseConfig(BOUNDS, options, what);
  const low = o.low ?? defaultLow;
  const high = o.high ?? defaultHigh;
  if (low > high) throw new InvalidConfig(`Invalid ${what}: lower bound (${low}) must be lower than higher bound (${high})`);
  return [low, high];
}
