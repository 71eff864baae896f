import { describe, expect, it } from 'vitest';
import { trajectory } from './tsgymRun.js';

/*
 * The leader the lane changer sees from a red light (test/fixtures/sumo/redleader): SUMO 1.15's
 * `MSLane::getLeaderOnConsecutive` (behind `MSLaneChanger::getRealLeader`) stops only where the route has
 * no connection, not at a red link, so `a`, standing at the red light on the right lane, has the slow `b`
 * beyond the junction as its leader, expects to go faster on the left lane and changes there for speed
 * while it waits.
 */

describe('lane-change leader beyond a red light (SUMO 1.15)', () => {
  it('changes left for speed at the red light behind a slow driver beyond the junction, then back to keep right (SUMO 1.15 fcd)', () => {
    const { at } = trajectory('redleader/redleader.sumocfg', (t) => t.route[0] === 'AJ', 60);
    expect(at.get(14)).toBe('AJ_0 195.00 0.00');
    expect(at.get(15)).toBe('AJ_1 195.00 0.00');
    expect(at.get(37)).toBe('AJ_1 195.00 0.00');
    expect(at.get(38)).toBe('AJ_0 195.00 0.00');
    expect(at.get(45)).toBe('junction 1.60 2.60');
    expect(at.get(47)).toBe('JC_0 3.40 7.80');
    expect(at.get(53)).toBe('JC_0 82.36 13.89');
    expect(at.get(54)).toBe('JC_1 95.36 13.00');
  });
});
