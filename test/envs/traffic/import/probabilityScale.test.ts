import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { runSumo, SUMO_AVAILABLE } from '../sumo-features/sumoReference.js';
import { engineFor, fixture } from '../sumo-features/tsgymRun.js';

/*
 * `--scale` on probability flows (test/fixtures/sumo/scale/prob.sumocfg, scale 2): SUMO 1.15 keeps each
 * flow's probability and inserts its quota of drivers per success (MSVehicleControl::getQuota), all due
 * at the same time: at scale 2 the drivers come in pairs, and a flow whose probability times the scale
 * exceeds 1 (pn: 0.8 per second) still loads two drivers per success. tsgym used to multiply the
 * probability instead, capped at one driver per step (pn: at most 300 in its 300 s).
 */

const CFG = fixture('scale/prob.sumocfg');

describe('probability flows under --scale', () => {
  it('keep their probability and carry the scale as a quota per success', () => {
    const flows = loadNetworkFile(CFG).spec.demand.flows.map((f) => [f.id, f.vehPerHour, f.insertion, f.scale]);
    expect(flows).toEqual([
      ['pw', 720, 'bernoulli', 2],
      ['pn', 2880, 'bernoulli', 2],
    ]);
  });

  it('load two drivers per success, as many as SUMO 1.15 on the mean (2 x (0.2 x 600 + 0.8 x 300) = 720; SUMO seeds 1-2: 744, 700)', () => {
    const e = engineFor(loadNetworkFile(CFG));
    const loaded: number[] = [];
    for (const seed of [1, 2, 3]) {
      e.reset(seed);
      while (e.time < 1500) e.step();
      loaded.push(e.counters.queued);
    }
    // measured: 680, 686, 726
    for (const n of loaded) expect(n % 2).toBe(0);
    const mean = loaded.reduce((a, b) => a + b, 0) / loaded.length;
    expect(Math.abs(mean - 720)).toBeLessThan(60);
  });

  it.skipIf(!SUMO_AVAILABLE)('SUMO 1.15 inserts the drivers of a success in pairs due at the same time', () => {
    const trips = runSumo(CFG).trips.filter((t) => t.id.startsWith('pw.'));
    const due = new Map<number, number>();
    for (const t of trips) {
      const k = Math.round((t.depart - t.departDelay) * 10);
      due.set(k, (due.get(k) ?? 0) + 1);
    }
    // seed 1: 240 drivers of pw in 120 pairs
    expect(trips.length).toBeGreaterThan(150);
    expect([...due.values()].every((n) => n === 2)).toBe(true);
  });
});
