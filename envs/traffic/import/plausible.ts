/**
 * A physical quantity an imported network may hold, with the range tsgym accepts. Values outside are not
 * roads or vehicles of this world (a 1e308 m intersection, a 1e6 m car, a 0 m lane) and would overflow or
 * divide by zero in the simulation, so both importers (SUMO and CityFlow) refuse them naming file, element,
 * value and range.
 *
 * @example
 * ```ts
 * PLAUSIBLE.vehicleLength; // { what: 'a vehicle length', min: 0.1, max: 1000, unit: 'm' }
 * ```
 */
export interface Quantity {
  readonly what: string;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

/**
 * The accepted ranges. Lengths start at SUMO's 0.1 m (netconvert's shortest lane); the largest values
 * are far beyond any real network (a 100 km lane, a 500 m wide intersection, a 1,000 m train, coordinates
 * within 100,000 km of the origin), so only absurd or corrupt values are refused.
 */
export const PLAUSIBLE = {
  coordinate: { what: 'a coordinate', min: -1e8, max: 1e8, unit: 'm' },
  laneLength: { what: 'a lane or road length', min: 0.1, max: 1e5, unit: 'm' },
  internalLength: { what: 'an internal lane length', min: 0, max: 1e5, unit: 'm' },
  laneWidth: { what: 'a lane width', min: 0.1, max: 50, unit: 'm' },
  intersectionWidth: { what: 'an intersection width', min: 0, max: 500, unit: 'm' },
  speed: { what: 'a speed', min: 0.01, max: 1000, unit: 'm/s' },
  vehicleLength: { what: 'a vehicle length', min: 0.1, max: 1000, unit: 'm' },
  vehicleWidth: { what: 'a vehicle width', min: 0.1, max: 20, unit: 'm' },
  minGap: { what: 'a gap between vehicles', min: 0, max: 100, unit: 'm' },
} as const satisfies Record<string, Quantity>;

/**
 * The refusal for `v` when it is outside `q`'s range (`expected a vehicle length from 0.1 to 1,000 m`),
 * else undefined.
 *
 * @example
 * ```ts
 * implausible(1e6, PLAUSIBLE.vehicleLength); // 'expected a vehicle length from 0.1 to 1,000 m (physically plausible)'
 * ```
 */
export function implausible(v: number, q: Quantity): string | undefined {
  if (v >= q.min && v <= q.max) return undefined;
  const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `expected ${q.what} from ${n(q.min)} to ${n(q.max)} ${q.unit} (physically plausible)`;
}
