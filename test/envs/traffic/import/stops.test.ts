import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TrafficEngine } from '../../../../envs/traffic/engine/TrafficEngine.js';
import { formatWarnings } from '../../../../envs/traffic/import/ImportLog.js';
import { importSumo } from '../../../../envs/traffic/import/importSumo.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';

const DIR = new URL('../../../fixtures/sumo/stops/', import.meta.url).pathname;
const read = (f: string): { text: string; file: string } => ({ text: readFileSync(DIR + f, 'utf8'), file: f });

/** SUMO 1.15's stop-output of the fixture: [vehicle, started, ended]. */
function sumoStops(): [string, number, number][] {
  const xml = readFileSync(`${DIR}stops.stopinfo.xml`, 'utf8');
  return [...xml.matchAll(/<stopinfo id="([^"]+)"[^>]*started="([\d.]+)" ended="([\d.]+)"/g)].map((m) => [m[1] ?? '', Number(m[2]), Number(m[3])]);
}

/** SUMO 1.15's tripinfo of the fixture: vehicle id to [depart, arrival]. */
function sumoTrips(): Map<string, [number, number]> {
  const xml = readFileSync(`${DIR}stops.tripinfo.xml`, 'utf8');
  return new Map([...xml.matchAll(/<tripinfo id="([^"]+)" depart="([\d.]+)"[^>]*arrival="([\d.]+)"/g)].map((m) => [m[1] ?? '', [Number(m[2]), Number(m[3])]]));
}

describe('SUMO stops', () => {
  it('reads stops at a bus stop of an additional file, at a lane position with until, and inside nested routes', () => {
    const r = loadNetworkFile(`${DIR}stops.sumocfg`);
    const v = r.spec.demand?.vehicles ?? [];
    expect(v.find((x) => x.id === 'bus0')?.stops).toEqual([{ road: 'AB', lane: 0, endPos: 150, duration: 20, stoppingPlace: 'bs' }]);
    expect(r.spec.demand?.stoppingPlaces).toEqual([{ id: 'bs', road: 'AB', lane: 0, startPos: 130, endPos: 150 }]);
    expect(v.find((x) => x.id === 'bus1')?.stops).toEqual([{ road: 'AB', lane: 0, endPos: 200, duration: 10, until: 100 }]);
    expect(formatWarnings(r.warnings).join('\n')).not.toMatch(/stop/);
  });

  it('gives one error naming file, line and field for a stop at an unknown bus stop or off the route', () => {
    const net = read('stops.net.xml');
    const bad = '<routes>\n<vehicle id="v" depart="0">\n<route edges="AB BC"/>\n<stop busStop="nope" duration="5"/>\n</vehicle>\n</routes>';
    expect(() => importSumo({ net, routes: [{ text: bad, file: 'b.rou.xml' }] })).toThrow(/^b\.rou\.xml:4: stop of vehicle 'v': attribute 'busStop': unknown busStop 'nope'/);
    const off = '<routes>\n<vehicle id="v" depart="0">\n<route edges="BC"/>\n<stop lane="AB_0" duration="5"/>\n</vehicle>\n</routes>';
    expect(() => importSumo({ net, routes: [{ text: off, file: 'c.rou.xml' }] })).toThrow(/stop on road 'AB', which is not on the route/);
  });

  it('gives one error naming file, line and field for a bus stop outside its lane or ending before it begins', () => {
    const net = read('stops.net.xml');
    const rou = {
      text: '<routes>\n<vehicle id="v" depart="0">\n<route edges="AB BC"/>\n<stop busStop="bs" duration="5"/>\n</vehicle>\n</routes>',
      file: 'v.rou.xml',
    };
    const add = (attrs: string): { text: string; file: string } => ({ text: `<additional>\n<busStop id="bs" ${attrs}/>\n</additional>`, file: 'b.add.xml' });
    expect(() => importSumo({ net, routes: [rou], additional: [add('lane="AB_0" startPos="150" endPos="130"')] })).toThrow(
      /^b\.add\.xml:2: busStop 'bs': attribute 'endPos': expected 0 <= startPos < endPos <= [\d.]+ \(the length of lane 'AB_0'\), got 150 \.\. 130/,
    );
    expect(() => importSumo({ net, routes: [rou], additional: [add('lane="AB_0" startPos="10" endPos="9000"')] })).toThrow(/b\.add\.xml:2: busStop 'bs': attribute 'endPos': expected 0 <= startPos < endPos/);
    expect(() => importSumo({ net, routes: [rou], additional: [add('lane="nope_0"')] })).toThrow(/b\.add\.xml:2: busStop 'bs': attribute 'lane': unknown lane 'nope_0'/);
  });

  it('warns once that waypoints are driven through, and runs them as no stop', () => {
    const net = read('stops.net.xml');
    const rou = '<routes>\n<vehicle id="v" depart="0">\n<route edges="AB BC"/>\n<stop lane="AB_0" endPos="100" speed="5"/>\n</vehicle>\n</routes>';
    const r = importSumo({ net, routes: [{ text: rou, file: 'w.rou.xml' }] });
    expect(r.spec.demand?.vehicles?.[0]?.stops).toBeUndefined();
    expect(formatWarnings(r.warnings).join('\n')).toMatch(/w\.rou\.xml:4: .*waypoints are driven through/);
  });

  it('halts each bus at its stop in the seconds SUMO 1.15 does, and the trips end as in SUMO', () => {
    const r = loadNetworkFile(`${DIR}stops.sumocfg`);
    const e = new TrafficEngine(r.spec, { model: 'krauss', begin: r.begin });
    e.reset(1);
    const vs = e.veh;
    const busType = e.net.demand.typeIds.indexOf('bus');
    const stops = new Map<number, [number, number]>();
    const life = new Map<number, [number, number]>();
    while (e.time < r.end) {
      const t0 = e.time;
      e.step();
      const running = new Set<number>();
      for (let i = 0; i < vs.runCount; i++) {
        const v = vs.run[i];
        const id = vs.extId[v];
        running.add(id);
        if (!life.has(id)) life.set(id, [vs.depart[v], -1]);
        if (vs.type[v] !== busType) continue;
        const s = stops.get(id);
        if (vs.stopped[v] === 1 && !s) stops.set(id, [t0, -1]);
        if (vs.stopped[v] === 0 && s && s[1] < 0) s[1] = t0;
      }
      for (const [id, l] of life) if (l[1] < 0 && !running.has(id)) l[1] = t0;
    }
    const ours = [...stops.values()].sort((a, b) => a[0] - b[0]);
    const ref = sumoStops();
    expect(ours.length).toBe(ref.length);
    // a stop is reached in the step the vehicle would drive on at a halt from its stop position, and it drives
    // off in the step the stop ends (a reached stop is not planned again): SUMO's seconds exactly
    expect(ours).toEqual(ref.map(([, start, end]) => [start, end]));
    // bus0 halts its 20 s; bus1 halts at least 10 s and until 100 s
    expect((ours[0]?.[1] ?? 0) - (ours[0]?.[0] ?? 0)).toBe(20);
    expect(ours[1]?.[1]).toBe(100);
    expect(e.counters.stopsServed).toBe(2);
    expect(e.counters.stopsSkipped).toBe(0);
    // every trip, and its mean duration within 5 % of SUMO's
    const trips = sumoTrips();
    expect(e.counters.arrived).toBe(trips.size);
    const meanSumo = [...trips.values()].reduce((a, [d, x]) => a + x - d, 0) / trips.size;
    const meanOurs = [...life.values()].reduce((a, [d, x]) => a + x - d, 0) / life.size;
    expect(Math.abs(meanOurs / meanSumo - 1)).toBeLessThan(0.05);
  });
});
