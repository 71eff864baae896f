import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, segName } from './tsgymRun.js';

/*
 * SUMO 1.15's `MSVehicle::congested` (driving below 60 km/h, or on a lane limited below 60.1 km/h), which
 * lets LC2013 drivers overtake on the right (test/fixtures/sumo/congested, its README). Expected: SUMO 1.15's
 * --fcd-output of the two runs, 1-14 s.
 */
function track(cfg: string): string[] {
  const e = engineFor(loadFixture(cfg));
  e.reset(1);
  const vs = e.veh;
  const out: string[] = [];
  const names = ['slow', 'fast'];
  while (e.time < 15) {
    e.step();
    const t = e.time - e.dt;
    if (t < 1) continue;
    for (const id of [1, 0]) {
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        if (vs.extId[v] !== id) continue;
        out.push(`${t} ${names[id] ?? '?'} ${segName(e, vs.seg[v] ?? 0)} ${(vs.pos[v] ?? 0).toFixed(2)} ${(vs.speed[v] ?? 0).toFixed(2)}`);
      }
    }
  }
  return out;
}

describe('overtaking on the right where drivers are congested (SUMO 1.15)', () => {
  it('on a 60 km/h road the fast driver stays right and passes the slow one there', () => {
    expect(track('congested/r60.sumocfg')).toEqual([
      '1 fast ab_0 36.67 16.67', '1 slow ab_1 158.00 8.00', '2 fast ab_0 53.34 16.67', '2 slow ab_1 166.00 8.00',
      '3 fast ab_0 70.01 16.67', '3 slow ab_1 174.00 8.00', '4 fast ab_0 86.68 16.67', '4 slow ab_1 182.00 8.00',
      '5 fast ab_0 103.35 16.67', '5 slow ab_1 190.00 8.00', '6 fast ab_0 120.02 16.67', '6 slow ab_0 198.00 8.00',
      '7 fast ab_0 136.69 16.67', '7 slow ab_0 206.00 8.00', '8 fast ab_0 153.36 16.67', '8 slow ab_0 214.00 8.00',
      '9 fast ab_0 170.03 16.67', '9 slow ab_0 222.00 8.00', '10 fast ab_0 186.70 16.67', '10 slow ab_0 230.00 8.00',
      '11 fast ab_0 203.27 16.57', '11 slow ab_0 238.00 8.00', '12 fast ab_1 217.71 14.43', '12 slow ab_0 246.00 8.00',
      '13 fast ab_1 234.38 16.67', '13 slow ab_0 254.00 8.00', '14 fast ab_1 251.05 16.67', '14 slow ab_0 262.00 8.00',
    ]);
  });

  it('on an 80 km/h road it moves left at once (not congested)', () => {
    expect(track('congested/r80.sumocfg')).toEqual([
      '1 fast ab_1 42.22 22.22', '1 slow ab_1 158.00 8.00', '2 fast ab_1 64.44 22.22', '2 slow ab_1 166.00 8.00',
      '3 fast ab_1 86.66 22.22', '3 slow ab_1 174.00 8.00', '4 fast ab_1 108.88 22.22', '4 slow ab_1 182.00 8.00',
      '5 fast ab_1 131.10 22.22', '5 slow ab_1 190.00 8.00', '6 fast ab_1 151.08 19.98', '6 slow ab_0 198.00 8.00',
      '7 fast ab_1 173.30 22.22', '7 slow ab_0 206.00 8.00', '8 fast ab_1 195.52 22.22', '8 slow ab_0 214.00 8.00',
      '9 fast ab_1 217.74 22.22', '9 slow ab_0 222.00 8.00', '10 fast ab_1 239.96 22.22', '10 slow ab_0 230.00 8.00',
      '11 fast ab_1 262.18 22.22', '11 slow ab_0 238.00 8.00', '12 fast ab_1 284.40 22.22', '12 slow ab_0 246.00 8.00',
      '13 fast ab_1 306.62 22.22', '13 slow ab_0 254.00 8.00', '14 fast ab_1 328.84 22.22', '14 slow ab_0 262.00 8.00',
    ]);
  });
});
