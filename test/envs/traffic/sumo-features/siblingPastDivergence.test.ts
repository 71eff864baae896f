import { describe, expect, it } from 'vitest';
import { trajectory } from './tsgymRun.js';

/*
 * A driver past the point where its internal lane parts from a sibling (an internal lane from the same
 * lane) no longer follows a driver on that sibling (test/fixtures/sumo/siblingpast, its README). SUMO
 * 1.15's MSLink::getLeaderInfo skips a foe lane once the querying driver is past the crossing point
 * (`distToCrossing < 0`); for a same-source foe lane the crossing is the divergence point and has no width.
 * Here `turn` stands on its left turn `:J_1_0` (front 19.43 m, well past the divergence) behind `block`;
 * the 30 m long `through` goes straight on `:J_0_0`, and at 20 s its front is on `east` while its back
 * is still on `:J_0_0` before the divergence point. `block` drives off at 20 s and `turn` follows at once.
 */

describe('a sibling driver behind the divergence point', () => {
  it('does not hold a driver already past it (SUMO 1.15 fcd and tripinfo)', () => {
    const { at, log } = trajectory('siblingpast/sib.sumocfg', (t) => t.route[0] === 'in' && t.route[1] === 'north', 60);
    expect(at.get(19)).toBe('junction 19.43 0.00');
    expect(at.get(20)).toBe('junction 19.43 0.00');
    expect(at.get(21)).toBe('north_0 0.10 2.60');
    expect(at.get(22)).toBe('north_0 5.30 5.20');
    expect(at.get(23)).toBe('north_0 13.10 7.80');
    const through = trajectory('siblingpast/sib.sumocfg', (t) => t.route[1] === 'east', 60).at;
    // the situation: at 20 s the 30 m driver's front is 7.04 m on `east`, its back 4.24 m on `:J_0_0`
    expect(through.get(19)).toBe('junction 20.35 13.89');
    expect(through.get(20)).toBe('east_0 7.04 13.89');
    const arrival = new Map(log.arrived().map((t) => [t.route.join(' '), t.arrival]));
    expect(arrival).toEqual(new Map([['north', 35], ['in north', 36], ['in east', 33]]));
  });
});
