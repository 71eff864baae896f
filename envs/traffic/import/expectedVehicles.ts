import type { NetworkSpec } from '../network/NetworkSpec.js';

/**
 * Number of vehicles a network's demand inserts in `[begin, end)`: exact for explicit vehicles and
 * scheduled flows, the mean (rate x duration) for uniform and Poisson flows. `end` undefined: every
 * scheduled vehicle, and flows up to their own end (infinite flows count as 0).
 *
 * @example
 * ```ts
 * expectedVehicles(spec, 0, 3600); // 1200 for one flow of 1200 veh/h
 * ```
 */
export function expectedVehicles(spec: NetworkSpec, begin: number, end: number | undefined): number {
  const stop = end ?? Infinity;
  let n = spec.demand.vehicles.filter((v) => v.depart >= begin && v.depart < stop).length;
  for (const f of spec.demand.flows) {
    if (f.insertion === 'scheduled') n += (f.times ?? []).filter((t) => t >= begin && t < stop).length;
    else {
      const a = Math.max(begin, f.begin);
      const b = Math.min(stop, f.end ?? Infinity);
      if (Number.isFinite(b) && b > a && !f.profile) n += (f.vehPerHour * (b - a)) / 3600;
    }
  }
  return n;
}
