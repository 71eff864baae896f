import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrafficEngine } from '../../../../envs/traffic/engine/TrafficEngine.js';
import { VEH_RUNNING } from '../../../../envs/traffic/engine/VehicleStore.js';
import { importScenario, scenario } from './generatedScenario.js';
import { engineFor, runUntil, segName } from './tsgymRun.js';

/*
 * Property: every vehicle is accounted for exactly once, on imported SUMO networks with random demand
 * (generatedScenario.ts), whatever the junction types, departure attributes and teleport setting. At
 * every step: inserted = arrived + vaporized (a teleport past the route's end) + running (parked ones included)
 * + teleporting; queued = inserted + waiting to be inserted + discarded;
 * each running vehicle is on exactly one segment list (linked both ways, as long as the segment's count,
 * its front on the segment).
 */

function firstMiscount(e: TrafficEngine): string | undefined {
  const m = e.metrics();
  const inserted = m.inserted ?? 0;
  if (inserted !== (m.arrived ?? 0) + (m.vaporized ?? 0) + (m.running ?? 0) + e.tpCount)
    return `t=${e.time}: inserted ${inserted} != arrived ${m.arrived} + vaporized ${m.vaporized} + running ${m.running} + teleporting ${e.tpCount}`;
  const discarded = e.counters.discarded;
  if (e.counters.queued !== inserted + (m.pending ?? 0) + discarded)
    return `t=${e.time}: queued ${e.counters.queued} != inserted ${inserted} + pending ${m.pending} + discarded ${discarded}`;
  const vs = e.veh;
  const seen = new Set<number>();
  for (let s = 0; s < e.net.nSegs; s++) {
    let n = 0;
    let prev = -1;
    for (let v = e.segHead[s] ?? -1; v >= 0 && n <= (e.segCount[s] ?? 0); v = vs.behind[v] ?? -1) {
      n++;
      if (vs.state[v] !== VEH_RUNNING || vs.seg[v] !== s)
        return `${segName(e, s)}: vehicle ${vs.extId[v]} listed but state ${vs.state[v]}, segment ${vs.seg[v]}`;
      if (vs.ahead[v] !== prev) return `${segName(e, s)}: vehicle ${vs.extId[v]}'s link to the vehicle ahead is broken`;
      if (seen.has(v)) return `vehicle ${vs.extId[v]} on two lists`;
      const pos = vs.pos[v] ?? 0;
      if (pos < -1e-6 || pos > (e.net.segLength[s] ?? 0) + 1e-6)
        return `${segName(e, s)}: vehicle ${vs.extId[v]} at ${pos}, outside [0, ${e.net.segLength[s]}]`;
      seen.add(v);
      prev = v;
    }
    if (n !== e.segCount[s]) return `${segName(e, s)}: ${n} vehicles listed, count ${e.segCount[s]}`;
    if (e.segTail[s] !== prev) return `${segName(e, s)}: the tail is not the last listed vehicle`;
  }
  // parked vehicles count as running but stand on no segment
  const onRoad = (m.running ?? 0) - e.parked.length;
  if (seen.size !== vs.runCount || seen.size !== onRoad) return `t=${e.time}: ${vs.runCount} running, ${seen.size} listed, ${onRoad} counted`;
  return undefined;
}

describe('property: conservation of vehicles', () => {
  it('every vehicle is queued, running, teleporting or arrived, and listed on exactly one segment while running', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const e = engineFor(importScenario(s));
        e.reset(s.seed);
        let steps = 0;
        runUntil(e, 400, undefined, () => {
          const bad = firstMiscount(e);
          if (bad) throw new Error(bad);
          steps++;
        });
        expect(steps).toBe(400);
        // every explicit vehicle was queued (all depart by 240 s)
        expect(e.counters.queued).toBeGreaterThanOrEqual(s.vehicles.length);
      }),
      { numRuns: 20, seed: 15 },
    );
  });
});
