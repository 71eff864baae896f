import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, runUntil, segName, TripLog } from './tsgymRun.js';

/*
 * A driver standing at the end of a lane that does not lead on (test/fixtures/sumo/laneendfollow): it
 * departs at 60 s at the end of end_1 (4 m) and must change right into the queue on end_0. The drivers
 * that can let it in are still two junctions upstream (on the internal lane :n1_0_0 or on `in`, beyond the
 * 0.1 m road `short`) when they are asked to; SUMO's lane changer looks for the follower on the target
 * lane over all lanes leading onto it, as far as the fastest driver needs to stop, and takes the one that
 * misses most of its secure gap (MSLane::getFollowersOnConsecutive). SUMO 1.15 (lanechange-output): the
 * change happens 5, 6 and 13 s after departure (seeds 1-3), the new follower standing, trips of 110-127 s.
 * Looking back only over the junction just before end_0 finds the drivers only once they overlap the
 * changer, so it never gets in and teleports after 300 s.
 */

const CFG = 'laneendfollow/laneendfollow.sumocfg';

describe('a driver at the end of a lane that does not lead on gets in', () => {
  const net = loadFixture(CFG);

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the changer leaves end_1 for end_0 within 20 s and arrives, nobody teleports`, () => {
      const e = engineFor(net);
      e.reset(seed);
      const log = new TripLog(e);
      let changedAt = Number.NaN;
      runUntil(e, 400, log, () => {
        if (!Number.isNaN(changedAt)) return;
        const vs = e.veh;
        for (let k = 0; k < vs.runCount; k++) {
          const v = vs.run[k] ?? 0;
          const t = log.trips.get(vs.extId[v] ?? -1);
          if (t?.route[0] === 'end' && segName(e, vs.seg[v] ?? 0) === 'end_0') changedAt = e.time - e.dt;
        }
      });
      const changer = [...log.trips.values()].find((t) => t.route[0] === 'end');
      expect(changer?.departLane).toBe('end_1');
      expect(changer?.depart).toBe(60);
      // SUMO: 65, 66, 73 s
      expect(changedAt).toBeGreaterThan(60);
      expect(changedAt).toBeLessThanOrEqual(80);
      expect(changer?.segments.slice(0, 2)).toEqual(['end_1', 'end_0']);
      expect(e.counters.teleports).toBe(0);
      // SUMO: 110-127 s on the slow `out` (192.8 m at 3 m/s is 64 s of free flow behind the queue)
      const duration = (changer?.arrival ?? Number.NaN) - (changer?.depart ?? 0);
      expect(duration).toBeGreaterThan(70);
      expect(duration).toBeLessThan(200);
    });
  }
});
