import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineFor, fixture, loadFixture, TripLog } from './tsgymRun.js';

/*
 * Buses queueing inside a bus stop (test/fixtures/sumo/busstopqueue, see its README): the stop covers
 * 100-140 m of AB_0, five 12 m buses arrive 6 s apart. SUMO 1.15 stops each bus minGap (2.5 m) and
 * NUMERICAL_EPS behind the back of the one before (MSStoppingPlace::getLastFreePos); a bus that would not
 * have half its length inside waits; on two lanes the later buses overtake the queue and stop in front of
 * it. The expectations are SUMO's own stop-output and tripinfo of the fixture.
 */

interface SumoStop {
  readonly pos: number;
  readonly started: number;
  readonly ended: number;
}

function sumoStops(name: string): Map<string, SumoStop> {
  const xml = readFileSync(fixture(`busstopqueue/${name}.stopinfo.xml`), 'utf8');
  return new Map(
    [...xml.matchAll(/<stopinfo id="([^"]+)"[^>]*pos="([\d.]+)"[^>]*started="([\d.]+)" ended="([\d.]+)"/g)].map((m) => [
      m[1] ?? '',
      { pos: Number(m[2]), started: Number(m[3]), ended: Number(m[4]) },
    ]),
  );
}

/** SUMO's trips: id, type, depart, arrival. */
function sumoTrips(name: string): { id: string; type: string; depart: number; arrival: number }[] {
  const xml = readFileSync(fixture(`busstopqueue/${name}.tripinfo.xml`), 'utf8');
  return [...xml.matchAll(/<tripinfo id="([^"]+)" depart="([\d.]+)"[^>]*arrival="([\d.]+)"[^>]*vType="([^"]+)"/g)].map((m) => ({
    id: m[1] ?? '',
    depart: Number(m[2]),
    arrival: Number(m[3]),
    type: m[4] ?? '',
  }));
}

/** Runs a fixture to 300 s; stops (by SUMO's vehicle id, matched on type and departure) and arrivals. */
function runTsgym(name: string): { stops: Map<string, SumoStop>; arrivals: Map<string, number> } {
  const e = engineFor(loadFixture(`busstopqueue/${name}.sumocfg`));
  e.reset(1);
  const log = new TripLog(e);
  const byKey = new Map(sumoTrips(name).map((t) => [`${t.type}|${t.depart}`, t.id]));
  const vs = e.veh;
  const stops = new Map<string, SumoStop>();
  const open = new Map<number, string>();
  const idOf = (v: number): string => {
    const t = log.trips.get(vs.extId[v] ?? -1);
    return byKey.get(`${t?.type}|${t?.depart}`) ?? `?${vs.extId[v]}`;
  };
  while (e.time < 300) {
    e.step();
    log.observe();
    const label = e.time - e.dt;
    const now = new Set<number>();
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      if (vs.stopped[v] !== 1) continue;
      now.add(v);
      if (!open.has(v)) {
        open.set(v, idOf(v));
        stops.set(idOf(v), { pos: vs.pos[v] ?? 0, started: label, ended: Number.NaN });
      }
    }
    for (const [v, id] of open) {
      if (now.has(v)) continue;
      const s = stops.get(id);
      if (s) stops.set(id, { ...s, ended: label });
      open.delete(v);
    }
  }
  const arrivals = new Map([...log.trips.values()].map((t) => [byKey.get(`${t.type}|${t.depart}`) ?? `?${t.id}`, t.arrival]));
  return { stops, arrivals };
}

describe('buses queueing inside a bus stop (SUMO 1.15)', () => {
  it("stops each bus minGap behind the one before, and one that does not fit waits: SUMO's positions and times", () => {
    const ref = sumoStops('queue');
    const { stops, arrivals } = runTsgym('queue');
    expect([...ref.keys()].sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    for (const [id, s] of ref) {
      const got = stops.get(id);
      expect(got?.pos, id).toBeCloseTo(s.pos, 3);
      expect([got?.started, got?.ended], id).toEqual([s.started, s.ended]);
    }
    // by hand: 140, then 140 - 12 - 2.5 - 0.001 = 125.499, then 125.499 - 14.501 = 110.998
    expect(stops.get('b1')?.pos).toBeCloseTo(125.499, 6);
    expect(stops.get('b2')?.pos).toBeCloseTo(110.998, 6);
    for (const t of sumoTrips('queue')) expect(arrivals.get(t.id), t.id).toBe(t.arrival);
  });

  it("lets later buses overtake the queue on the left lane and stop in front of it, at SUMO's positions", () => {
    const ref = sumoStops('overtake');
    const { stops, arrivals } = runTsgym('overtake');
    for (const [id, s] of ref) {
      const got = stops.get(id);
      expect(got?.pos, id).toBeCloseTo(s.pos, 3);
      // the last bus waits on the left lane for the stop's front to clear and sets off 1 s later than in SUMO
      expect(Math.abs((got?.started ?? Number.NaN) - s.started), id).toBeLessThanOrEqual(id === 'b4' ? 1 : 0);
    }
    // every arrival within 1 s of SUMO's, in time order (two cars behind the last bus pass it in the other order)
    const want = sumoTrips('overtake').map((t) => t.arrival).sort((a, b) => a - b);
    const got = [...arrivals.values()].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
    expect(got.length).toBe(want.length);
    const off = got.filter((t, i) => Math.abs(t - (want[i] ?? Number.NaN)) > 1);
    expect(off).toEqual([]);
  });
});
