import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil } from './tsgymRun.js';

/*
 * A vehicle type defined in an additional file (test/fixtures/sumo/twolane, additional.sumocfg): the van
 * of vtypes.add.xml (length 7.5 m, minGap 3 m, accel 1.2 m/s^2, decel 3.5 m/s^2, no dawdling) starts
 * from standstill on WB (13.89 m/s).
 */

const CFG = 'twolane/additional.sumocfg';

describe('vTypes from an additional file', () => {
  const net = loadFixture(CFG);

  it('reads the type from the additional file without warnings', () => {
    expect(net.warnings).toEqual([]);
    expect(net.spec.vehicleTypes.find((t) => t.id === 'van')).toMatchObject({
      length: 7.5,
      minGap: 3,
      accel: 1.2,
      decel: 3.5,
      sigma: 0,
      speedDev: 0,
      maxSpeed: 25,
    });
    expect(net.files.some((f) => f.endsWith('vtypes.add.xml'))).toBe(true);
  });

  it('the van drives with its own length and acceleration: 1.2 m/s more each step, front at 7.6 m + 0.6 k (k + 1)', () => {
    const e = engineFor(net);
    e.reset(1);
    const speeds: number[] = [];
    const positions: number[] = [];
    runUntil(e, 16, undefined, () => {
      const v = e.veh.run[0] ?? 0;
      if (e.veh.runCount === 1) {
        speeds.push(e.veh.speed[v] ?? 0);
        positions.push(e.veh.pos[v] ?? 0);
      }
    });
    expect(e.net.demand.typeLength[e.veh.type[e.veh.run[0] ?? 0] ?? 0]).toBe(7.5);
    // departPos base puts the back at the lane start: front at length + 0.1; Krauss without dawdling
    // accelerates by accel * dt until the lane's 13.89 m/s, and moves by the new speed each step
    const expected = speeds.map((_, k) => Math.min(1.2 * k, 13.89));
    expect(speeds.slice(0, 12)).toEqual(expected.slice(0, 12).map((x) => expect.closeTo(x, 9)));
    expect(speeds[12]).toBeCloseTo(13.89, 9);
    for (let k = 0; k < 12; k++) expect(positions[k]).toBeCloseTo(7.6 + 0.6 * k * (k + 1), 6);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG), { fcd: true }).fcd.filter((p) => p.id === 'van1');
      for (let k = 0; k < speeds.length; k++) {
        expect(ref[k]?.speed).toBeCloseTo(speeds[k] ?? 0, 2);
        expect(ref[k]?.pos).toBeCloseTo(positions[k] ?? 0, 2);
      }
    }
  });
});
