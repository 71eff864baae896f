import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { drivenRoutes, engineFor, fixture, loadFixture } from './tsgymRun.js';

/*
 * Trips with `via` edges (test/fixtures/sumo/viatrips: randomTrips.py -i 2 on the gridtrips grid): SUMO 1.15
 * routes them when they depart, as trips without via, leg by leg (MSBaseVehicle::reroute: the fastest route
 * from the departure edge to the first via edge, from there to the next, and on to the arrival edge), on the
 * travel speeds of the last 180 s. The engine does the same; before, a trip with via kept the route found at
 * import (free flow) for the whole run.
 */

describe('trips with via edges', () => {
  it('imports them as trips that pass their via roads, leaving out a via edge that is the departure or arrival edge (as SUMO)', () => {
    const vehicles = loadFixture('viatrips/det.sumocfg').spec.demand.vehicles;
    expect(vehicles).toHaveLength(450);
    const byId = new Map(vehicles.map((v) => [v.id, v] as const));
    expect(byId.get('0')?.trip).toBe(true);
    expect(byId.get('0')?.via).toEqual(['A1A2', 'B2B1']);
    // trip 30 from B0C0 via "B0C0 A1A0", trip 36 from B1B0 to A1A0 via "B1B0 A1A0": SUMO skips those
    expect(byId.get('30')?.via).toEqual(['A1A0']);
    expect(byId.get('36')?.via).toBeUndefined();
    // every route (duarouter's: a via edge twice in a row is passed once) passes its via roads in order
    for (const v of vehicles) {
      const route = Array.isArray(v.route) ? v.route : [];
      let at = 0;
      for (const r of v.via ?? []) {
        at = route.indexOf(r, at);
        expect(at, `${v.id ?? ''} via ${r}`).toBeGreaterThan(0);
      }
    }
  });

  it.skipIf(!SUMO_AVAILABLE)('routes them when they depart, leg by leg, as SUMO 1.15 does (drivers without dawdling)', () => {
    const ref = runSumo(fixture('viatrips/det.sumocfg'), { vehroutes: true }).routes;
    const routesOf = (tripRouting: 'departure' | 'import'): Map<string, string> => {
      const e = engineFor(loadFixture('viatrips/det.sumocfg'), { tripRouting });
      e.reset(1);
      return drivenRoutes(e, 1800);
    };
    const agree = (m: Map<string, string>): number => [...ref].filter(([id, r]) => m.get(id) === r).length;
    expect(ref.size).toBe(450);
    const departure = routesOf('departure');
    // a via edge twice in a row is a loop (SUMO's computeLooped): trip 8 from B1C1 to A1B1 via "A0B0 A0B0",
    // trip 25 via "A2A1 A2A1"; both depart before any driver's trajectory differs from SUMO's
    expect(ref.get('8')).toBe('B1C1 C1B1 B1A1 A1A0 A0B0 B0A0 A0A1 A1A0 A0B0 B0A0 A0A1 A1B1');
    expect(departure.get('8')).toBe(ref.get('8'));
    expect(ref.get('25')).toBe('A1B1 B1B2 B2A2 A2A1 A1A2 A2B2 B2A2 A2A1 A1B1 B1B0');
    expect(departure.get('25')).toBe(ref.get('25'));
    // a via edge that is the departure or arrival edge is left out
    expect(departure.get('30')).toBe(ref.get('30'));
    expect(departure.get('36')).toBe(ref.get('36'));
    // measured: 419 of 450 routes as SUMO's (the others after drivers' trajectories begin to differ),
    // 308 with the import's routes kept; the bounds keep the two apart
    expect(agree(departure)).toBeGreaterThanOrEqual(405);
    expect(agree(routesOf('import'))).toBeLessThan(330);
  });
});
