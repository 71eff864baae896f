import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * How a driver on the minor road of a priority junction (test/fixtures/sumo/priority) accepts gaps in the
 * main-road traffic, vehicle by vehicle, against SUMO 1.15's trip durations on the same files (seed 1, no
 * dawdling): the arrival and leaving times it plans at the stop line, the speed it may leave the junction
 * with behind main-road vehicles still crossing (SUMO's link leaders, checked where the internal lane ends),
 * and the impatience that grows while it waits (foes assumed to brake for it).
 */

/** `depart:duration` of the minor-road (S -> N) trips, in departure order. */
function minorTrips(cfg: string, end: number): string[] {
  const e = engineFor(loadFixture(cfg));
  e.reset(1);
  const log = new TripLog(e);
  runUntil(e, end, log);
  return log
    .arrived()
    .filter((t) => t.route[0] === 'SC')
    .sort((a, b) => a.depart - b.depart)
    .map((t) => `${t.depart}:${t.arrival - t.depart}`);
}

function sumoMinorTrips(cfg: string): string[] {
  return runSumo(fixture(cfg))
    .trips.filter((t) => t.departLane.startsWith('SC_'))
    .sort((a, b) => a.depart - b.depart)
    .map((t) => `${t.depart}:${t.duration}`);
}

describe('gap acceptance on a minor road', () => {
  it('crossing two main-road streams: each driver passes in the first gap SUMO lets it take (free flow 30 s)', () => {
    // SUMO 1.15, seed 1: a driver every 23 s across 2 x 600 veh/h; those that meet a main-road pair wait 4-6 s
    const want = '5:34 28:35 51:36 74:30 97:30 120:31 143:34 166:35 189:36 212:30 235:30 258:31 281:34'.split(' ');
    const got = minorTrips('priority/gaps.sumocfg', 800);
    expect(got.slice(0, want.length)).toEqual(want);
    if (SUMO_AVAILABLE) expect(got).toEqual(sumoMinorTrips('priority/gaps.sumocfg'));
  });

  it('a queue behind a 4 s stream: the head waits until its impatience makes a gap acceptable, one driver per 65 s', () => {
    // SUMO 1.15, seed 1: no 4 s gap is long enough for a patient driver; impatience (waiting time / 180 s)
    // shortens the foes' assumed arrival until one is taken
    const want = '5:99 8:164 11:229 14:294 17:359 20:424 23:489 26:554'.split(' ');
    const got = minorTrips('priority/patience.sumocfg', 900);
    expect(got.slice(0, want.length)).toEqual(want);
    if (SUMO_AVAILABLE) expect(got).toEqual(sumoMinorTrips('priority/patience.sumocfg'));
  });

  it('trips (from/to) wait for room on their lane: the driver due at 80 s enters at 87 s, when the queue has moved up', () => {
    // the drivers are trips, so SUMO's routing device is on and a pending driver is only tried when its
    // departure lane's occupancy (lengths plus minGaps) leaves room for its own 7.5 m (MSEdge::insertVehicle
    // checkOnly). SUMO 1.15, seed 1: the queue reaches back to the start of SC at 80 s; the driver due then
    // enters at 87 s, one step after the head has crossed and the queue has moved up, and those due at
    // 83 and 86 s each one crossing (68 s) later
    const e = engineFor(loadFixture('priority/patience.sumocfg'));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 300, log);
    const departs = [...log.trips.values()].filter((t) => t.route[0] === 'SC').map((t) => t.depart).sort((a, b) => a - b);
    expect(departs.slice(24, 28)).toEqual([77, 87, 155, 223]);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('priority/patience.sumocfg')).trips.filter((t) => t.departLane.startsWith('SC_')).map((t) => t.depart).sort((a, b) => a - b);
      expect(departs).toEqual(ref.filter((d) => d < 300));
    }
  });

  it('a queue behind a 6 s stream: one driver crosses in every gap, each 3 s later than the one before', () => {
    // SUMO 1.15, seed 1: drivers arrive every 3 s and leave every 6 s, so each waits 3 s longer than its leader
    const want = '5:34 8:37 11:40 14:43 17:46 20:49 23:52 26:55 29:58 32:61'.split(' ');
    const got = minorTrips('priority/queue.sumocfg', 900);
    expect(got.slice(0, want.length)).toEqual(want);
    if (SUMO_AVAILABLE) expect(got).toEqual(sumoMinorTrips('priority/queue.sumocfg'));
  });
});
