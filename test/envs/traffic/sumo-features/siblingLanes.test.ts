import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, segName, TripLog } from './tsgymRun.js';

/*
 * Two internal lanes leaving the same lane (test/fixtures/sumo/sibling): a driver whose back still covers
 * one of them before the point where they diverge is the leader of a driver entering the other.
 */

const CFG = 'sibling/sibling.sumocfg';

describe('internal lanes from the same lane (same-origin foes)', () => {
  const net = loadFixture(CFG);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  let bStop = { lane: '', pos: -1 };
  runUntil(e, 200, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      if ((vs.extId[v] ?? -1) === 1 && e.time === 30) bStop = { lane: segName(e, vs.seg[v] ?? 0), pos: vs.pos[v] ?? 0 };
    }
  });
  const a = log.trips.get(0);
  const b = log.trips.get(1);

  it('the driver bound for the other lane waits at the stop line until the first has left, as in SUMO', () => {
    // hand check: a's back is 5 - 1.19 = 3.81 m into :G_0_0 (6.24 m), at 2.43 m, before the divergence
    // (4.5 m), so b must stop 2.5 m (its minimum gap) plus 4.5 - 2.43 m before the divergence point:
    // 0.07 m before the junction, i.e. at the stop line of XG (86.00 m - 0.07 m)
    expect(bStop.lane).toBe('XG_0');
    expect(bStop.pos).toBeCloseTo(85.93, 1);
    // a stops 40 s, then both drive on: b arrives after a
    expect(a?.arrival).toBeGreaterThan(50);
    expect(b?.arrival).toBeGreaterThan(a?.arrival ?? Infinity);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG));
      const arrival = (id: string): number => ref.trips.find((t) => t.id === id)?.arrival ?? NaN;
      expect(Math.abs((a?.arrival ?? 0) - arrival('a'))).toBeLessThanOrEqual(1);
      expect(Math.abs((b?.arrival ?? 0) - arrival('b'))).toBeLessThanOrEqual(1);
      expect(ref.trips.find((t) => t.id === 'b')?.waitingTime).toBe(26);
    }
  });
});

describe('inserting a driver whose back reaches into an internal lane beside an occupied one', () => {
  const CFG2 = 'sibling/beside.sumocfg';
  const net = loadFixture(CFG2);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  runUntil(e, 200, log);
  const a = log.trips.get(1);
  const b = log.trips.get(0);

  it('waits until the driver on the sibling internal lane has left it, as in SUMO 1.15', () => {
    // a is due at 4 s, when b (2 m/s) has just entered :G_0_1 beside the back of a's departure place;
    // SUMO counts b as a follower of a (getFollowersOnConsecutive's junction foes) until b's back has
    // left :G_0_1: a departs at 9 s, arrives at 26 s
    expect(a?.depart).toBe(9);
    expect(a?.departLane).toBe('GM_0');
    expect(a?.arrival).toBe(26);
    expect(b?.arrival).toBe(111);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG2));
      const trip = (id: string) => ref.trips.find((t) => t.id === id);
      expect(a?.depart).toBe(trip('a')?.depart);
      expect(a?.arrival).toBe(trip('a')?.arrival);
      expect(b?.arrival).toBe(trip('b')?.arrival);
    }
  });
});
