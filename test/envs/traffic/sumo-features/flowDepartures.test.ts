import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A flow's i-th vehicle is due at begin + i * period and enters at the first step at or after that time
 * (SUMO's insertion control, CityFlow's flow generator): with a period of 14.4 s and 1 s steps the departures
 * are 0, 15, 29, 44, 58, 72, ... (ceil of 14.4 i), never a step early.
 */
describe('evenly spaced flow departures', () => {
  it('a period that falls between steps departs at the first step after each due time, as in SUMO', () => {
    const e = engineFor(loadFixture('rightbeforeleft/periodic.sumocfg'));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 700, log);
    const departs = (origin: string): number[] =>
      [...log.trips.values()].filter((t) => t.route[0] === origin).map((t) => t.depart).sort((a, b) => a - b);
    const due = (begin: number, n: number): number[] => Array.from({ length: n }, (_, i) => Math.ceil(begin + 14.4 * i - 1e-9) + 0);
    expect(departs('WC').slice(0, 10)).toEqual(due(0, 10));
    expect(departs('WC').slice(0, 6)).toEqual([0, 15, 29, 44, 58, 72]);
    expect(departs('NC').slice(0, 10)).toEqual(due(9, 10));
    // 600 s of departures: 0 .. 590.4 from the west arm, 42 vehicles
    expect(departs('WC')).toHaveLength(42);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('rightbeforeleft/periodic.sumocfg'));
      for (const o of ['WC', 'EC', 'SC', 'NC'])
        expect(departs(o)).toEqual(ref.trips.filter((t) => t.departLane.startsWith(`${o}_`)).map((t) => t.depart).sort((a, b) => a - b));
    }
  });

  it("counts the part of a step a driver waits for its insertion step as depart delay, as SUMO's departDelay does", () => {
    const e = engineFor(loadFixture('rightbeforeleft/periodic.sumocfg'));
    e.reset(1);
    const waits: number[] = [];
    const seen = new Set<number>();
    while (e.time < 100) {
      e.step();
      const vs = e.veh;
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        if (seen.has(vs.extId[v] ?? -1) || e.net.roadIds[e.routes.road(vs.route[v] ?? 0, 0)] !== 'WC') continue;
        seen.add(vs.extId[v] ?? -1);
        waits.push((vs.depart[v] ?? 0) - (vs.departWanted[v] ?? 0));
      }
    }
    // due at 0, 14.4, 28.8, 43.2, 57.6, 72, 86.4 and inserted on the empty arm at the next whole second
    const expected = [0, 0.6, 0.2, 0.8, 0.4, 0, 0.6];
    expect(waits).toHaveLength(expected.length);
    waits.forEach((w, i) => expect(w).toBeCloseTo(expected[i] ?? 0, 6));
  });

  it('spaces a flow in whole milliseconds as SUMO does: 1,400 veh/h is 1,401 vehicles in an hour; number caps the count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-flowms-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const cfg = join(dir, 'ms.sumocfg');
    writeFileSync(
      join(dir, 'ms.rou.xml'),
      '<routes><flow id="h" begin="0" end="3600" vehsPerHour="1400" from="WC" to="CE" departLane="best"/>' +
        '<flow id="n" begin="0" end="1000" number="300" from="EC" to="CW" departLane="best"/></routes>',
    );
    const input = `<input><net-file value="${fixture('cross/cross.net.xml')}"/><route-files value="ms.rou.xml"/></input>`;
    writeFileSync(cfg, `<configuration>${input}<time><begin value="0"/><end value="3700"/></time></configuration>`);
    const e = engineFor(loadNetworkFile(cfg));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 3700, log);
    const departs = (origin: string): number[] => [...log.trips.values()].filter((t) => t.route[0] === origin).map((t) => t.depart).sort((a, b) => a - b);
    // SUMO: a spacing of 2.571 s (not 3600 / 1400 = 2.5714 s), so the 1,401st is due at 3,599.4 s and enters at 3,600 s
    expect(departs('WC')).toHaveLength(1401);
    expect(departs('WC').at(-1)).toBe(3600);
    // 1000 s / 300 = 3.333 s; 300 vehicles, not the 301 that fit before 1000 s
    expect(departs('EC')).toHaveLength(300);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(cfg);
      const sumoDeparts = (o: string): number[] => ref.trips.filter((t) => t.departLane.startsWith(`${o}_`)).map((t) => t.depart).sort((a, b) => a - b);
      for (const o of ['WC', 'EC']) expect(departs(o)).toEqual(sumoDeparts(o));
    }
  });
});

