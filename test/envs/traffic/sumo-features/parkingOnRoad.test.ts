import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, TripLog } from './tsgymRun.js';

/*
 * An onRoad parking area and one without lots (test/fixtures/sumo/parkingonroad): `pa` on WM between 150 and
 * 180 m has 2 lots (ending at 165 and 180 m) and onRoad="true", so its parked cars stay on the lane; `pz` on ME
 * (100-130 m) has no lots at all. a0, a1 (parking="false", which SUMO overrides at a parking area) and a2 park
 * at `pa` for 30, 30 and 20 s, a3 drives through, z (100 s) stops at `pz`. SUMO 1.15's stop output and trip
 * infos of this run are written below (`sumo -c parkingonroad.sumocfg --stop-output stops.xml
 * --tripinfo-output trips.xml`); the test also runs SUMO when it is installed and checks them.
 */

const CFG = 'parkingonroad/parkingonroad.sumocfg';

/** SUMO 1.15: each car's lot (its end, m) and when its stop began and ended. */
const SUMO_STOPS: Record<string, { lot: number; started: number; ended: number }> = {
  a0: { lot: 165, started: 16, ended: 46 },
  a1: { lot: 165, started: 50, ended: 80 },
  a2: { lot: 165, started: 84, ended: 104 },
};
/** SUMO 1.15's arrivals; z is teleported at 440 s, having waited 300 s before the area without lots. */
const SUMO_ARRIVALS: Record<string, number> = { a0: 93, a1: 127, a2: 151, a3: 153, z: 440 };
const NAMES = ['a0', 'a1', 'a2', 'a3', 'z'];

describe('an onRoad parking area, and one without lots (SUMO 1.15)', () => {
  const e = engineFor(loadFixture(CFG));
  e.reset(1);
  const log = new TripLog(e);
  const vs = e.veh;
  const stops = new Map<string, { lot: number; started: number; ended: number }>();
  const inLot = new Set<number>();
  let a1At21 = Number.NaN;
  let zAt200 = Number.NaN;
  let maxOffRoad = 0;
  while (e.time < 600) {
    e.step();
    log.observe();
    const label = e.time - e.dt;
    const now = new Set<number>();
    for (let l = 0; l < e.lots.lotVeh.length; l++) {
      const v = e.lots.lotVeh[l] ?? -1;
      if (v < 0) continue;
      now.add(v);
      if (!inLot.has(v)) stops.set(NAMES[vs.extId[v] ?? 0] ?? '?', { lot: e.lots.lotEnd[l] ?? -1, started: label, ended: Number.NaN });
    }
    for (const v of inLot) {
      const s = stops.get(NAMES[vs.extId[v] ?? 0] ?? '?');
      if (!now.has(v) && s) s.ended = label;
    }
    inLot.clear();
    for (const v of now) inLot.add(v);
    maxOffRoad = Math.max(maxOffRoad, e.parked.length);
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      if (label === 21 && vs.extId[v] === 1) a1At21 = vs.pos[v] ?? 0;
      if (label === 200 && vs.extId[v] === 4) zAt200 = vs.pos[v] ?? 0;
    }
  }
  const arrivals = Object.fromEntries([...log.trips.values()].map((t) => [NAMES[t.id] ?? '?', t.arrival]));

  it('keeps the parked cars on the lane: the next car waits behind the first instead of taking the second lot', () => {
    expect(maxOffRoad).toBe(0);
    // by hand: a0 stands at the first lot's end (165 m); a1 stops behind it, 165 - 5 (a0's length) - 2.5 (gap)
    // (to the cm: SUMO's stop targets carry NUMERICAL_EPS, 1 mm)
    expect(a1At21).toBeCloseTo(157.5, 2);
    // an area without lots: z waits at its begin less its gap and SUMO's POSITION_EPS, 100 - 2.5 - 0.1
    expect(zAt200).toBeCloseTo(97.4, 2);
  });

  it("gives every car SUMO's lot, stop begin and end, and arrival time (to the step)", () => {
    // deterministic drivers (no dawdling, no speed deviation) in 1 s steps: every event in the same step as in SUMO
    for (const [id, ref] of Object.entries(SUMO_STOPS)) expect(stops.get(id), id).toEqual(ref);
    expect(arrivals).toEqual(SUMO_ARRIVALS);
  });

  it.runIf(SUMO_AVAILABLE)('matches a fresh SUMO run', () => {
    const ref = runSumo(fixture(CFG), { args: ['--end', '600'], stops: true });
    expect(Object.fromEntries(ref.trips.map((t) => [t.id, t.depart + t.duration]))).toEqual(SUMO_ARRIVALS);
    expect(ref.stops).toEqual(Object.entries(SUMO_STOPS).map(([id, s]) => ({ id, pos: s.lot, started: s.started, ended: s.ended })));
  });
});
