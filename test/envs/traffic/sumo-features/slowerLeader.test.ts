import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, TripLog } from './tsgymRun.js';

/*
 * A driver close behind a slower leader that brakes for a minor link (test/fixtures/sumo/slowerleader): Krauss'
 * safe speed lets it drive further in a step than the distance to the leader's back, since the leader moves on.
 */

const CFG = 'slowerleader/slowerleader.sumocfg';

/** SUMO 1.15's fcd output of `f` (`sumo -c slowerleader.sumocfg --fcd-output fcd.xml`): time, position, speed. */
const SUMO_F: readonly [number, number, number][] = [
  [8, 254.22, 19.79],
  [9, 269.51, 15.29],
  [10, 280.31, 10.79],
  [11, 286.6, 6.29],
  [12, 292.25, 5.65],
];

describe('a driver close behind a slower, braking leader', () => {
  const net = loadFixture(CFG);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  const f = new Map<number, { pos: number; speed: number }>();
  while (e.time < 60 - 1e-9) {
    e.step();
    log.observe();
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      // trip order: lead (0 s) is 0, f (1 s) is 1; SUMO's time convention: a step's state is labelled with the time it started
      if (vs.extId[v] === 1) f.set(Math.round(e.time - e.dt), { pos: vs.pos[v] ?? 0, speed: vs.speed[v] ?? 0 });
    }
  }

  it('closes in on the leader as SUMO 1.15 does, and both arrive at SUMO times', () => {
    for (const [t, pos, speed] of SUMO_F) {
      expect(f.get(t)?.pos ?? NaN, `position at ${t} s`).toBeCloseTo(pos, 1);
      expect(f.get(t)?.speed ?? NaN, `speed at ${t} s`).toBeCloseTo(speed, 1);
    }
    expect(log.trips.get(0)?.arrival).toBe(34);
    expect(log.trips.get(1)?.arrival).toBe(37);
  });
});
