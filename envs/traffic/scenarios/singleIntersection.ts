import type { NetworkSpecInput } from '../network/NetworkSpec.js';
import { gridNetwork, type GridScenarioInput } from './gridNetwork.js';

/**
 * The built-in isolated 4-arm intersection (`J0_0` with arms `N0`, `E0`, `S0`, `W0`): by default 2 lanes
 * per direction, 4 phases (through with permitted lefts, protected lefts), 600 veh/h per arm. Any grid
 * option may be overridden except the size.
 *
 * @example
 * ```ts
 * const engine = new TrafficEngine(singleIntersection({ demand: 800, green: 25 }));
 * ```
 */
export function singleIntersection(cfg: Omit<GridScenarioInput, 'rows' | 'cols'> = {}): NetworkSpecInput {
  return gridNetwork({ lanes: 2, demand: 600, ...cfg, rows: 1, cols: 1 }, 'single intersection scenario');
}
