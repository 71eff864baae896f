import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A driver inserted on a lane shorter than itself has its back in the junction behind it
 * (test/fixtures/sumo/insertjunction): the vehicles in that junction on lanes crossing its junction lane,
 * before or on the crossing, count as vehicles behind it (SUMO's getFollowersOnConsecutive with
 * MSLink::getLeaderInfo), so it waits until they have crossed.
 */

const CFG = 'insertjunction/insertjunction.sumocfg';

describe('insertion with the back inside a junction that a foe is crossing', () => {
  const net = loadFixture(CFG);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  runUntil(e, 100, log);
  const c = log.trips.get(0);
  const a = log.trips.get(1);

  it('waits until the crossing driver has cleared the crossing, as in SUMO 1.15', () => {
    // a is due at 4 s; c (2 m/s) is in the junction from 3 s, its front leaves it at 9 s but its back is
    // still on the crossing then: a departs at 10 s and arrives at 20 s, c at 55 s
    expect(a?.depart).toBe(10);
    expect(a?.departLane).toBe('JK_0');
    expect(a?.arrival).toBe(20);
    expect(c?.arrival).toBe(55);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG));
      const trip = (id: string) => ref.trips.find((t) => t.id === id);
      expect(a?.depart).toBe(trip('a')?.depart);
      expect(a?.arrival).toBe(trip('a')?.arrival);
      expect(c?.arrival).toBe(trip('c')?.arrival);
    }
  });
});
