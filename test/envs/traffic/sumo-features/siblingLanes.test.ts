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

describe('a driver bound for the sibling lane behind one that is blocked from changing into it', () => {
  const CFG3 = 'sibling/changer.sumocfg';
  const net = loadFixture(CFG3);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  const bAt = new Map<number, { pos: number; speed: number }>();
  runUntil(e, 400, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      if ((vs.extId[v] ?? -1) === 0 && e.time <= 4) bAt.set(e.time - e.dt, { pos: vs.pos[v] ?? 0, speed: vs.speed[v] ?? 0 });
    }
  });
  const b = log.trips.get(0);
  const a = log.trips.get(1);

  it('drives up to the stop line, as SUMO 1.15 does for a junction leader that is strategically blocked', () => {
    // a (6.5 m) departs at the end of GM_0 wanting GM_1: blocked by b; SUMO's getLeaderInfo reports a to b
    // at gap -1 (gap below twice a's length), so b brakes for the stop line (85.9 m), not for the point
    // 2.5 m behind a's back (84.4 m): 84.36 m at 6.03 m/s, then 85.90 m; the two wait until a's
    // wrong-lane teleport at 301 s
    expect(bAt.get(2)?.pos).toBeCloseTo(84.36, 2);
    expect(bAt.get(2)?.speed).toBeCloseTo(6.03, 2);
    expect(bAt.get(3)?.pos).toBeCloseTo(85.9, 2);
    expect(a?.arrival).toBe(315);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG3));
      const trip = (id: string) => ref.trips.find((t) => t.id === id);
      expect(a?.arrival).toBe(trip('a')?.arrival);
      expect(b?.arrival).toBe(trip('b')?.arrival);
    }
  });
});
