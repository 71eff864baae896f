import { describe, expect, it } from 'vitest';
import { trajectory } from './tsgymRun.js';

/*
 * A junction foe in the way is followed even when the entry order would let the ego go
 * (test/fixtures/sumo/intheway, its README). SUMO 1.15's MSVehicle::checkLinkLeader follows a link leader
 * when `isLeader` says so or when MSLink::getLeaderInfo reports it in the way (its back within its length
 * of the conflict point and not past it, its lane not ending at an internal junction). Here the foe `b`
 * stands on the second internal lane of its left turn, 3.57 m of its back before the crossing with the
 * ego's, and has withdrawn its request (so it no longer counts as having entered first).
 */

describe('a junction foe in the way', () => {
  it('stops a left turner at its internal junction until the foe has moved (SUMO 1.15 fcd and tripinfo)', () => {
    const { at, log } = trajectory('intheway/intheway.sumocfg', (t) => t.route[0] === 'TC', 160);
    expect(at.get(90)).toBe('junction 1.60 2.60');
    expect(at.get(91)).toBe('junction 3.97 2.37');
    expect(at.get(92)).toBe('junction 3.97 0.00');
    expect(at.get(112)).toBe('junction 3.97 0.00');
    expect(at.get(113)).toBe('junction 2.50 2.60');
    expect(at.get(114)).toBe('junction 7.70 5.20');
    expect(at.get(115)).toBe('CW_0 5.37 7.80');
    const arrival = new Map(log.arrived().map((t) => [t.route[0], t.arrival]));
    expect(arrival).toEqual(new Map([['WC', 121], ['TC', 122], ['EC', 123]]));
  });
});
