import type { NetworkSpec } from '../network/NetworkSpec.js';
import type { ImportWarning } from './ImportLog.js';

/**
 * The result of an import: a validated NetworkSpec, the warnings about what was not carried over, and
 * the simulation settings the source files give (SUMO `time/begin..end`, `step-length`, `time-to-teleport`, `seed`;
 * CityFlow: the last departure).
 *
 * @example
 * ```ts
 * const { spec, warnings, begin, end } = importSumo({ net: { text, file: 'a.net.xml' } });
 * ```
 */
export interface ImportedNetwork {
  readonly spec: NetworkSpec;
  readonly warnings: readonly ImportWarning[];
  readonly format: 'sumo' | 'cityflow';
  /** Files read, in order. */
  readonly files: readonly string[];
  /** Simulation begin (s): the clock at reset; earlier departures are dropped. */
  readonly begin: number;
  /** Simulation end (s) when the source names one. */
  readonly end?: number;
  /** SUMO's time-to-teleport (s, -1: off) when the scenario is SUMO's (default 300, as SUMO). */
  readonly timeToTeleport?: number;
  /** SUMO's `time-to-impatience` and `max-depart-delay` (s) of the configuration, when it sets them. */
  readonly timeToImpatience?: number;
  readonly maxDepartDelay?: number;
  /** The random seed the scenario names (SUMO `random_number/seed`). */
  readonly seed?: number;
  /** The demand factor applied (SUMO `scale`: the .sumocfg's, or the `scale` option that overrides it). */
  readonly scale?: number;
  /** The simulation step (s) a SUMO configuration names (`time/step-length`; SUMO's default 1 s). */
  readonly stepLength?: number;
  /** Vehicles the demand inserts in [begin, end) for explicit vehicles and schedules; flows by their mean rate. */
  readonly expectedVehicles: number;
}
