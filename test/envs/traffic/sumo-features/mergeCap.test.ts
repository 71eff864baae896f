import { describe, expect, it } from 'vitest';
import { trajectory } from './tsgymRun.js';

/*
 * A driver starting into a lane whose last driver came from another direction and still has its back
 * inside the junction (test/fixtures/sumo/mergecap): that back is not on the starting driver's path, so
 * the starting driver may drive up to the start of the lane, as SUMO 1.15 does.
 */

describe('starting behind a merging driver whose back is still inside the junction', () => {
  it('drives up to the start of the lane as SUMO 1.15 does', () => {
    const { at, log } = trajectory('mergecap/mergecap.sumocfg', (t) => t.route[0] === 'NC');
    // SUMO 1.15's fcd: 1.34 m into :C_3_0 at 2.34 m/s, then CN 0.32 m and 6.57 m
    expect(at.get(90)).toBe('junction 1.34 2.34');
    expect(at.get(91)).toBe('CN_0 0.32 3.65');
    expect(at.get(92)).toBe('CN_0 6.57 6.25');
    expect(new Map(log.arrived().map((t) => [t.route[0], t.arrival]))).toEqual(new Map([['WC', 96], ['NC', 99]]));
  });

  it('free insertion ahead of the front-most driver does not count a driver whose front has left the lane (SUMO 1.15)', () => {
    const { at, log } = trajectory('freepartial/freepartial.sumocfg', (t) => t.depart === 45);
    // SUMO 1.15's fcd: b at 84.60 m standing at 45 s, 86.90 m at 2.30 m/s at 46 s; arrivals a 54 s, b 56 s
    expect(at.get(45)).toBe('WC_0 84.60 0.00');
    expect(at.get(46)).toBe('WC_0 86.90 2.30');
    const late = log.arrived().filter((t) => t.depart >= 40).map((t) => t.arrival).sort((x, y) => x - y);
    expect(late).toEqual([54, 56]);
  });

  it('with departSpeed="max" free insertion sizes the gap ahead of the front-most driver for the speed of one whose back still covers the lane', () => {
    // freepartial/freemax.sumocfg: b as above but departSpeed="max"; SUMO 1.15 counts a (2.60 m/s, back at
    // 89.4 m) as the leader of that gap: 89.4 - 2.6 - 2.5 = 84.3 m < 84.6 m, so b waits one step and enters at
    // 46 s at 84.60 m, 6.35 m/s (its fcd); arrivals a 54 s, b 56 s
    const { at, log } = trajectory('freepartial/freemax.sumocfg', (t) => t.id === 12);
    expect(at.get(45)).toBeUndefined();
    expect(at.get(46)).toBe('WC_0 84.60 6.35');
    expect(at.get(47)).toBe('WC_0 90.95 6.35');
    expect(at.get(48)).toBe('junction 6.52 8.37');
    const late = log.arrived().filter((t) => t.depart >= 40).map((t) => t.arrival).sort((x, y) => x - y);
    expect(late).toEqual([54, 56]);
  });

  it('a driver held by a junction leader that has waited over 5 s gives up its request (SUMO 1.15 JUNCTION_BLOCKAGE_TIME)', () => {
    // test/fixtures/sumo/junctionblockage: minor no longer gives way to the stuck straight driver; SUMO 1.15's fcd
    const { at, log } = trajectory('junctionblockage/blockage.sumocfg', (t) => t.route[0] === 'WC');
    expect(at.get(70)).toBe('junction 3.93 8.00');
    expect(at.get(71)).toBe('CN_0 1.80 8.00');
    expect(log.arrived().map((t) => t.arrival).sort((x, y) => x - y)).toEqual([78, 121, 123, 144]);
  });
});

