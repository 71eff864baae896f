import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A lane change inside a junction next to a sibling internal lane (one leaving the same lane) whose driver
 * has not passed the divergence point (test/fixtures/sumo/lcsibling, its README). SUMO 1.15's
 * `MSLink::getLeaderInfo` skips a foe lane that is behind the querying driver, and while lane changing
 * (`MSGlobals::gComputeLC`) only once the driver's back, not its front, is past the crossing point; for a
 * same-source lane the crossing point is the divergence point. `through` (30 m long) stands on `:J_0_0`
 * with its back before the point where that lane parts from `:J_1_0`; `turn` crosses on `:J_1_1` and must
 * change to `:J_1_0`. Its front past the divergence point but not its back, it stays (early.sumocfg); its
 * back past it, it changes inside the junction (late.sumocfg). Once on `ahead_1` with its back still in
 * the junction, the foes of `:J_1_0` count as its followers on `ahead_0` (`getFollowersOnConsecutive`'s
 * junction foes that would interfere with lane changing; back.sumocfg).
 */

/** Where `turn` is after each step, as SUMO's fcd has it: `lane pos speed`, internal lanes by SUMO id. */
function turnTrajectory(cfg: string): Map<number, string> {
  const e = engineFor(loadFixture(cfg));
  e.reset(1);
  const log = new TripLog(e);
  const n = e.net;
  // this junction's internal lanes, named as in lcsib.net.xml
  const internal = new Map([['in_0>right_0', ':J_0_0'], ['in_0>ahead_0', ':J_1_0'], ['in_1>ahead_1', ':J_1_1']]);
  const name = (s: number): string => {
    if (s < n.nLanes) return `${n.roadIds[n.laneRoad[s] ?? 0] ?? '?'}_${n.laneIndex[s] ?? 0}`;
    const c = n.segConn[s] ?? 0;
    const lane = (l: number): string => `${n.roadIds[n.laneRoad[l] ?? 0] ?? '?'}_${n.laneIndex[l] ?? 0}`;
    const key = `${lane(n.connFromLane[c] ?? 0)}>${lane(n.connToLane[c] ?? 0)}`;
    return internal.get(key) ?? key;
  };
  const at = new Map<number, string>();
  runUntil(e, 30, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      if (log.trips.get(vs.extId[v] ?? -1)?.route.join(' ') !== 'in ahead up') continue;
      at.set(e.time - e.dt, `${name(vs.seg[v] ?? 0)} ${(vs.pos[v] ?? 0).toFixed(2)} ${(vs.speed[v] ?? 0).toFixed(2)}`);
    }
  });
  return at;
}

describe('lane change inside a junction beside a sibling driver before the divergence point (SUMO 1.15 fcd)', () => {
  it('stays while its own back is still before the divergence point', () => {
    const at = turnTrajectory('lcsibling/early.sumocfg');
    expect(at.get(21)).toBe('in_1 53.89 13.89');
    expect(at.get(22)).toBe(':J_1_1 9.84 11.95');
    // front 23.73 m, past the divergence point (about 21 m); back 18.73 m, not yet
    expect(at.get(23)).toBe(':J_1_1 23.73 13.89');
    expect(at.get(24)).toBe('ahead_0 7.02 13.89');
  });

  it('changes once its back is past the divergence point', () => {
    const at = turnTrajectory('lcsibling/late.sumocfg');
    expect(at.get(21)).toBe(':J_1_1 1.60 12.60');
    expect(at.get(22)).toBe(':J_1_1 15.49 13.89');
    expect(at.get(23)).toBe(':J_1_0 29.38 13.89');
    expect(at.get(24)).toBe('ahead_0 12.67 13.89');
  });

  it('on the road after the junction, its back still inside, the sibling driver counts as its follower', () => {
    // SUMO's getFollowersOnConsecutive for the target lane ahead_0: the junction foes of :J_1_0 (the lane of
    // the same internal edge leading onto it), asked from turn's back (4.43 m before ahead, past the
    // divergence point by less than its length): through, behind the divergence point, blocks the change
    const at = turnTrajectory('lcsibling/back.sumocfg');
    expect(at.get(22)).toBe(':J_1_1 17.28 13.89');
    expect(at.get(23)).toBe('ahead_1 0.57 13.89');
    expect(at.get(24)).toBe('ahead_0 14.46 13.89');
  });
});
