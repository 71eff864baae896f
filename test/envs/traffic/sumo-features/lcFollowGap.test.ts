import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, segName } from './tsgymRun.js';

/*
 * The follower's safe speed as SUMO 1.15's lane changer computes it (MSGlobals::gComputeLC): a driver beside
 * an urgent changer (negative gap) is asked to brake only as much as stopping behind the changer's brake
 * gap needs (test/fixtures/sumo/lcfollowgap, SUMO's fcd in its README).
 */
describe('a follower beside an urgent changer brakes as SUMO 1.15 asks it to', () => {
  it('follows SUMO 1.15 fcd to the centimetre over 6 s', () => {
    const e = engineFor(loadFixture('lcfollowgap/n.sumocfg'));
    e.reset(1);
    const vs = e.veh;
    const got: string[] = [];
    while (e.time < 7) {
      e.step();
      const t = e.time - e.dt;
      if (t < 1) continue;
      const row: string[] = [];
      for (const id of [0, 1]) {
        for (let k = 0; k < vs.runCount; k++) {
          const v = vs.run[k] ?? 0;
          if (vs.extId[v] === id) row.push(`${segName(e, vs.seg[v] ?? 0)} ${(vs.pos[v] ?? 0).toFixed(2)} ${(vs.speed[v] ?? 0).toFixed(2)}`);
        }
      }
      got.push(`${t} ${row.join(' | ')}`);
    }
    expect(got).toEqual([
      '1 ab_0 78.91 18.91 | ab_1 73.27 16.67',
      '2 ab_1 100.42 21.51 | ab_1 87.31 14.04',
      '3 ab_1 122.64 22.22 | ab_1 103.95 16.64',
      '4 ab_1 144.86 22.22 | ab_1 123.18 19.24',
      '5 ab_1 167.08 22.22 | ab_1 143.79 20.61',
      '6 ab_1 189.30 22.22 | ab_1 164.73 20.93',
    ]);
  });
});