/*
 * A flow with `period="exp(rate)"` (test/fixtures/sumo/insertion/exp.sumocfg, 0.05 veh/s on a free road):
 * SUMO draws each headway in milliseconds from the flow's begin and inserts the driver at the first step at
 * or after its time, so the part of a step it waits counts as depart delay: 0.5 s on average at 1 s steps, a
 * little more where two drivers come close together. Over seeds 1-3 SUMO 1.15 gives 0.60, 0.68 and 0.55 s.
 */
describe('exponential flow departures', () => {
  it('each driver is due at its own time and waits for the next step: depart delay about half a step, as in SUMO', () => {
    for (const seed of [1, 2, 3]) {
      const e = engineFor(loadFixture('insertion/exp.sumocfg'));
      e.reset(seed);
      const due: number[] = [];
      const vs = e.veh;
      const seen = new Set<number>();
      while (e.time < 3700) {
        e.step();
        for (let k = 0; k < vs.runCount; k++) {
          const v = vs.run[k] ?? 0;
          if (seen.has(vs.extId[v] ?? -1)) continue;
          seen.add(vs.extId[v] ?? -1);
          // never before its time, and the first is due one headway after begin, not at it
          expect(vs.depart[v] ?? 0).toBeGreaterThanOrEqual(vs.departWanted[v] ?? 0);
          due.push(vs.departWanted[v] ?? 0);
        }
      }
      expect(Math.min(...due)).toBeGreaterThan(0);
      // 180 expected in the hour: within 4 standard deviations (sqrt 180 = 13.4)
      expect(Math.abs(e.counters.inserted - 180)).toBeLessThan(54);
      const delay = e.counters.sumDepartDelay / e.counters.inserted;
      expect(delay).toBeGreaterThan(0.4);
      expect(delay).toBeLessThan(0.8);
    }
    if (SUMO_AVAILABLE) {
      for (const seed of [1, 2, 3]) {
        const trips = runSumo(fixture('insertion/exp.sumocfg'), { seed }).trips;
        const delay = trips.reduce((a, t) => a + t.departDelay, 0) / trips.length;
        expect(delay).toBeGreaterThan(0.4);
        expect(delay).toBeLessThan(0.8);
      }
    }
  });
});

/*
 * SUMO's probability flow (MSInsertionControl): one trial per step with the probability per second times the
 * step length, so at most one driver per step. test/fixtures/sumo/insertion/prob.sumocfg: probability 0.2 at
 * 0.5 s steps for 1,000 s, 2,000 trials of 0.1: 200 drivers expected (binomial, standard deviation 13.4).
 * Poisson arrivals of the same rate would put two drivers in one step about 9 times per run.
 */
describe('probability flow departures', () => {
  it('at most one driver per step, due at the step, about probability x duration in all, as in SUMO', () => {
    for (const seed of [1, 2, 3]) {
      const e = engineFor(loadFixture('insertion/prob.sumocfg'));
      e.reset(seed);
      const due: number[] = [];
      const vs = e.veh;
      const seen = new Set<number>();
      while (e.time < 1100) {
        e.step();
        for (let k = 0; k < vs.runCount; k++) {
          const v = vs.run[k] ?? 0;
          if (seen.has(vs.extId[v] ?? -1)) continue;
          seen.add(vs.extId[v] ?? -1);
          due.push(vs.departWanted[v] ?? 0);
        }
      }
      expect(new Set(due).size).toBe(due.length);
      for (const t of due) expect(Math.abs(t * 2 - Math.round(t * 2))).toBeLessThan(1e-9);
      expect(Math.abs(due.length - 200)).toBeLessThan(54);
    }
    if (SUMO_AVAILABLE) {
      for (const seed of [1, 2, 3]) {
        const departs = runSumo(fixture('insertion/prob.sumocfg'), { seed }).trips.map((t) => t.depart);
        expect(new Set(departs).size).toBe(departs.length);
        expect(Math.abs(departs.length - 200)).toBeLessThan(54);
      }
    }
  });
});
