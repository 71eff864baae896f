import { describe, expect, it } from 'vitest';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, trajectory, TripLog } from './tsgymRun.js';

/*
 * U-turns (test/fixtures/sumo/uturn): a 2-lane W-E road through a priority junction C with a side road.
 * netconvert adds a turnaround from the left lane only (WC_1 -> CW_1, via :C_10_0 (1.44 m) and, after an
 * internal junction, :C_13_0 (3.23 m), both limited to 3.65 m/s by the tight curve).
 */

const CFG = 'uturn/uturn.sumocfg';

describe('U-turn', () => {
  const net = loadFixture(CFG);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  const c = net.spec.connections.findIndex((x) => x.from === 'WC' && x.to === 'CW');
  let fastest = 0;
  runUntil(e, 1900, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      const s = vs.seg[v] ?? 0;
      // the desired speed on a lane is its limit times the driver's speed factor (1 for the exact type)
      if (e.net.segConn[s] === c) fastest = Math.max(fastest, (vs.speed[v] ?? 0) / (vs.speedFactor[v] ?? 1));
    }
  });
  const alone = log.trips.get(0);

  it('imports the turnaround from the left lane with its two internal lanes', () => {
    expect(net.spec.connections[c]).toMatchObject({ fromLane: 1, toLane: 1, dir: 't' });
    expect(net.spec.connections[c]?.via?.map((l) => [l.length, l.speed])).toEqual([[1.44, 3.65], [3.23, 3.65]]);
  });

  it("a driver alone, inserted on the right lane, changes to the left lane, turns at the curve's 3.65 m/s and drives back", () => {
    expect(alone?.route).toEqual(['WC', 'CW']);
    expect(alone?.departLane).toBe('WC_0');
    expect(alone?.segments.slice(0, 4)).toEqual(['WC_0', 'WC_1', `:conn${c}_0`, `:conn${c}_1`]);
    expect(alone?.speedFactor).toBe(1);
    expect(fastest).toBeLessThanOrEqual(3.65 + 1e-9);
    // hand estimate: 290.9 m at 13.89 m/s (20.9 s), braking to 3.65 m/s (~1 s lost), 4.67 m at 3.65 m/s (1.3 s),
    // back up to 13.89 m/s at 2.6 m/s^2 (3.9 s, 33 m), 263 m at 13.89 m/s (18.9 s): about 46 s
    expect(alone?.arrival).toBeGreaterThanOrEqual(45);
    expect(alone?.arrival).toBeLessThanOrEqual(48);
    if (SUMO_AVAILABLE) {
      // without dawdling both simulators drive the same trajectory: SUMO 1.15 arrives at the same step
      const ref = runSumo(fixture(CFG));
      expect(ref.trips.find((t) => t.id === 'alone')?.arrival).toBe(alone?.arrival);
    }
  });

  it('U-turners among through traffic: everyone arrives, mean travel time within 15 % of SUMO', () => {
    const arrived = log.arrived();
    const uturners = arrived.filter((t) => t.route.join() === 'WC,CW');
    // 120 veh/h of U-turners for 30 min (+ the first driver)
    expect(uturners.length).toBeGreaterThan(50);
    expect(e.metrics().inserted).toBeGreaterThan(500);
    expect(e.counters.teleports).toBe(0);
    const travel = arrived.reduce((a, t) => a + t.arrival - t.depart, 0) / arrived.length;
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG));
      expect(Math.abs(arrived.length - ref.trips.length) / ref.trips.length).toBeLessThan(0.05);
      expect(Math.abs(travel - meanDuration(ref.trips)) / meanDuration(ref.trips)).toBeLessThan(0.15);
    } else {
      // through trips of 495 m take 36 s at free flow
      expect(travel).toBeGreaterThan(36);
      expect(travel).toBeLessThan(50);
    }
  });
});

describe('U-turn behind a U-turner whose back is still inside the junction', () => {
  // test/fixtures/sumo/uturnqueue (its README): u1 stands with its back 2.70 m inside the U-turn's second
  // internal lane behind blk; both creep at 0.3 m/s from 67 s. SUMO 1.15's fcd for u2:
  const want = new Map([
    [47, 'EC_0 90.55 3.65'],
    [48, 'EC_0 92.70 2.15'],
    [67, 'EC_0 92.70 0.00'],
    [68, 'EC_0 92.70 0.00'],
    [69, 'junction 0.07 0.17'],
    [73, 'junction 1.27 0.30'],
    [74, 'junction 0.13 0.30'],
  ]);
  const CFGQ = 'uturnqueue/uturnqueue.sumocfg';

  it('u2 waits at the line while u1 is short of its minimum gap, then follows it in at 0.3 m/s, as in SUMO 1.15', () => {
    // 47 s: the wait speed at the U-turn's link is no more than u1's back on the first internal lane allows
    // (3.65 m/s, not the 5.15 m/s that stops at the line); 68 s: u1 is 0.13 m short of the minimum gap and
    // its back is on u2's path, so u2 follows it (stays) instead of stopping before that internal lane
    // (1.44 m/s); 69 s: the gap is positive and u2 enters
    const { at } = trajectory(CFGQ, (t) => t.id === 1, 80);
    for (const [t, s] of want) expect([t, at.get(t)]).toEqual([t, s]);
    if (SUMO_AVAILABLE) {
      const fcd = runSumo(fixture(CFGQ), { fcd: true }).fcd.filter((r) => r.id === 'u2');
      for (const [t, s] of want) {
        const r = fcd.find((x) => x.time === t);
        const lane = r?.lane.startsWith(':') ? 'junction' : r?.lane;
        expect([t, `${lane} ${r?.pos.toFixed(2)} ${r?.speed.toFixed(2)}`]).toEqual([t, s]);
      }
    }
  });
});
