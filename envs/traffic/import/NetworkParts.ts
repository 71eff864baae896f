import type { NetworkSpecInput } from '../network/NetworkSpec.js';

/**
 * The network part of an imported scenario, as NetworkSpec pieces, plus what demand parsing needs to
 * route vehicles (free-flow time and successors of each road).
 *
 * @example
 * ```ts
 * const parts = parseSumoNet(text, 'a.net.xml', log);
 * parts.roadNext[0]; // roads reachable from the end of road 0
 * ```
 */
export interface NetworkParts {
  readonly nodes: NetworkSpecInput['nodes'][number][];
  readonly roads: NetworkSpecInput['roads'][number][];
  readonly connections: NonNullable<NetworkSpecInput['connections']>[number][];
  readonly signals: NonNullable<NetworkSpecInput['signals']>[number][];
  /** Free-flow time of each road (s), for shortest routes. */
  readonly roadTime: number[];
  /** Roads reachable from the end of each road (indices into `roads`). */
  readonly roadNext: number[][];
  /**
   * The internal lanes' travel times (s, in driving order; SUMO's routes count them) from road r to
   * `roadNext[r][k]` through the first connection whose lanes vehicle class `cls` may use (any class when
   * undefined), or undefined when none (SUMO routes each class on its own lanes).
   */
  readonly roadNextFor?: (r: number, k: number, cls?: string) => readonly number[] | undefined;
  /** Source lane id (as in the file) to [road index, lane index] (lanes only pedestrians may use are left out). */
  readonly laneMap?: ReadonlyMap<string, readonly [number, number]>;
  /** Normal edges of the file left out because no lane of theirs carries road vehicles (sidewalks, rail). */
  readonly leftOut?: ReadonlySet<string>;
}

/** A vehicle type as importers write it (defaults still to fill). */
export type VehicleTypeInput = NonNullable<NetworkSpecInput['vehicleTypes']>[number];
/** A flow as importers write it (defaults still to fill). */
export type FlowInput = NonNullable<NonNullable<NetworkSpecInput['demand']>['flows']>[number];
