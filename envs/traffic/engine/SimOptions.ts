import { z } from 'zod';
import { parseConfig } from '../../../src/core/parseConfig.js';

/** Options of the simulation engine (not of the network). */
export const SimOptionsSchema = z
  .object({
    /** Time step (s), 0.1 to 2. */
    step: z.number().min(0.1).max(2).default(1),
    /** Car-following model of vehicle types that do not name one: IDM (default) or Krauss (SUMO's default). */
    model: z.enum(['idm', 'krauss']).default('idm'),
    /** Simulation clock at reset (s): SUMO's `time/begin`. Vehicles scheduled before it are dropped, as SUMO does. */
    begin: z.number().nonnegative().default(0),
    /** Right turn on red: a red right-turn link acts as a stop sign (stop, then yield to the foes with right of way). */
    rightTurnOnRed: z.boolean().default(false),
    /** `fixed`: signals run their plans; `external`: phases change through `requestPhase` only. */
    signalMode: z.enum(['fixed', 'external']).default('fixed'),
    /** SUMO's time-to-teleport (s): a vehicle stopped this long at the front of its lane jumps ahead along its route; -1: never. */
    timeToTeleport: z.number().default(-1),
    /** SUMO's time-to-impatience (s): waiting at a minor link this long, a driver assumes foes will brake for it; 0: never. */
    timeToImpatience: z.number().nonnegative().default(180),
    /** SUMO's max-depart-delay (s): a vehicle that could not be inserted this long after its departure time is discarded; -1: never. */
    maxDepartDelay: z.number().default(-1),
    /** Jam detector: a vehicle halted this long (s) without interruption counts as jammed (metrics `jammed`, `jamEvents`). */
    jamThreshold: z.number().positive().default(300),
    /**
     * Trips (demand marked `trip`): `departure` routes each again when it departs on the travel speeds of the last
     * 180 s, as SUMO's routing device does; `import` keeps the free-flow route found at import.
     */
    tripRouting: z.enum(['departure', 'import']).default('departure'),
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
 * parseSimOptions({ step: 0.5, model: 'krauss', begin: 25200, timeToTeleport: 300 });
 * ```
 */
export function parseSimOptions(v: unknown): SimOptions {
  return parseConfig(SimOptionsSchema, v ?? {}, 'traffic engine options');
}
