import type { NetworkSpec } from '../network/NetworkSpec.js';
import type { ImportWarning } from './ImportLog.js';

/**
 * The result of an import: a validated NetworkSpec, the warnings about what was not carried over, and
 * the simulation window the source files give (SUMO `time/begin..end`, CityFlow: the last departure).
 *
 * @example
 * ```ts
 * const { spec, warnings, end } = importSumo({ net: { text, file: 'a.net.xml' } });
 * ```
 */
export interface ImportedNetwork {
  readonly spec: NetworkSpec;
  readonly warnings: readonly ImportWarning[];
  readonly format: 'sumo' | 'cityflow';
  /** Files read, in order. */
  readonly files: readonly string[];
  /** Simulation begin (s). */
  readonly begin: number;
  /** Simulation end (s) when the source names one. */
  readonly end?: number;
  /** Vehicles the demand inserts by `end` for schedules and explicit vehicles; flows by their mean rate. */
  readonly expectedVehicles: number;
}
