import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * Who teleports and how a teleported vehicle comes back, as SUMO 1.15 (test/fixtures/sumo/teleportback,
 * its README has SUMO's figures): the first vehicle of a lane that is not at a stop is checked, so one
 * stuck behind a stopped vehicle teleports ("blocked"); a teleported vehicle is tried after the step's
 * insertions, from the start of the road (MSLane::freeInsertion), and passes a road it cannot enter in
 * that road's current travel time.
 */

interface Back {
  t: number;
  pos: number;
  speed: number;
}

function run(cfg: string, until: number, watch?: number): { log: TripLog; teleports: number[]; stats: Record<string, number>; back?: Back } {
  const e = engineFor(loadFixture(cfg));
  e.reset(1);
  const log = new TripLog(e);
  const teleports: number[] = [];
  let back: Back | undefined;
  let wasTeleporting = false;
  runUntil(e, until, log, () => {
    while (e.counters.teleports > teleports.length) teleports.push(e.time - e.dt);
    if (watch === undefined || back) return;
    const vs = e.veh;
    let tp = false;
    for (let i = 0; i < e.tpCount; i++) if (vs.extId[e.tpList[i] ?? 0] === watch) tp = true;
    if (wasTeleporting && !tp) {
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        if (vs.extId[v] === watch) back = { t: e.time - e.dt, pos: vs.pos[v] ?? 0, speed: vs.speed[v] ?? 0 };
      }
    }
    wasTeleporting = tp;
  });
  const m = e.metrics();
  return { log, teleports, stats: { inserted: m.inserted ?? 0, running: m.running ?? 0, arrived: m.arrived ?? 0 }, ...(back ? { back } : {}) };
}

describe('teleports as SUMO 1.15: who, and where and when they come back', () => {
  it('the driver stuck behind a stopped vehicle teleports after time-to-teleport and comes back at the start of the next road', () => {
    const r = run('teleportback/blocked.sumocfg', 400);
    expect(r.teleports).toEqual([74, 138, 202, 266, 330, 394]);
    // back at once on C, front at 5 m, 300 m to drive from standing: SUMO's arrivals
    const arrivals = r.log.arrived().map((t) => t.arrival).sort((a, b) => a - b);
    expect(arrivals).toEqual([96, 160, 224, 288, 352]);
    expect(r.stats).toEqual({ inserted: 16, running: 11, arrived: 5 });
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('teleportback/blocked.sumocfg'));
      expect(ref.teleportTimes).toEqual(r.teleports);
      expect(ref.trips.filter((t) => t.arrival >= 0).map((t) => t.arrival).sort((a, b) => a - b)).toEqual(arrivals);
    }
  });

  it('a teleported vehicle is tried after the insertions and waits on a full road until it has room', () => {
    // f (the 16th vehicle, id 15) teleports at the red light at 119 s; b13 takes the room on B in that step
    const r = run('teleportback/return.sumocfg', 600, 15);
    expect(r.teleports).toContain(119);
    expect(r.back?.t).toBe(149);
    expect(r.back?.pos).toBeCloseTo(5.0, 2);
    expect(r.back?.speed).toBeCloseTo(0.09, 2);
    expect(r.teleports).toHaveLength(10);
    expect(r.stats.arrived).toBe(8);
    expect(r.stats.running).toBe(8);
    // a program with no green at all (SUMO accepts it) runs the same
    const closed = run('teleportback/closed.sumocfg', 600, 15);
    expect(closed.back).toEqual(r.back);
    expect(closed.stats).toEqual(r.stats);
  });

  it('teleported drivers come back in the order they were built, not the order they were taken off', () => {
    // test/fixtures/sumo/tporder (its README): y teleports at 30 s, x at 46 s; x (built first) gets the
    // first room on T (112 s), y the next (115 s), as in SUMO 1.15
    const r = run('tporder/tporder.sumocfg', 300);
    expect(r.teleports).toEqual([30, 46]);
    const byDepart = new Map(r.log.arrived().map((t) => [t.depart, t.arrival]));
    expect(byDepart.get(1)).toBe(136);
    expect(byDepart.get(2)).toBe(138);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('tporder/tporder.sumocfg'));
      expect(ref.teleportTimes).toEqual(r.teleports);
      expect(ref.trips.find((t) => t.id === 'x')?.arrival).toBe(136);
      expect(ref.trips.find((t) => t.id === 'y')?.arrival).toBe(138);
    }
  });

  it('departPos="free" on an empty road: the front at the road\'s start (SUMO\'s free insertion)', () => {
    const e = engineFor(loadFixture('teleportback/free.sumocfg'));
    e.reset(1);
    const first = new Map<number, number>();
    runUntil(e, 100, undefined, () => {
      const vs = e.veh;
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        const id = vs.extId[v] ?? -1;
        if (!first.has(id)) first.set(id, vs.pos[v] ?? -1);
      }
    });
    // SUMO 1.15: a at 0.00 on C, s at 100.00 on B (its departPos 200 clamped), q at 0.00 on C
    expect(first.get(0)).toBeCloseTo(0, 6);
    expect(first.get(2)).toBeCloseTo(0, 6);
  });

  it('stops end where endPos says, at the end of the lane too', () => {
    const e = engineFor(loadFixture('teleportback/stops.sumocfg'));
    e.reset(1);
    const at = new Map<number, number>();
    runUntil(e, 200, undefined, () => {
      const vs = e.veh;
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        if (vs.stopped[v] === 1) at.set(vs.extId[v] ?? -1, vs.pos[v] ?? 0);
      }
    });
    // SUMO 1.15: 100.0 (endPos 100 = the lane's length), 100.0 (no endPos), 99.95, 50.0
    expect([...at.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect(at.get(0)).toBeCloseTo(100, 2);
    expect(at.get(1)).toBeCloseTo(100, 2);
    expect(at.get(2)).toBeCloseTo(99.95, 2);
    expect(at.get(3)).toBeCloseTo(50, 2);
  });
});
