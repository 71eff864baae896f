import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE, type SumoTrip } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog, type EngineTrip } from './tsgymRun.js';

/*
 * test/fixtures/sumo/twolane/last.sumocfg: departPos="last", a departure speed above the road's limit, and
 * a vTypeDistribution named DEFAULT_VEHTYPE (forms found in SUMO's own example scenarios). Expectations
 * from SUMO's definitions (MSLane::lastInsertion, MSEdge::validateDepartSpeed), computed by hand below;
 * SUMO 1.15's trip infos must agree.
 */

const CFG = 'twolane/last.sumocfg';
// Krauss secure gap at 13.89 m/s behind a leader doing 5 m/s (decel 4.5, tau 1, 1 s steps, Euler):
// brake gap 13.89 + 3 * 13.89 - 4.5 * (1 + 2 + 3) = 28.56 m, less the leader's 5 - 4.5 = 0.5 m
const SECURE = 13.89 + 3 * 13.89 - 4.5 * 6 - 0.5;

describe('departPos last, departSpeed above the limit, a default-type distribution', () => {
  const e = engineFor(loadFixture(CFG));
  e.reset(1);
  const log = new TripLog(e);
  runUntil(e, 500, log);
  const byDepart = new Map([...log.trips.values()].map((t) => [`${t.depart}:${t.departLane}`, t] as const));
  const trip = (depart: number, lane: string): EngineTrip => byDepart.get(`${depart}:${lane}`) as EngineTrip;

  it('inserts at the end of an empty lane, and behind the last driver with the secure gap for its speed', () => {
    expect(trip(0, 'WB_0').departPos).toBeCloseTo(496 - 0.1, 6);
    expect(trip(0, 'WB_0').departSpeed).toBeCloseTo(13.89, 6);
    // the leader's back at 200 - 5 m, the secure gap, minGap 2.5 m and SUMO's 0.1 m
    expect(trip(100, 'WB_1').departPos).toBeCloseTo(195 - SECURE - 2.5 - 0.1, 6);
    expect(trip(100, 'WB_1').departSpeed).toBeCloseTo(13.89, 6);
  });

  it('keeps its speed 2.6 m behind a faster driver (the leader pulls away; no secure gap is needed)', () => {
    const t = trip(350, 'WB_1');
    // the leader's back at 100 - 5 m, minGap 2.5 m and 0.1 m
    expect(t.departPos).toBeCloseTo(92.4, 6);
    expect(t.departSpeed).toBeCloseTo(13.89, 6);
    // constant 13.89 m/s (no dawdling) over the rest of WB, the junction and BE: SUMO 1.15 takes 66 s
    expect(t.arrival - t.depart).toBe(66);
  });

  it('raises the speed factor of a driver told to depart faster than the road allows', () => {
    const t = trip(200, 'WB_0');
    expect(t.departSpeed).toBeCloseTo(20, 6);
    expect(t.speedFactor).toBeGreaterThanOrEqual(20 / 13.89 - 1e-9);
  });

  it('draws an untyped driver from the distribution that replaces the default type', () => {
    const t = trip(300, 'WB_0');
    expect(t.type).toBe('long');
    expect(t.departPos).toBeCloseTo(10 + 0.1, 6);
  });

  it('departs as SUMO 1.15 does (sumo is installed in CI)', () => {
    expect(log.trips.size).toBe(7);
    if (!SUMO_AVAILABLE) return;
    const ref = new Map(runSumo(fixture(CFG)).trips.map((t) => [t.id, t] as const));
    const pairs: [string, number, string][] = [
      ['lastEmpty', 0, 'WB_0'], ['lastBehind', 100, 'WB_1'], ['fastStart', 200, 'WB_0'], ['untyped', 300, 'WB_0'], ['tight', 350, 'WB_1'],
    ];
    for (const [id, depart, lane] of pairs) {
      const s = ref.get(id) as SumoTrip;
      const t = trip(depart, lane);
      expect([id, s.depart, s.departLane], id).toEqual([id, t.depart, t.departLane]);
      expect(s.departPos, id).toBeCloseTo(t.departPos, 1);
      expect(s.departSpeed, id).toBeCloseTo(t.departSpeed, 1);
    }
    expect((ref.get('untyped') as SumoTrip).vType).toBe('long');
    expect((ref.get('fastStart') as SumoTrip).speedFactor).toBeGreaterThanOrEqual(1.44);
  });
});
