import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, segName } from './tsgymRun.js';

/*
 * The keep-right wish across a junction whose internal edge has three lanes (test/fixtures/sumo/krjunction):
 * SUMO's LC2013 forgets a driver's lane-change state only on an edge with a single lane, so the wish built
 * up before the junction carries over.
 */

const CFG = 'krjunction/krjunction.sumocfg';

/** SUMO 1.15's fcd output of `a` (`sumo -c krjunction.sumocfg --fcd-output fcd.xml`): time, lane, position. */
const SUMO_FCD: readonly [number, string, number][] = [
  [4, 'AJ_2', 52.73],
  [6, 'JC_2', 8.67],
  [7, 'JC_1', 22.56],
  [12, 'JC_1', 92.01],
  [13, 'JC_0', 105.9],
];

describe('keep-right wish across a multi-lane internal edge', () => {
  const net = loadFixture(CFG);
  const e = engineFor(net);
  e.reset(1);
  const track = new Map<number, { lane: string; pos: number }>();
  while (e.time < 15 - 1e-9) {
    e.step();
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      // SUMO's time convention: the state after a step is labelled with the time the step started
      track.set(Math.round(e.time - e.dt), { lane: segName(e, vs.seg[v] ?? 0), pos: vs.pos[v] ?? 0 });
    }
  }

  it('changes right two steps after the junction and again six steps later, as SUMO 1.15', () => {
    for (const [t, lane, pos] of SUMO_FCD) {
      expect(track.get(t)?.lane, `lane at ${t} s`).toBe(lane);
      expect(track.get(t)?.pos ?? NaN, `position at ${t} s`).toBeCloseTo(pos, 1);
    }
    // on the internal lane at 5 s (the junction is crossed within one step)
    expect(track.get(5)?.lane.startsWith(':')).toBe(true);
  });
});
