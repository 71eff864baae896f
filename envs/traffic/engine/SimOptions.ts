import { z } from 'zod';
import { parseConfig } from '../../../src/core/parseConfig.js';

/** Options of the simulation engine (not of the network). */
export const SimOptionsSchema = z
  .object({
    /** Time step (s), 0.1 to 2. */
    step: z.number().min(0.1).max(2).default(1),
    /** Car-following model: IDM (default) or Krauss (SUMO's default, for comparisons). */
    model: z.enum(['idm', 'krauss']).default('idm'),
    /** Right turn on red after a full stop, yielding to all conflicting traffic. */
    rightTurnOnRed: z.boolean().default(false),
    /** Critical gap (s) for permitted movements and minor roads. */
    criticalGap: z.number().positive().default(4),
    /** `fixed`: signals run their plans; `external`: phases change through `requestPhase` only. */
    signalMode: z.enum(['fixed', 'external']).default('fixed'),
  })
  .strict();

/** Validated engine options. */
export type SimOptions = z.output<typeof SimOptionsSchema>;
/** Engine options as written. */
export type SimOptionsInput = z.input<typeof SimOptionsSchema>;

/**
 * Validates engine options, throwing InvalidConfig naming the bad key.
 *
 * @example
 * ```ts
 * parseSimOptions({ step: 0.5, model: 'krauss' });
 * ```
 */
export function parseSimOptions(v: unknown): SimOptions {
  return parseConfig(SimOptionsSchema, v ?? {}, 'traffic engine options');
}
