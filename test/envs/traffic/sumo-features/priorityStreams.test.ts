import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A minor road crossing a busy priority road (priority/priority.sumocfg: 600 veh/h each way on the main road,
 * 120 veh/h each way on the minor road, SUMO's default driver with dawdling). The minor road runs near its
 * capacity, so single seeds spread widely (SUMO 1.15: 81-224 s on one approach): the comparison is over seeds
 * 1-10 (SUMO 1.15: 1,115 minor-road drivers arrived, 126.0 s mean travel time; main road 31.2 s; over seeds 1-5
 * alone 128.0 s; a change in the order drivers are inserted, which decides who draws which random dawdle, moved
 * tsgym's five-seed mean across the 15 % bound).
 */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const CFG = 'priority/priority.sumocfg';

describe('priority junction under a busy main road', () => {
  it('serves the minor road as SUMO does: arrivals within 5 %, mean travel time within 15 %; the main road is not delayed', () => {
    const net = loadFixture(CFG);
    const minor = { n: 0, tt: 0 };
    const main = { n: 0, tt: 0 };
    for (const seed of SEEDS) {
      const e = engineFor(net);
      e.reset(seed);
      const log = new TripLog(e);
      runUntil(e, 1800, log);
      for (const t of log.arrived()) {
        const acc = t.route[0] === 'SC' || t.route[0] === 'NC' ? minor : main;
        acc.n++;
        acc.tt += t.arrival - t.depart;
      }
    }
    let ref = { minorN: 1115, minorTt: 126.0, mainTt: 31.2 };
    if (SUMO_AVAILABLE) {
      const trips = SEEDS.flatMap((seed) => runSumo(fixture(CFG), { seed }).trips);
      const mi = trips.filter((t) => t.departLane.startsWith('SC_') || t.departLane.startsWith('NC_'));
      const ma = trips.filter((t) => !mi.includes(t));
      const mean = (xs: typeof trips): number => xs.reduce((a, t) => a + t.duration, 0) / xs.length;
      ref = { minorN: mi.length, minorTt: mean(mi), mainTt: mean(ma) };
    }
    expect(Math.abs(minor.n / ref.minorN - 1), `minor arrived ${minor.n} vs SUMO ${ref.minorN}`).toBeLessThan(0.05);
    expect(Math.abs(minor.tt / minor.n / ref.minorTt - 1), `minor travel ${(minor.tt / minor.n).toFixed(1)} vs ${ref.minorTt.toFixed(1)} s`).toBeLessThan(0.15);
    expect(Math.abs(main.tt / main.n / ref.mainTt - 1)).toBeLessThan(0.03);
  });
});
