import type { XmlElement } from './xmlDocument.js';

/** SUMO's vehicle classes that drive on roads (tsgym simulates these; not pedestrians, trains or ships). */
export const ROAD_CLASSES = [
  'private', 'emergency', 'authority', 'army', 'vip', 'passenger', 'hov', 'taxi', 'bus', 'coach', 'delivery', 'truck',
  'trailer', 'motorcycle', 'moped', 'evehicle', 'custom1', 'custom2', 'bicycle',
] as const;
const ROAD = new Set<string>(ROAD_CLASSES);

/**
 * The road vehicle classes a SUMO lane (or edge) admits from its `allow`/`disallow` attributes
 * (`all` and no attribute: every class), or undefined when it admits all of them.
 *
 * @example
 * ```ts
 * roadClasses({ disallow: 'pedestrian tram' }); // undefined: every road vehicle
 * roadClasses({ allow: 'bus taxi' }); // ['taxi', 'bus']
 * ```
 */
export function roadClasses(el: XmlElement): string[] | undefined {
  const allow = typeof el.allow === 'string' ? el.allow.trim().split(/\s+/).filter((x) => x !== '') : undefined;
  const disallow = typeof el.disallow === 'string' ? el.disallow.trim().split(/\s+/).filter((x) => x !== '') : [];
  let set: string[];
  if (allow && !allow.includes('all')) set = ROAD_CLASSES.filter((c) => allow.includes(c));
  else set = disallow.includes('all') ? [] : ROAD_CLASSES.filter((c) => !disallow.includes(c));
  return set.length === ROAD.size ? undefined : set;
}

/**
 * Whether a lane with these road classes (undefined: all) carries any road vehicle tsgym simulates
 * (bicycles included; a lane for pedestrians, rail or ships only has none).
 *
 * @example
 * ```ts
 * carriesVehicles(['bicycle']); // true
 * carriesVehicles([]); // false: a sidewalk
 * ```
 */
export function carriesVehicles(classes: readonly string[] | undefined): boolean {
  return classes === undefined || classes.length > 0;
}
