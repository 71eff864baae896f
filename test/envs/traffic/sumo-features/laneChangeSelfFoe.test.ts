import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A driver that changed lanes inside a junction reaches the road after it with its back still on the
 * internal lane it changed to, and that lane leaves the same lane as the internal lane leading onto its
 * target lane (test/fixtures/sumo/lcselffoe, its README). SUMO 1.15's follower search for the target lane
 * (`MSLane::getFollowersOnConsecutive`, junction foes that would interfere with lane changing) asks the
 * link out of that internal lane for its foes, and `MSLink::getLeaderInfo` never reports the asking
 * vehicle itself: the driver's own back on the sibling lane is no follower, and it changes at once.
 */

/** Where `ego` is after each step, as SUMO's fcd has it: `lane pos speed`, internal lanes by SUMO id. */
function egoTrajectory(cfg: string): Map<number, string> {
  const e = engineFor(loadFixture(cfg));
  e.reset(1);
  const log = new TripLog(e);
  const n = e.net;
  // this junction's internal lanes, named as in lcself.net.xml
  const internal = new Map([['in_0>out_0', ':J_0_0'], ['in_1>out_1', ':J_0_1'], ['in_1>out_2', ':J_0_2']]);
  const lane = (l: number): string => `${n.roadIds[n.laneRoad[l] ?? 0] ?? '?'}_${n.laneIndex[l] ?? 0}`;
  const name = (s: number): string => {
    if (s < n.nLanes) return lane(s);
    const c = n.segConn[s] ?? 0;
    const key = `${lane(n.connFromLane[c] ?? 0)}>${lane(n.connToLane[c] ?? 0)}`;
    return internal.get(key) ?? key;
  };
  const at = new Map<number, string>();
  runUntil(e, 6, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      at.set(e.time - e.dt, `${name(vs.seg[v] ?? 0)} ${(vs.pos[v] ?? 0).toFixed(2)} ${(vs.speed[v] ?? 0).toFixed(2)}`);
    }
  });
  return at;
}

describe('a lane changer whose back is on a sibling internal lane is not its own follower (SUMO 1.15 fcd)', () => {
  it('changes on the road after the junction with its back still inside', () => {
    const at = egoTrajectory('lcselffoe/ego.sumocfg');
    expect(at.get(0)).toBe('in_0 90.00 8.00');
    // changed from :J_0_0 inside the junction
    expect(at.get(1)).toBe(':J_0_1 2.00 8.00');
    // on out_1 at 1.46 m, its back 3.54 m inside :J_0_1, it changes to out_2 in the same step
    expect(at.get(2)).toBe('out_2 1.46 8.00');
    expect(at.get(3)).toBe('out_2 9.46 8.00');
  });
});
