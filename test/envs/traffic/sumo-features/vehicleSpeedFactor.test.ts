import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A vehicle's or flow's own `speedFactor` (test/fixtures/sumo/vehspeedfactor): SUMO 1.15 uses it as the
 * driver's speed factor. tsgym used to drop the attribute silently; it now gives such drivers a copy of
 * their type with that factor and no deviation.
 */

describe("a vehicle's own speedFactor", () => {
  it('gives the driver a copy of its type with that factor and no deviation', () => {
    const spec = loadFixture('vehspeedfactor/vsf.sumocfg').spec;
    const typeOf = (id: string): string | undefined => spec.demand.vehicles.find((v) => v.id === id)?.type;
    const t = (id: string | undefined) => spec.vehicleTypes.find((x) => x.id === id);
    expect([t(typeOf('slow'))?.speedFactor, t(typeOf('slow'))?.speedDev]).toEqual([0.5, 0]);
    expect(t(typeOf('fast'))?.speedFactor).toBe(1.3);
    expect(typeOf('plain')).toBe('car');
    expect(t(spec.demand.flows.find((f) => f.id === 'f')?.type)?.speedFactor).toBe(0.8);
    // the copy keeps the rest of its type
    expect(t(typeOf('slow'))?.sigma).toBe(0);
  });

  it("drives at it: SUMO 1.15's trip times for the 0.5 and 1.3 drivers (126 s and 68 s)", () => {
    const e = engineFor(loadFixture('vehspeedfactor/vsf.sumocfg'));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 900, log);
    const byDepart = new Map(log.arrived().map((x) => [x.depart, x.arrival - x.depart] as const));
    expect(Math.abs((byDepart.get(0) ?? 0) - 126)).toBeLessThanOrEqual(2);
    expect(Math.abs((byDepart.get(60) ?? 0) - 68)).toBeLessThanOrEqual(2);
    expect(log.arrived()).toHaveLength(7);
  });

  it.skipIf(!SUMO_AVAILABLE)('SUMO 1.15 uses it (its --tripinfo-output)', () => {
    const trips = runSumo(fixture('vehspeedfactor/vsf.sumocfg')).trips;
    const d = new Map(trips.map((x) => [x.id, x.duration] as const));
    expect([d.get('slow'), d.get('fast')]).toEqual([126, 68]);
    expect(trips).toHaveLength(7);
  });
});
