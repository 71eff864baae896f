import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog, type EngineTrip } from './tsgymRun.js';

/*
 * Bicycles as SUMO 1.15 drives them (test/fixtures/sumo/bicycles): they keep to the lanes that admit them
 * (a bike lane beside the car lanes, the sidewalks left out) and ride at most their type's desiredMaxSpeed
 * (20 km/h for the class bicycle) times their speed factor, whatever the road's limit.
 */

const SOLO = 'bicycles/solo.sumocfg';
const MIXED = 'bicycles/bicycles.sumocfg';

/** Top speed and lanes of each rider of the solo file, from the engine. */
function soloRun(): { trips: Map<number, EngineTrip>; top: Map<number, number>; bikeLaneOnly: boolean } {
  const e = engineFor(loadFixture(SOLO));
  e.reset(1);
  const log = new TripLog(e);
  const top = new Map<number, number>();
  let bikeLaneOnly = true;
  runUntil(e, 500, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      const id = vs.extId[v] ?? -1;
      top.set(id, Math.max(top.get(id) ?? 0, vs.speed[v] ?? 0));
      const s = vs.seg[v] ?? 0;
      // on a normal lane, only the one that admits bicycles alone (the others admit every class but bicycles)
      if (s < e.net.nLanes && (e.net.laneAllow[s] ?? 0) === 0xffffffff) bikeLaneOnly = false;
    }
  });
  return { trips: log.trips, top, bikeLaneOnly };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;

describe('bicycles', () => {
  const solo = soloRun();

  it('ride at desiredMaxSpeed x speed factor (20 km/h for the class), not at the road limit of 50 km/h', () => {
    // hand check: speedDev 0 and sigma 0, so each rider reaches exactly its desired maximum
    expect(solo.top.get(0)).toBeCloseTo(20 / 3.6, 3); // vClass bicycle: desiredMaxSpeed 5.56 m/s
    expect(solo.top.get(1)).toBeCloseTo(4, 3); // desiredMaxSpeed="4"
    expect(solo.top.get(2)).toBeCloseTo(1.2 * (20 / 3.6), 3); // speedFactor 1.2
    // DEFAULT_BIKETYPE, SUMO's built-in type: the class's defaults with speedDev 0.1, so about 20 km/h
    expect(solo.top.get(3)).toBeGreaterThan(4);
    expect(solo.top.get(3)).toBeLessThan(8);
    expect(solo.bikeLaneOnly).toBe(true);
  });

  it('arrive when SUMO 1.15 lets them arrive (its time loss counted against their own top speed)', () => {
    // SUMO 1.15 on this file: plain 53 s, slow 219 s (it meets the red light at A1), fast 245 s
    expect(solo.trips.get(0)?.arrival).toBe(53);
    expect(solo.trips.get(1)?.arrival).toBe(219);
    expect(solo.trips.get(2)?.arrival).toBe(245);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(SOLO));
      for (const [k, id] of ['plain', 'slow', 'fast'].entries()) {
        expect(solo.trips.get(k)?.arrival).toBe(ref.trips.find((t) => t.id === id)?.arrival);
      }
    }
  });

  it('share a grid with cars as in SUMO: every rider arrives, travel times per class within 3 %', () => {
    const runs = [1, 2].map((seed) => {
      const e = engineFor(loadFixture(MIXED));
      e.reset(seed);
      const log = new TripLog(e);
      runUntil(e, 1500, log);
      const trips = log.arrived();
      const bikes = trips.filter((t) => t.type === 'b_bicycle').map((t) => t.arrival - t.depart);
      const cars = trips.filter((t) => t.type !== 'b_bicycle').map((t) => t.arrival - t.depart);
      return { n: trips.length, bikes: mean(bikes), cars: mean(cars), nBikes: bikes.length };
    });
    for (const r of runs) {
      expect(r.n).toBe(330);
      expect(r.nBikes).toBe(150);
    }
    // SUMO 1.15, seeds 1-2 (fixture README): bicycles 158.1 and 162.2 s, cars 79.9 and 80.0 s
    let sumoBikes = (158.09 + 162.15) / 2;
    let sumoCars = (79.89 + 80.02) / 2;
    if (SUMO_AVAILABLE) {
      const refs = [1, 2].map((seed) => runSumo(fixture(MIXED), { seed }));
      sumoBikes = mean(refs.map((r) => mean(r.trips.filter((t) => t.id.startsWith('b')).map((t) => t.duration))));
      sumoCars = mean(refs.map((r) => mean(r.trips.filter((t) => t.id.startsWith('c')).map((t) => t.duration))));
    }
    expect(Math.abs(mean(runs.map((r) => r.bikes)) / sumoBikes - 1)).toBeLessThan(0.03);
    expect(Math.abs(mean(runs.map((r) => r.cars)) / sumoCars - 1)).toBeLessThan(0.03);
  });

  it('a rider whose first edge has no lane for bicycles is refused at import, as SUMO refuses to insert it', () => {
    // the route starts on B0A0 without its bike lane: a file of our own in the fixture folder
    expect(() => loadNetworkFile(fixture('bicycles/nolane.sumocfg'))).toThrow(
      /nolane\.rou\.xml:\d+: vehicle 'rider': attribute 'type': vehicle class 'bicycle' may use no lane of edge 'B0A0'/,
    );
  });
});
