import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, meanSd, runSeeds, runUntil } from './tsgymRun.js';

/*
 * A saturated dead-end side road with a turnaround, off a busy 2-lane main road
 * (test/fixtures/sumo/deadend): left turners into the side road wait at an internal junction inside the
 * main junction, and SUMO lets them into the junction only when the side road has room behind it.
 */

const CFG = 'deadend/deadend.sumocfg';
const SEEDS = [1, 2, 3];
const END = 3600;
// SUMO 1.15 on the same files, seeds 1-3 (the fixture's README), for machines without SUMO
const SUMO_RECORDED = { arrived: [1425, 1399, 1376], teleports: [1, 2, 2], travel: [142.4, 145.7, 150.2] };

describe('dead-end side road with a turnaround', () => {
  const net = loadFixture(CFG);

  it('no left turner waits inside the junction while the side road has no room behind it', () => {
    const e = engineFor(net);
    e.reset(1);
    const n = e.net;
    const c = net.spec.connections.findIndex((x) => x.from === 'WJ' && x.to === 'JD');
    const jd = n.roadLaneStart[n.roadIds.indexOf('JD')] ?? 0;
    const need = 7.5; // a passenger car with its gap
    let longest = 0;
    const standing = new Map<number, number>();
    runUntil(e, END, undefined, () => {
      const vs = e.veh;
      // room on the side road: up to the back of its rearmost vehicle
      const tail = e.segTail[jd] ?? -1;
      const room = tail >= 0 ? (vs.pos[tail] ?? 0) - 5 : (n.segLength[jd] ?? 0);
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        if (n.segConn[vs.seg[v] ?? 0] !== c || (vs.speed[v] ?? 0) >= 0.1) {
          standing.delete(v);
          continue;
        }
        const since = standing.get(v) ?? e.time;
        standing.set(v, since);
        if (room < need) longest = Math.max(longest, e.time - since);
      }
    });
    // a driver can be caught inside when the room is taken after it entered (by drivers turning in from
    // the other side), but it is never held there for long: SUMO 1.15's longest such wait on seeds 1-3 is
    // 43, 61 and 53 s (its fcd, the same measure); before the fix drivers stood inside for up to 300 s and
    // blocked the side road's exit
    expect(longest).toBeLessThan(90);
  });

  it('serves the side road as SUMO does: arrivals within 5 %, travel time within 15 %, teleports within 3', () => {
    const r = runSeeds(net, SEEDS, END);
    const ref = SUMO_AVAILABLE
      ? SEEDS.map((seed) => runSumo(fixture(CFG), { seed }))
      : undefined;
    const arrived = ref ? ref.reduce((a, x) => a + x.trips.length, 0) : SUMO_RECORDED.arrived.reduce((a, x) => a + x, 0);
    const travel = ref
      ? ref.reduce((a, x) => a + x.trips.reduce((b, t) => b + t.duration, 0), 0) / arrived
      : SUMO_RECORDED.travel.reduce((a, x, i) => a + x * (SUMO_RECORDED.arrived[i] ?? 0), 0) / arrived;
    const teleports = meanSd(ref ? ref.map((x) => x.teleports) : SUMO_RECORDED.teleports).mean;
    expect(Math.abs(r.arrived - arrived) / arrived).toBeLessThan(0.05);
    expect(Math.abs(r.travelSum / r.arrived - travel) / travel).toBeLessThan(0.15);
    expect(Math.abs(meanSd(r.teleports).mean - teleports)).toBeLessThanOrEqual(3);
  });
});
