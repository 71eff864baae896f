import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A driver that slowed down for a minor link keeps its later junction entries unrequested, however many
 * links follow (test/fixtures/sumo/minorabort, its README). SUMO 1.15's MSVehicle::planMoveInternal sets
 * `slowedDownForMinor` once and never clears it within a look-ahead, so every later entry link gets
 * `abortRequestAfterMinor`; tsgym cleared it at the next link (a priority link between), so the foe `f0`
 * still requested the merge at `J3` and the minor-road driver `g0` waited there for it.
 */

describe('requests after slowing down for a minor link', () => {
  it('the merging driver goes before the foe that slowed at an earlier minor link (SUMO 1.15 tripinfo)', () => {
    const e = engineFor(loadFixture('minorabort/m.sumocfg'));
    const log = new TripLog(e);
    runUntil(e, 800, log);
    const arrival = new Map(log.arrived().map((t) => [`${t.route[0]}@${t.depart}`, t.arrival]));
    // SUMO 1.15 tripinfo (trip.xml): g0 arrives at 42 s, before f0 (44 s); tsgym without the rule had g0 at 48 s
    expect(arrival.get('MJ3@0')).toBe(42);
    expect(arrival.get('AJ1@0')).toBe(44);
    const sumo: [string, number][] = [
      ['AJ1@60', 104], ['MJ3@61', 108], ['AJ1@120', 164], ['MJ3@122', 168], ['AJ1@180', 224], ['MJ3@183', 228],
      ['AJ1@240', 284], ['MJ3@244', 288], ['AJ1@300', 344], ['MJ3@305', 347], ['AJ1@360', 404], ['MJ3@366', 408],
      ['AJ1@420', 464], ['MJ3@427', 469], ['AJ1@480', 524], ['MJ3@488', 530], ['AJ1@540', 584], ['MJ3@549', 591],
      ['AJ1@600', 644], ['MJ3@610', 652], ['AJ1@660', 704], ['MJ3@671', 713], ['AJ1@720', 764], ['MJ3@732', 774],
    ];
    for (const [k, t] of sumo) expect([k, arrival.get(k)]).toEqual([k, t]);
  });
});
