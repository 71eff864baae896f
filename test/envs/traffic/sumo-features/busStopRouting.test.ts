import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineFor, fixture, loadFixture } from './tsgymRun.js';

/*
 * A bus halted at its bus stop does not slow a road of two lanes for the routing device
 * (test/fixtures/sumo/busstoprouting, see its README): SUMO (1.13 on, #10336) leaves vehicles stopped at a
 * stop out of a lane's mean speed when the others can pass them (MSLane::getMeanSpeed on an edge with a lane
 * changer), while MSEdge::getMeanSpeed still weighs the lane by all its vehicles. A bus stands 900 s at a
 * stop on AU_0; car trips SA -> BE choose between AU UB (126.8 + 126.8 m) and AL LB (133.4 + 133.4 m) when
 * they depart. SUMO's own vehroute-output of the fixture is the expectation: the cars keep the short way
 * past the bus except when a queue of cars behind it slows the road; counting the bus as a vehicle of speed
 * 0 sent 28 of the 40 cars the long way.
 */

/** SUMO's routes of the fixture's cars, by departure time. */
function sumoRoutes(): Map<number, string> {
  const xml = readFileSync(fixture('busstoprouting/busstoprouting.vehroutes.xml'), 'utf8');
  const out = new Map<number, string>();
  for (const m of xml.matchAll(/<vehicle id="car\.\d+" type="car" depart="([\d.]+)"[^>]*>\s*<route edges="([^"]+)"/g)) {
    out.set(Number(m[1]), m[2] ?? '');
  }
  return out;
}

describe('routing past a bus halted at its bus stop (SUMO 1.15)', () => {
  it('leaves the stopped bus out of the road speed the trips are routed on: every car drives the route SUMO gives it', () => {
    const ref = sumoRoutes();
    expect(ref.size).toBe(40);
    const net = loadFixture('busstoprouting/busstoprouting.sumocfg');
    const e = engineFor(net);
    e.reset(1);
    const d = e.net.demand;
    const ours = new Map<number, string>();
    const seen = new Set<number>();
    let stoppedAt = -1;
    while (e.time < 1200) {
      e.step();
      const vs = e.veh;
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        if (d.typeIds[vs.type[v] ?? 0] === 'bus') {
          if (stoppedAt < 0 && vs.stopped[v] === 1) stoppedAt = e.time - e.dt;
          continue;
        }
        if (seen.has(vs.extId[v] ?? -1)) continue;
        seen.add(vs.extId[v] ?? -1);
        const r = vs.route[v] ?? 0;
        const roads: string[] = [];
        for (let i = 0; i < e.routes.length(r); i++) roads.push(e.net.roadIds[e.routes.road(r, i)] ?? '');
        ours.set(vs.depart[v] ?? -1, roads.join(' '));
      }
    }
    // the bus halts when SUMO's does (stop-output: started 22), so the roads' histories are alike
    expect(stoppedAt).toBe(22);
    expect(ours.size).toBe(40);
    const differ = [...ref].filter(([t, r]) => ours.get(t) !== r).map(([t]) => t);
    expect(differ).toEqual([]);
    // both ways are taken (the check is not trivially met by one of them)
    const ways = new Set(ours.values());
    expect(ways).toEqual(new Set(['SA AU UB BE', 'SA AL LB BE']));
  });
});
