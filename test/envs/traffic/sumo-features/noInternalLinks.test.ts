import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A net written without internal lanes (test/fixtures/sumo/nointernal, `netconvert --no-internal-links`):
 * SUMO moves a vehicle from the end of one lane straight onto the next, so the junction is crossed in no
 * distance and a turn costs no slowing down. Two drivers at a constant 13.89 m/s (no dawdling, speed
 * factor 1) from a front position of 5.1 m over two lanes of 300 m, straight on and turning left:
 * each arrives after ceil((300 - 5.1 + 300) / 13.89) = 43 steps.
 */

const CFG = 'nointernal/nointernal.sumocfg';

describe('a network without internal lanes', () => {
  it('crosses the junction in no distance, straight on and turning, as SUMO 1.15 does', () => {
    const expected = Math.ceil((300 - 5.1 + 300) / 13.89);
    expect(expected).toBe(43);
    const e = engineFor(loadFixture(CFG));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 200, log);
    const durations = [...log.trips.values()].sort((a, b) => a.depart - b.depart).map((t) => t.arrival - t.depart);
    expect(durations).toEqual([expected, expected]);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG)).trips.sort((a, b) => a.depart - b.depart);
      expect(ref.map((t) => t.duration)).toEqual([expected, expected]);
    }
  });
});

/*
 * A 3x3 grid of two-lane roads with priority junctions, written without internal lanes
 * (test/fixtures/sumo/nointernalgrid, its README has the commands), 200 random trips without dawdling.
 * Its centre B1 lists its incoming lanes as B2B1, C1B1, B0B1, A1B1 while the file lists connections by
 * road id (A1B1 first): SUMO numbers the junction's links by the incoming lanes, each lane's links in
 * file order, so request 4 is B2B1_1's U-turn onto B1B2_1 and its response bits 8, 11 and 18 are
 * B0B1_0 -> B1B2_0, B0B1_1 -> B1B2_1 (straight on) and A1B1_1 -> B1B2_1 (left).
 */
const GRID = 'nointernalgrid/nointernalgrid.sumocfg';

describe('a grid without internal lanes', () => {
  const net = loadFixture(GRID);
  const conns = net.spec.connections;
  const find = (from: string, fromLane: number, to: string, toLane: number): number =>
    conns.findIndex((c) => c.from === from && c.fromLane === fromLane && c.to === to && c.toLane === toLane);

  it('reads the right of way of the junction logic, links numbered by the incoming lanes', () => {
    const uTurn = conns[find('B2B1', 1, 'B1B2', 1)];
    const names = (uTurn?.response ?? []).map((k) => `${conns[k]?.from}_${conns[k]?.fromLane}->${conns[k]?.to}_${conns[k]?.toLane}`).sort();
    // not the right turn from C1B1_0 into the lane beside its target
    expect(names).toEqual(['A1B1_1->B1B2_1', 'B0B1_0->B1B2_0', 'B0B1_1->B1B2_1']);
    // the minor road's straight movement yields to seven links, the major road's to none
    expect(conns[find('A1B1', 0, 'B1C1', 0)]?.response).toHaveLength(7);
    expect(conns[find('B2B1', 1, 'B1B0', 1)]?.response).toEqual([]);
  });

  it("holds the junction for the straight line between the lanes (SUMO's link length), though vehicles jump it", () => {
    const e = engineFor(net);
    // B2B1_1 ends at (198.4, 210.4); B1B0_1 starts at (198.4, 189.6), B1C1_1 at (210.4, 198.4)
    expect(e.net.linkLength[find('B2B1', 1, 'B1B0', 1)]).toBeCloseTo(20.8, 9);
    expect(e.net.linkLength[find('B2B1', 1, 'B1C1', 1)]).toBeCloseTo(Math.hypot(12, 12), 9);
  });

  it("drives 200 random trips as SUMO 1.15 does: at least 180 leave and arrive in SUMO's steps", () => {
    const text = readFileSync(fixture('nointernalgrid/sumo-trips.csv'), 'utf8').trim().split('\n').slice(1);
    const sumo = new Map(text.map((l) => l.split(',')).map(([id, d, a]) => [id ?? '', [Number(d), Number(a)]] as const));
    expect(sumo.size).toBe(200);
    const ids = [...readFileSync(fixture('nointernalgrid/nointernalgrid.rou.xml'), 'utf8').matchAll(/<vehicle id="([^"]+)"/g)].map((m) => m[1] ?? '');
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 600, log);
    let same = 0;
    for (const t of log.trips.values()) {
      const s = sumo.get(ids[t.id] ?? '');
      if (s && s[0] === t.depart && s[1] === t.arrival) same++;
    }
    expect(same).toBeGreaterThanOrEqual(180);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(GRID));
      expect(new Map(ref.trips.map((t) => [t.id, [t.depart, t.arrival] as const]))).toEqual(sumo);
    }
  });
});
