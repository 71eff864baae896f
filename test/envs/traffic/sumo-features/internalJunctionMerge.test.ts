import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, segName, TripLog } from './tsgymRun.js';

/*
 * A left turner waiting at the internal junction of a signalised crossing (test/fixtures/sumo/leftmerge).
 */

describe('a left turner at its internal junction and an oncoming right turner bound for the same lane', () => {
  it('waits for the right turner, which would arrive too fast behind it (SUMO 1.15: L arrives at 54 s, R at 52 s, s1 at 39 s)', () => {
    // the link out of the internal junction leads to the same lane as the right turn (SUMO's sameTargetLane
    // compares the lanes after the junction): "cannot lead", since R, braking no harder than L's impatience
    // allows, would arrive too fast behind it; without the rule L left 12 s early and arrived at 42 s
    const e = engineFor(loadFixture('leftmerge/leftmerge.sumocfg'));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 120, log);
    const byFirst = new Map(log.arrived().map((t) => [`${t.route[0]}>${t.route.at(-1)}`, t.arrival]));
    expect(byFirst.get('NC>CE')).toBe(54);
    expect(byFirst.get('SC>CE')).toBe(52);
    expect(byFirst.get('SC>CN')).toBe(39);
  });
});

/*
 * Under a dense oncoming stream (leftmerge/yellow.sumocfg): the left turner waits at
 * the internal junction until the light turns yellow; the last oncoming driver entered the junction after
 * it, but a driver waiting at an internal junction has not entered the conflict area (SUMO's
 * myJunctionConflictEntryTime, set by the link out of the internal junction), so it still lets that driver
 * pass first (MSVehicle::isLeader).
 */

const YELLOW = 'leftmerge/yellow.sumocfg';

/** SUMO 1.15 (tripinfo and fcd of the fixture): L leaves the internal junction in the step at 43 s and arrives at 59 s after 19 s of waiting. */
const SUMO_YELLOW = { leaves: 43, arrival: 59, waiting: 19 };

describe('a left turner waiting at an internal junction at the change to yellow', () => {
  const net = loadFixture(YELLOW);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  let leaves = Number.NaN;
  let lId = -1;
  runUntil(e, 120, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      const trip = log.trips.get(vs.extId[v] ?? -1);
      if (trip?.route[0] !== 'NC') continue;
      lId = vs.extId[v] ?? -1;
      if (Number.isNaN(leaves) && /^:conn\d+_1$/.test(segName(e, vs.seg[v] ?? 0))) leaves = e.time - e.dt;
    }
  });
  const L = log.trips.get(lId);

  it('lets the oncoming driver that entered the junction after it pass first, as in SUMO 1.15', () => {
    expect(L?.route).toEqual(['NC', 'CE']);
    // tsgym used to compare junction entry times only: the left turner, in first, went in the step at 42 s
    // at full start and arrived at 58 s. Behind its internal junction the conflict point with the last
    // oncoming driver is where it waits (SUMO's "wait at the internal junction"), so it does not creep
    // towards the crossing in the step at 42 s either (tsgym used to, by 0.2 m) and leaves at 43 s
    expect(leaves).toBe(SUMO_YELLOW.leaves);
    expect(L?.arrival).toBe(SUMO_YELLOW.arrival);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(YELLOW));
      const trip = ref.trips.find((t) => t.id === 'L');
      expect(trip?.arrival).toBe(SUMO_YELLOW.arrival);
      expect(trip?.waitingTime).toBe(SUMO_YELLOW.waiting);
    }
  });
});

/*
 * An oncoming right turner bound for the same lane (leftmerge/samelane.sumocfg): L waits at its internal
 * junction while s1 goes straight on; R turns right onto CE, the lane L turns into, and passes in the step
 * at 29 s. Behind the internal junction, R is a foe with the same target: L stays where it waits (it may not
 * drive up to the merge point) until R is far enough ahead to follow, then leaves in the step at 31 s.
 */

const SAMELANE = 'leftmerge/samelane.sumocfg';

/** SUMO 1.15 (tripinfo and fcd of the fixture): R arrives at 45 s; L leaves the internal junction in the step at 31 s, arrives at 47 s after 7 s of waiting. */
const SUMO_SAMELANE = { leaves: 31, arrivalL: 47, arrivalR: 45, waitingL: 7 };

describe('a left turner leaving its internal junction behind a right turner bound for the same lane', () => {
  const net = loadFixture(SAMELANE);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  let leaves = Number.NaN;
  runUntil(e, 120, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      if (log.trips.get(vs.extId[v] ?? -1)?.route[0] !== 'NC') continue;
      if (Number.isNaN(leaves) && /^:conn\d+_1$/.test(segName(e, vs.seg[v] ?? 0))) leaves = e.time - e.dt;
    }
  });
  const byOrigin = (edge: string, to: string) => log.arrived().find((t) => t.route[0] === edge && t.route.at(-1) === to);

  it('waits at the internal junction until it can follow, and leaves in the same step as in SUMO 1.15', () => {
    // tsgym used to let L drive up to the merge point after R (the same target only counted between
    // links that leave the junction without an internal junction): it left at 30 s and arrived at 46 s
    expect(leaves).toBe(SUMO_SAMELANE.leaves);
    expect(byOrigin('NC', 'CE')?.arrival).toBe(SUMO_SAMELANE.arrivalL);
    expect(byOrigin('SC', 'CE')?.arrival).toBe(SUMO_SAMELANE.arrivalR);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(SAMELANE));
      expect(ref.trips.find((t) => t.id === 'L')?.arrival).toBe(SUMO_SAMELANE.arrivalL);
      expect(ref.trips.find((t) => t.id === 'L')?.waitingTime).toBe(SUMO_SAMELANE.waitingL);
      expect(ref.trips.find((t) => t.id === 'R')?.arrival).toBe(SUMO_SAMELANE.arrivalR);
    }
  });
});

/*
 * The same crossing on a copy of the network whose links out of the internal junctions are written as
 * major ('M', as older netconverts wrote them; leftmerge/major.sumocfg): SUMO 1.15 gives such a link
 * priority, so the left turner yields at the internal junction to no approaching driver, only to drivers
 * inside the junction.
 */

const MAJOR = 'leftmerge/major.sumocfg';

/** SUMO 1.15's tripinfo of the fixture (arrival, s). */
const SUMO_MAJOR = { s1: 39, R: 52, L: 38 };

describe('an internal junction whose link the net writes as major', () => {
  const net = loadFixture(MAJOR);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  runUntil(e, 120, log);

  it('lets the left turner through without yielding to approaching drivers, as in SUMO 1.15', () => {
    const L = log.trips.get(1);
    expect(L?.route).toEqual(['NC', 'CE']);
    // read as a yielding link the left turner waited 14 s and arrived at 53 s
    expect(L?.arrival).toBe(SUMO_MAJOR.L);
    expect(log.trips.get(0)?.arrival).toBe(SUMO_MAJOR.s1);
    expect(log.trips.get(2)?.arrival).toBe(SUMO_MAJOR.R);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(MAJOR));
      const arrival = (id: string): number => ref.trips.find((t) => t.id === id)?.arrival ?? NaN;
      expect(arrival('L')).toBe(SUMO_MAJOR.L);
      expect(arrival('s1')).toBe(SUMO_MAJOR.s1);
      expect(arrival('R')).toBe(SUMO_MAJOR.R);
    }
  });
});
