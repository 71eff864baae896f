import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE, type SumoTrip } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog, type EngineTrip } from './tsgymRun.js';

/*
 * departLane / departSpeed / departPos (test/fixtures/sumo/twolane, departure.sumocfg): one driver at a
 * time on the 2-lane WB (496 m, 13.89 m/s), where only the left lane WB_1 turns left into BN. Types
 * `exact` (no dawdling, speed factor 1) and `fast` (speed factor 1.2). Expectations from SUMO's
 * definitions; SUMO 1.15's trip infos must agree.
 */

const CFG = 'twolane/departure.sumocfg';
// [id, departure time, lane, front position, speed]: the explicit vehicles in file order
const EXPECTED: [string, number, string, number, number][] = [
  ['bestLeft', 0, 'WB_1', 5.1, 0], // best: the lane that continues the route
  ['firstLeft', 60, 'WB_0', 5.1, 0], // first: the rightmost lane, even though it must change lanes later
  ['index1', 120, 'WB_1', 5.1, 0],
  ['speed5', 180, 'WB_0', 5.1, 5],
  ['speedLimit', 240, 'WB_0', 5.1, 13.89], // the lane's limit, not the driver's 1.2 x
  ['speedDesired', 300, 'WB_0', 5.1, 13.89 * 1.2],
  ['speedMax', 360, 'WB_0', 5.1, 13.89 * 1.2], // nothing ahead: the desired speed
  ['pos100', 420, 'WB_0', 100, 0],
  ['posMinus50', 480, 'WB_0', 496 - 50, 0],
  ['posBase', 540, 'WB_0', 5 + 0.1, 0], // base: the back at the lane start (front at length + 0.1)
  ['freeA', 600, 'WB_0', 5.1, 0],
  ['freeB', 600, 'WB_1', 5.1, 0], // free: the lane with more room, the other one
];

describe('departure attributes', () => {
  const e = engineFor(loadFixture(CFG));
  e.reset(1);
  const log = new TripLog(e);
  runUntil(e, 1500, log);
  const trips = [...log.trips.values()].sort((a, b) => a.id - b.id);
  // the explicit vehicles are queued in departure order (file order among equal times), the flow after them
  const explicit = trips.slice(0, EXPECTED.length + 2);
  const flow = trips.filter((t) => t.depart >= 800);

  it('departLane best / first / index / free, departSpeed number / speedLimit / desired / max, departPos number / negative / base', () => {
    EXPECTED.forEach(([id, depart, lane, pos, speed], k) => {
      const t = explicit[k];
      expect([id, t.depart, t.departLane], id).toEqual([id, depart, lane]);
      expect(t.departPos, id).toBeCloseTo(pos, 9);
      expect(t.departSpeed, id).toBeCloseTo(speed, 9);
    });
    if (SUMO_AVAILABLE) {
      // SUMO 1.15 departs the same way (its trip infos round to 0.01)
      const byId = new Map(runSumo(fixture(CFG)).trips.map((t) => [t.id, t] as const));
      for (const [id, depart, lane, pos, speed] of EXPECTED) {
        const s = byId.get(id) as SumoTrip;
        expect([id, s.depart, s.departLane], id).toEqual([id, depart, lane]);
        expect(s.departPos, id).toBeCloseTo(pos, 1);
        expect(s.departSpeed, id).toBeCloseTo(speed, 1);
      }
    }
  });

  it('departSpeed random lies in [0, desired speed], departPos random on the lane with room for the vehicle', () => {
    const [speedRandom, posRandom] = explicit.slice(EXPECTED.length) as [EngineTrip, EngineTrip];
    expect(speedRandom.depart).toBe(660);
    expect(speedRandom.departSpeed).toBeGreaterThanOrEqual(0);
    expect(speedRandom.departSpeed).toBeLessThanOrEqual(13.89);
    expect(posRandom.depart).toBe(720);
    expect(posRandom.departPos).toBeGreaterThanOrEqual(5);
    expect(posRandom.departPos).toBeLessThanOrEqual(496);
  });

  it('departLane random spreads 300 drivers over both lanes (within 4 binomial sd of half)', () => {
    expect(flow.length).toBe(300);
    const left = flow.filter((t) => t.departLane === 'WB_1').length;
    expect(Math.abs(left - 150)).toBeLessThan(4 * Math.sqrt(300 * 0.25));
    expect(flow.every((t) => t.departLane === 'WB_0' || t.departLane === 'WB_1')).toBe(true);
  });
});
