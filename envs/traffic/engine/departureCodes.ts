import type { FlowSpec } from '../network/NetworkSpec.js';

/*
 * Departure and arrival attributes as integers (the engine's arrays hold no strings). Lane and speed
 * codes are negative; a non-negative value is a lane index or a speed in m/s.
 */
export const DL_BEST = -1;
export const DL_RANDOM = -2;
export const DL_FREE = -3;
export const DL_ALLOWED = -4;
export const DL_FIRST = -5;
/** Internal: a teleported vehicle's lane, SUMO's free lane among those leading to its next road; no attribute names it. */
export const DL_NEXT = -6;

export const DS_MAX = -1;
export const DS_DESIRED = -2;
export const DS_LIMIT = -3;
export const DS_RANDOM = -4;
export const DS_AVG = -5;
export const DS_LAST = -6;

export const DP_BASE = 0;
export const DP_FREE = 1;
export const DP_RANDOM = 2;
export const DP_RANDOM_FREE = 3;
export const DP_LAST = 4;
export const DP_GIVEN = 5;
/** Internal: where a teleported vehicle comes back (SUMO's free insertion with the vehicle fully on the lane); no attribute names it. */
export const DP_TELEPORT = 6;

export const AP_MAX = 0;
export const AP_RANDOM = 1;
export const AP_GIVEN = 2;

const LANE: Record<string, number> = { best: DL_BEST, random: DL_RANDOM, free: DL_FREE, allowed: DL_ALLOWED, first: DL_FIRST };
const SPEED: Record<string, number> = { max: DS_MAX, desired: DS_DESIRED, speedLimit: DS_LIMIT, random: DS_RANDOM, avg: DS_AVG, last: DS_LAST };
const POS: Record<string, number> = { base: DP_BASE, free: DP_FREE, random: DP_RANDOM, random_free: DP_RANDOM_FREE, last: DP_LAST };

/**
 * The integer codes of one vehicle's (or flow's) departure attributes.
 *
 * @example
 * ```ts
 * departureCodes({ departLane: 'first', departSpeed: 0, departPos: 'base', arrivalPos: 'max' });
 * // { lane: DL_FIRST, speed: 0, pos: DP_BASE, posValue: 0, arrival: AP_MAX, arrivalValue: 0 }
 * ```
 */
export function departureCodes(
  d: Pick<FlowSpec, 'departLane' | 'departSpeed' | 'departPos' | 'arrivalPos'>,
): { lane: number; speed: number; pos: number; posValue: number; arrival: number; arrivalValue: number } {
  const lane = typeof d.departLane === 'number' ? d.departLane : (LANE[d.departLane] ?? DL_BEST);
  const speed = typeof d.departSpeed === 'number' ? d.departSpeed : (SPEED[d.departSpeed] ?? DS_MAX);
  const pos = typeof d.departPos === 'number' ? DP_GIVEN : (POS[d.departPos] ?? DP_BASE);
  const posValue = typeof d.departPos === 'number' ? d.departPos : 0;
  const arrival = typeof d.arrivalPos === 'number' ? AP_GIVEN : d.arrivalPos === 'random' ? AP_RANDOM : AP_MAX;
  const arrivalValue = typeof d.arrivalPos === 'number' ? d.arrivalPos : 0;
  return { lane, speed, pos, posValue, arrival, arrivalValue };
}
