import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * Trips and flows given only by their stops, without from/to (test/fixtures/sumo/stoptrips, on the gridtrips
 * grid): SUMO 1.15 accepts them and routes each from its first stop's edge through every stop's edge to its
 * last stop's edge (the routes below are its --vehroute-output); tsgym used to refuse the file.
 */

const SUMO_ROUTES: Record<string, string> = {
  t0: 'A0A1 A1B1 B1C1 C1C2',
  t1: 'B0B1 B1B2 B2A2 A2A1 A1B1',
  // both stops on the same edge
  t2: 'C2B2',
};
const FLOW_ROUTE = 'C0B0 B0A0 A0A1 A1A2 A2B2';

describe('trips given only by their stops', () => {
  it("imports them with SUMO 1.15's routes, through every stop's edge, their stops kept", () => {
    const demand = loadFixture('stoptrips/stoptrips.sumocfg').spec.demand;
    for (const [id, route] of Object.entries(SUMO_ROUTES)) {
      const v = demand.vehicles.find((x) => x.id === id);
      expect(Array.isArray(v?.route) ? v.route.join(' ') : v?.route, id).toBe(route);
    }
    expect(demand.vehicles.find((x) => x.id === 't1')?.stops?.map((s) => s.road)).toEqual(['B0B1', 'B2A2', 'A1B1']);
    const f = demand.flows.find((x) => x.id === 'f');
    expect(Array.isArray(f?.route) ? f.route.join(' ') : f?.route).toBe(FLOW_ROUTE);
    expect(f?.stops?.length).toBe(2);
  });

  // measured: tsgym 125.3 s on seed 1 (SUMO 129.2 s); over seeds 1-3 124.5 against SUMO's 127.7 s (tsgym validate)
  it('drives them to their last stop edge: all 9 arrive, with trip times near SUMO 1.15 (129.2 s on the mean, seed 1)', () => {
    const e = engineFor(loadFixture('stoptrips/stoptrips.sumocfg'));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 600, log);
    const trips = log.arrived();
    expect(trips).toHaveLength(9);
    for (const t of trips) expect(t.segments[0]?.replace(/_\d+$/, '')).toBe(t.route[0]);
    const mean = trips.reduce((a, t) => a + (t.arrival - t.depart), 0) / trips.length;
    expect(Math.abs(mean - 129.2)).toBeLessThan(0.1 * 129.2);
  });

  it.skipIf(!SUMO_AVAILABLE)('SUMO 1.15 routes them so (its --vehroute-output)', () => {
    const ref = runSumo(fixture('stoptrips/stoptrips.sumocfg'), { vehroutes: true });
    for (const [id, route] of Object.entries(SUMO_ROUTES)) expect(ref.routes.get(id), id).toBe(route);
    expect(ref.routes.get('f.0')).toBe(FLOW_ROUTE);
    expect(ref.trips).toHaveLength(9);
  });
});
