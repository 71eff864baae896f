import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog, type EngineTrip } from './tsgymRun.js';

/*
 * What MSLane::isInsertionSuccess checks before a driver enters (test/fixtures/sumo/insertion, 1 s steps,
 * no dawdling, speed factor 1), driver by driver against SUMO 1.15's trip infos of the same files.
 */

function trips(cfg: string, end: number): EngineTrip[] {
  const e = engineFor(loadFixture(cfg));
  e.reset(1);
  const log = new TripLog(e);
  runUntil(e, end, log);
  return [...log.trips.values()].sort((a, b) => a.id - b.id);
}

describe('insertion checks', () => {
  it('before a red light: "max" is lowered to the speed that stops at the line with a one-step reaction, a given speed that cannot stop waits', () => {
    // ST is 40 m long and its signal is red 0-20 s of every 40 s. Krauss' stop speed (maximumSafeStopSpeed,
    // b = 4.5 m/s per step, reaction time one step as in MSCFModel_Krauss::stopSpeed) from the front to the
    // line: 34.9 m and 30 m allow more than the limit 13.89; 20 m: n = 2 steps, 13.5 m, (20 - 13.5) / 3 + 9
    // = 11.17 m/s; 10 m: n = 1, 4.5 m, (10 - 4.5) / 2 + 4.5 = 7.25 m/s. A given 13 m/s at 15 m from the line
    // (at most 9.5 m/s) must wait for green at 180 s; a given 8 m/s at 25 m fits
    const want: [number, number, number][] = [
      [0, 5.1, 13.89],
      [40, 10, 13.89],
      [80, 20, 11.17],
      [120, 30, 7.25],
      [180, 25, 13],
      [200, 15, 8],
    ];
    const got = trips('insertion/signal.sumocfg', 300);
    expect(got.map((t) => [t.depart, t.departPos, Math.round(t.departSpeed * 100) / 100])).toEqual(want);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('insertion/signal.sumocfg')).trips;
      // trip infos round to 0.01
      expect(ref.map((t) => [t.depart, t.departPos, t.departSpeed])).toEqual(want);
    }
  });

  it('near a junction: the turn\'s speed limit, a yielding link, a foe internal lane in use, free insertion behind the last driver', () => {
    // test/fixtures/sumo/insertlook (its README): SUMO 1.15's departure speeds and arrivals. A right turner
    // 3 m before the line enters at its internal lane's 6.51 m/s (freeSpeed: closer than one step's travel);
    // a minor-road driver 10 m before the line at the speed that stops there (n = 1 step, 4.5 m, (10 -
    // 4.5) / 2 + 4.5 = 7.25); behind a stopped driver departPos="free" puts the front at 0 m with the safe
    // speed for the minimum gap 2.5 m (2.5 m/s); with a crossing driver on a foe internal lane (or its back
    // still there) the straight driver 3 m before the line must stop there (3.0 m/s); then 13.89 m/s
    const want: [number, number, number, number][] = [
      [10, 189.8, 6.51, 27],
      [40, 182.8, 7.25, 57],
      [60, 150, 0, 126],
      [70, 0, 2.5, 127],
      [100, 170, 0, 120],
      [105, 189.8, 3, 129],
      [106, 189.8, 3, 123],
      [130, 189.8, 13.89, 146],
    ];
    const r2 = (x: number): number => Math.round(x * 100) / 100;
    const got = trips('insertlook/insertlook.sumocfg', 300);
    expect(got.map((t) => [t.depart, r2(t.departPos), r2(t.departSpeed), t.arrival])).toEqual(want);
    if (SUMO_AVAILABLE) {
      const ref = [...runSumo(fixture('insertlook/insertlook.sumocfg')).trips].sort((a, b) => a.depart - b.depart);
      expect(ref.map((t) => [t.depart, t.departPos, t.departSpeed, t.arrival])).toEqual(want);
    }
  });

  it('a driver still turning off the same lane is a foe at the end of the straight internal lane (same-origin sibling)', () => {
    // test/fixtures/sumo/siblingexit (its README): a straight driver enters 3 m before the line with
    // departSpeed="max" while a right turner from the same lane is on its internal lane (:C_12_0, 5 s) or
    // its back still covers it (36 s). SUMO 1.15 adds the other internal lanes leaving the same lane to the
    // foe lanes of the straight internal lane's exit link (MSLink::setRequestInformation), and
    // MSLane::isInsertionSuccess asks that link's hasApproachingFoe: an occupied foe lane makes it stop at
    // the end of :C_13_0, 3 + 14.4 = 17.4 m ahead, (17.4 - 13.5) / 3 + 9 = 10.30 m/s (Krauss' stop speed,
    // n = 2 steps). At 67 s the turner is gone: 13.89 m/s
    const want: [number, number, number, number][] = [
      [0, 170, 0, 21],
      [5, 189.8, 10.3, 22],
      [30, 170, 0, 51],
      [36, 189.8, 10.3, 52],
      [60, 170, 0, 81],
      [67, 189.8, 13.89, 83],
    ];
    const r2 = (x: number): number => Math.round(x * 100) / 100;
    const got = trips('siblingexit/siblingexit.sumocfg', 120);
    expect(got.map((t) => [t.depart, r2(t.departPos), r2(t.departSpeed), t.arrival])).toEqual(want);
    if (SUMO_AVAILABLE) {
      const ref = [...runSumo(fixture('siblingexit/siblingexit.sumocfg')).trips].sort((a, b) => a.depart - b.depart);
      expect(ref.map((t) => [t.depart, t.departPos, t.departSpeed, t.arrival])).toEqual(want);
    }
  });

  it('the pending drivers of all roads are tried in the order they were built, not road by road', () => {
    // test/fixtures/sumo/sibling/order.sumocfg (its README): b, listed first on the road before a's, enters
    // at 0 s and a waits until 3 s, as in SUMO 1.15 (trip infos: b 0 -> 19 s, a 3 -> 22 s)
    const got = trips('sibling/order.sumocfg', 100);
    expect(got.map((t) => [t.route[0], t.depart, t.arrival])).toEqual([
      ['XG', 0, 19],
      ['GM', 3, 22],
    ]);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('sibling/order.sumocfg')).trips;
      expect(new Map(ref.map((t) => [t.id, [t.depart, t.arrival]]))).toEqual(new Map([['b', [0, 19]], ['a', [3, 22]]]));
    }
  });

  it("a given speed is not held against the driver's own top speed: a speed factor just below 1 still enters at the limit", () => {
    // type `slow` draws a speed factor of 0.9999, so its top speed on WM is 13.8886 m/s. SUMO redraws the factor
    // only for a given speed above that plus 0.01 m/s (MSEdge::validateDepartSpeed: 14.5 m/s gets 14.5 / 13.89 =
    // 1.0439) and does not compare the departure speed with the driver's top speed when it inserts, so all
    // four enter on time (a driver refused there would wait for ever, and block its road)
    const got = trips('insertion/limit.sumocfg', 200);
    expect(got.map((t) => t.depart)).toEqual([0, 20, 40, 60]);
    expect(got.slice(0, 3).map((t) => t.departSpeed)).toEqual([13.89, 13.89, 14.5]);
    expect(got[2]?.speedFactor).toBeCloseTo(14.5 / 13.89, 9);
    // "desired": the driver's own top speed (SUMO draws the factor to 4 decimals, tsgym does not: within 0.001 m/s)
    expect(got[3]?.departSpeed).toBeCloseTo(13.89 * 0.9999, 3);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('insertion/limit.sumocfg')).trips;
      expect(ref.map((t) => [t.depart, t.departSpeed])).toEqual([[0, 13.89], [20, 13.89], [40, 14.5], [60, 13.89]]);
    }
  });

  it('a driver entering just behind a junction waits until the through traffic approaching it keeps its secure gap', () => {
    // through drivers every 9 s at 13.89 m/s over WM (200 m) into ME; local drivers due every 7 s from 3 s
    // start standing at the start of ME. The one due at 31 s: the through driver that left at 18 s is 12 m
    // (less minGap) before its back, it needs 28.6 m to stop (brakeGap with tau 1 s), so it is refused; at 32 s
    // that driver is on the junction, 1.9 m short; at 33 s it is ahead and the local driver enters.
    // SUMO 1.15, seed 1 (MSLane::getFollowersOnConsecutive searches upstream through the junction):
    const due = (k: number): number => 3 + 7 * k;
    const delayed = new Map([
      [4, 33], [8, 60], [9, 69], [13, 96], [17, 123], [18, 132], [22, 159], [26, 186], [27, 195], [31, 222], [35, 249], [36, 258], [40, 285],
    ]);
    const want = Array.from({ length: 43 }, (_, k) => delayed.get(k) ?? due(k));
    const got = trips('insertion/upstream.sumocfg', 400).filter((t) => t.route[0] === 'ME').map((t) => t.depart);
    expect(got).toEqual(want);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('insertion/upstream.sumocfg')).trips.filter((t) => t.id.startsWith('local.'));
      expect(ref.map((t) => t.depart).sort((a, b) => a - b)).toEqual(want);
    }
  });

  it('departPos="free" patches any departure speed, "desired" and given ones too (MSLane::freeInsertion)', () => {
    // test/fixtures/sumo/freedesired: lane 0 of the 40 m road AB does not lead to BC, so a driver entering
    // there must be able to stop before its end, which 16.67 m/s does not allow. SUMO 1.15's trip infos: both
    // enter at once, at 15.75 m/s (free insertion calls isInsertionSuccess with patchSpeed whatever
    // departSpeed says; with departPos="base" SUMO refuses "desired" outright); tsgym waited for ever
    const got = trips('freedesired/freedesired.sumocfg', 60).map((t) => [t.depart, t.departSpeed.toFixed(2)]);
    expect(got).toEqual([
      [0, '15.75'],
      [30, '15.75'],
    ]);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('freedesired/freedesired.sumocfg')).trips;
      expect(ref.map((t) => [t.depart, t.departSpeed.toFixed(2)])).toEqual(got);
    }
  });
});
