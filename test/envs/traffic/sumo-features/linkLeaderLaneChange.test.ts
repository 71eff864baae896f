import { describe, expect, it } from 'vitest';
import { trajectory } from './tsgymRun.js';

/*
 * The lane changer's leaders from a road include the junction's link leaders
 * (test/fixtures/sumo/lclinkleader, a netgenerate 3x3 signal grid with random trips and deterministic
 * drivers). SUMO 1.15's `MSLaneChanger::getRealLeader` asks `MSLane::getLeaderOnConsecutive`, within the
 * driver's braking distance of its lane's end, for the leader on its own lane and on the lane beside it;
 * past the road's (empty) internal lane that search reports the vehicles crossing the junction ahead
 * (`MSLink::getLeaderInfo` of the internal lane's exit link). Driver 121, approaching the junction `B0`
 * on `C0B0_0`, has the left turner 130 (on `:B0_14_0`, 6.69 m/s) as leader on both lanes (SUMO's
 * lanechange-output: origLeaderGap 6.85, leaderGap 12.50) and changes left for speed at 223 s; without
 * the link leaders tsgym changed only at 229 s.
 */

describe('link leaders in the lane changer from a road (SUMO 1.15)', () => {
  it('changes left for speed beside a left turner crossing the junction ahead, then back to keep right (SUMO 1.15 fcd)', () => {
    const { at, log } = trajectory('lclinkleader/lclinkleader.sumocfg', (t) => t.id === 121, 240);
    expect(log.trips.get(121)?.route[0]).toBe('C0C1');
    expect(at.get(221)).toBe('C0B0_0 111.96 13.89');
    expect(at.get(222)).toBe('C0B0_0 123.21 11.25');
    expect(at.get(223)).toBe('C0B0_1 129.95 6.75');
    expect(at.get(224)).toBe('C0B0_1 132.20 2.25');
    expect(at.get(231)).toBe('C0B0_1 132.20 0.00');
    expect(at.get(232)).toBe('C0B0_0 132.20 0.00');
    expect(at.get(234)).toBe('C0B0_0 132.20 0.00');
  });

  it('ignores link leaders beyond a red light: at red, it changes for speed behind the right turner on the next road (SUMO 1.15 fcd)', () => {
    // red.sumocfg (the redleader net): `a` waits at the red light on AJ_0 from 7 s; the slow right turners
    // from SJ cross onto JC_0. SUMO's leader for `a` is the last of them on JC_0 (at 15 s: origLeaderGap
    // 9.57, 3.00 m/s), never one still on the internal lane :J_0_0 (s.0 at 12 s); with those counted tsgym
    // changed at 12 s
    const { at } = trajectory('lclinkleader/red.sumocfg', (t) => t.route[0] === 'AJ', 80);
    expect(at.get(7)).toBe('AJ_0 195.00 1.83');
    expect(at.get(14)).toBe('AJ_0 195.00 0.00');
    expect(at.get(15)).toBe('AJ_1 195.00 0.00');
    expect(at.get(44)).toBe('AJ_1 195.00 0.00');
    expect(at.get(47)).toBe('JC_1 3.40 7.80');
    expect(at.get(74)).toBe('JC_1 374.05 13.89');
    expect(at.get(75)).toBe('JC_0 387.94 13.89');
  });
});
