import { describe, expect, it } from 'vitest';
import { trajectory } from './tsgymRun.js';

/*
 * Junction blocking avoidance gives way to "you cannot stop any more" (test/fixtures/sumo/keepclearcreep):
 * SUMO 1.15 withdraws the request of a driver with no room behind a keep-clear junction only where that
 * driver can still stop before the junction, its brake gap plus 0.1 m (POSITION_EPS). `car` departs
 * standing 0.05 m before the junction while `blocker` stands on JK with its back 1 m after it: SUMO keeps
 * its request, and the request-free link at K ahead lets it go, so it drives into junction J (2.55 m in
 * the step at 51 s, 7.75 m at 52 s), stops inside at 9.70 m, and leaves only after `blocker` (onto JK at
 * 103 s), arriving at 126 s. No dawdling.
 */

describe('a driver within 0.1 m of a keep-clear junction keeps its request', () => {
  it('enters the junction and waits inside as SUMO 1.15 does', () => {
    const { at, log } = trajectory('keepclearcreep/creep.sumocfg', (t) => t.route[0] === 'WJ');
    // SUMO 1.15's fcd: :J_1_0 at 2.55, 7.75, 9.70 m; still there at 102 s; JK_0 at 1.10 m at 103 s
    expect(at.get(51)).toBe('junction 2.55 2.60');
    expect(at.get(52)).toBe('junction 7.75 5.20');
    expect(at.get(53)).toBe('junction 9.70 1.95');
    expect(at.get(102)).toBe('junction 9.70 0.00');
    expect(at.get(103)).toBe('JK_0 1.10 2.60');
    const byRoad = new Map(log.arrived().map((t) => [t.route[0], t.arrival]));
    expect(byRoad.get('JK')).toBe(124);
    expect(byRoad.get('WJ')).toBe(126);
  });

  it('withdraws the request at the internal junction ahead, where it can still stop, and stops there', () => {
    // test/fixtures/sumo/keepclearij (its README): lt is 0.34 m before the line at 6.5 m/s when dep appears
    // standing at the start of CW; SUMO 1.15 keeps the entry request (it cannot stop before it) but
    // withdraws the one at the internal junction 4.41 m ahead (its link output), and lt stops there; fcd and
    // tripinfo
    const { at, log } = trajectory('keepclearij/keepclearij.sumocfg', (t) => t.route[0] === 'SC', 60);
    expect(at.get(13)).toBe('SC_0 92.46 6.50');
    expect(at.get(14)).toBe('junction 3.97 4.31');
    expect(at.get(15)).toBe('junction 6.40 6.50');
    expect(at.get(16)).toBe('CW_0 2.77 6.50');
    expect(new Map(log.arrived().map((t) => [t.route[0], t.arrival]))).toEqual(new Map([['CW', 29], ['SC', 46]]));
  });

  it('counts a driver ahead that will slow down for its next item as standing (SUMO 1.15 myHaveToWaitOnNextLink)', () => {
    // test/fixtures/sumo/havetowait: f withdraws its request at J1 while h, on the 10.6 m road after it,
    // brakes for its turn and arrival; SUMO 1.15's fcd and tripinfo
    const { at, log } = trajectory('havetowait/havetowait.sumocfg', (t) => t.depart === 23);
    expect(at.get(38)).toBe('WJ_0 182.24 13.13');
    expect(at.get(39)).toBe('WJ_0 190.87 8.63');
    expect(at.get(40)).toBe('junction 6.10 11.23');
    expect(log.arrived().map((t) => t.arrival).sort((a, b) => a - b)).toEqual([36, 51, 55]);
  });
});

