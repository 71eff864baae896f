import type { NetworkSpecInput } from '../network/NetworkSpec.js';
import { gridNetwork, type GridScenarioInput } from './gridNetwork.js';

/**
 * The built-in arterial: `intersections` signals in a row along an east-west main road (2 lanes by
 * default) crossed by 1-lane side streets, with green-wave offsets for the speed limit; main-road entries
 * carry `ewFactor` (default 2) times the side-street demand.
 *
 * @example
 * ```ts
 * const spec = arterialNetwork(5, { demand: 200, spacing: 300 });
 * ```
 */
export function arterialNetwork(intersections: number, cfg: Omit<GridScenarioInput, 'rows' | 'cols'> = {}): NetworkSpecInput {
  return gridNetwork({ lanesEW: 2, lanesNS: 1, ewFactor: 2, offsets: 'green-wave', phases: 2, ...cfg, rows: 1, cols: intersections }, 'arterial scenario');
}
