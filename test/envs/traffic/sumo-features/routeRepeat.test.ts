import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * SUMO's route `repeat` (test/fixtures/sumo/routerepeat): a route with repeat="n" is driven n + 1 times, its
 * stops made on each repetition with `until` moved on by the route's `cycleTime`. tsgym used to drop the
 * attribute silently (a loop flow's trips took 56 s instead of SUMO's 239 s).
 */

// SUMO 1.15's --vehroute-output
const LOOP = 'A0A1 A1B1 B1B0 B0A0 A0A1 A1B1 B1B0 B0A0 A0A1 A1B1 B1B0 B0A0';
const BUS = 'B0B1 B1A1 A1A0 A0B0 B0B1 B1A1 A1A0 A0B0';
const CAR = 'C1C0 C0B0 B0B1 B1C1 C1C0 C0B0 B0B1 B1C1';

describe('routes with repeat', () => {
  it('are driven n + 1 times, their stops repeated with until moved on by cycleTime', () => {
    const demand = loadFixture('routerepeat/repeat.sumocfg').spec.demand;
    const route = (r: unknown): string => (Array.isArray(r) ? r.join(' ') : String(r));
    const bus = demand.vehicles.find((v) => v.id === 'bus0');
    expect(route(bus?.route)).toBe(BUS);
    expect(bus?.stops?.map((s) => [s.road, s.until])).toEqual([['B1A1', 60], ['B1A1', 260]]);
    expect(route(demand.vehicles.find((v) => v.id === 'car0')?.route)).toBe(CAR);
    expect(route(demand.flows.find((f) => f.id === 'f')?.route)).toBe(LOOP);
  });

  it('runs them to the end: all 6 arrive, the bus after its second stop until 260 s', () => {
    const e = engineFor(loadFixture('routerepeat/repeat.sumocfg'));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 900, log);
    const trips = log.arrived();
    expect(trips).toHaveLength(6);
    const bus = trips.find((t) => t.route.join(' ') === BUS);
    expect(bus?.arrival).toBeGreaterThan(260);
  });

  it.skipIf(!SUMO_AVAILABLE)('SUMO 1.15 drives them so (its --vehroute-output and --stop-output)', () => {
    const ref = runSumo(fixture('routerepeat/repeat.sumocfg'), { vehroutes: true, stops: true });
    expect(ref.routes.get('bus0')).toBe(BUS);
    expect(ref.routes.get('car0')).toBe(CAR);
    expect(ref.routes.get('f.0')).toBe(LOOP);
    expect(ref.stops.map((s) => [s.started, s.ended])).toEqual([[30, 60], [61, 260]]);
    expect(ref.trips).toHaveLength(6);
  });
});
