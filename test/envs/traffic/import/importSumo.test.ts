import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidFile } from '../../../../src/core/errors.js';
import { importSumo } from '../../../../envs/traffic/import/importSumo.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { formatWarnings } from '../../../../envs/traffic/import/ImportLog.js';

const FIX = new URL('../../../fixtures/sumo/', import.meta.url).pathname;
const read = (f: string): { text: string; file: string } => ({ text: readFileSync(FIX + f, 'utf8'), file: f });

const NET = (body: string): string => `<net version="1.9">\n${body}\n</net>`;
/** A hand-written T-free plus junction: W->C->E and S->C->N, one lane each, with a signal 'C'. */
const PLUS = `
  <edge id="WC" from="W" to="C" priority="1"><lane id="WC_0" index="0" speed="10" length="100" shape="-100,-1.6 0,-1.6"/></edge>
  <edge id="CE" from="C" to="E" priority="1"><lane id="CE_0" index="0" speed="10" length="100" shape="0,-1.6 100,-1.6"/></edge>
  <edge id="SC" from="S" to="C"><lane id="SC_0" index="0" speed="10" length="100" shape="1.6,-100 1.6,0"/></edge>
  <edge id="CN" from="C" to="N"><lane id="CN_0" index="0" speed="10" length="100" shape="1.6,0 1.6,100"/></edge>
  <junction id="C" type="traffic_light" x="0" y="0"/>
  <junction id="W" type="dead_end" x="-100" y="0"/>
  <junction id="E" type="dead_end" x="100" y="0"/>
  <junction id="S" type="dead_end" x="0" y="-100"/>
  <junction id="N" type="dead_end" x="0" y="100"/>
  <connection from="WC" to="CE" fromLane="0" toLane="0" tl="C" linkIndex="0" dir="s"/>
  <connection from="SC" to="CN" fromLane="0" toLane="0" tl="C" linkIndex="1" dir="s"/>`;

describe('importSumo: generated single intersection (netconvert)', () => {
  const r = importSumo({ net: read('cross/cross.net.xml'), routes: [read('cross/cross.rou.xml')] });
  const { spec } = r;

  it('counts junctions, edges, lanes, connections and phases as in the file', () => {
    expect(spec.nodes.length).toBe(5);
    expect(spec.nodes.filter((n) => n.type === 'signalized').map((n) => n.id)).toEqual(['C']);
    expect(spec.nodes.filter((n) => n.type === 'boundary').length).toBe(4);
    expect(spec.roads.length).toBe(8);
    expect(spec.roads.reduce((a, x) => a + x.lanes.length, 0)).toBe(16);
    expect(spec.connections.length).toBe(16);
    expect(spec.signals.length).toBe(1);
    // 42 s green + 3 s yellow, twice (tlLogic 'C')
    expect(spec.signals[0]?.phases.map((p) => [p.duration, p.yellow, p.allRed])).toEqual([[42, 3, 0], [42, 3, 0]]);
  });

  it('keeps lane speeds, lengths and shapes, and connection directions', () => {
    const nc = spec.roads.find((x) => x.id === 'NC');
    expect(nc?.lanes[0]?.speed).toBe(13.89);
    expect(nc?.lanes[0]?.length).toBe(189.6);
    expect(nc?.lanes[1]?.shape?.[0]).toEqual([198.4, 400]);
    const ecCn = spec.connections.find((c) => c.from === 'EC' && c.to === 'CN');
    expect(ecCn?.dir).toBe('r');
    // the left turn NC_1 -> CE_1 runs through two internal lanes (:C_3_0 then :C_16_0)
    const left = spec.connections.find((c) => c.from === 'NC' && c.to === 'CE');
    expect(left?.dir).toBe('l');
    expect(left?.via?.length).toBe(2);
    expect(left?.via?.[0]?.shape[0]).toEqual([198.4, 210.4]);
    const last = left?.via?.[1]?.shape ?? [];
    expect(last[last.length - 1]).toEqual([210.4, 198.4]);
    // the left turn waits at the internal junction between its two internal lanes for the oncoming straight
    expect(left?.internalResponse?.length).toBeGreaterThan(0);
  });

  it("maps G to protected and g to permitted (first phase 'GGGgrrrrGGGgrrrr': north and south)", () => {
    const ph = spec.signals[0]?.phases[0];
    const desc = (i: number): string => `${spec.connections[i]?.from}>${spec.connections[i]?.to}`;
    expect(ph?.protected.map(desc).sort()).toEqual(['NC>CS', 'NC>CS', 'NC>CW', 'SC>CE', 'SC>CN', 'SC>CN'].sort());
    expect(ph?.permitted.map(desc).sort()).toEqual(['NC>CE', 'SC>CW']);
  });

  it('reads flows (vehsPerHour, period, probability), vehicles and trips', () => {
    const f = (id: string) => spec.demand.flows.find((x) => x.id === id);
    expect(f('fWE')).toMatchObject({ route: ['WC', 'CE'], vehPerHour: 400, insertion: 'uniform', begin: 0, end: 3600, type: 'car' });
    expect(f('fNS')?.vehPerHour).toBeCloseTo(300); // period 12 s
    expect(f('fSN')).toMatchObject({ vehPerHour: 180, insertion: 'bernoulli' }); // probability 0.05 per s, one trial per step
    const sc = spec.demand.vehicles.filter((x) => x.route?.join() === 'SC,CW');
    // v0 (route id, departLane best, departSpeed max) and v1 (nested route, SUMO's defaults: first lane, speed 0)
    expect(sc.map((x) => [x.depart, x.departLane, x.departSpeed])).toEqual([[10, 'best', 'max'], [20, 'first', 0]]);
    const trip = spec.demand.vehicles.find((x) => x.route?.[0] === 'EC');
    expect(trip?.route).toEqual(['EC', 'CS']);
    expect(trip?.depart).toBe(30);
    expect(spec.vehicleTypes).toEqual([expect.objectContaining({ id: 'car', accel: 2.6, decel: 4.5, sigma: 0.5, tau: 1, length: 5, minGap: 2.5 })]);
    // 400 + 400 + 300 + 180 + 100 veh/h for one hour, plus 3 single vehicles
    expect(r.expectedVehicles).toBeCloseTo(1383);
    // SUMO's probability flows are driven as SUMO drives them: nothing to warn about
    expect(formatWarnings(r.warnings).join('\n')).not.toMatch(/probability/);
  });

  it('loads the same scenario through its .sumocfg (files relative to it, end time)', () => {
    const viaCfg = loadNetworkFile(`${FIX}cross/cross.sumocfg`);
    expect(viaCfg.end).toBe(3600);
    expect(viaCfg.spec).toEqual(spec);
    expect(viaCfg.files.length).toBe(3);
  });
});

describe('importSumo: generated 4x4 grid (netgenerate + randomTrips)', () => {
  const r = importSumo({ net: read('grid4/grid4.net.xml'), routes: [read('grid4/grid4.rou.xml')] });
  const { spec } = r;

  it('counts 16 signals, 80 edges of 2 lanes, 300 trips', () => {
    expect(spec.nodes.filter((n) => n.type === 'signalized').length).toBe(16);
    expect(spec.nodes.filter((n) => n.type === 'boundary').length).toBe(16);
    expect(spec.roads.length).toBe(2 * 2 * 4 * 3 + 2 * 16);
    expect(spec.roads.every((x) => x.lanes.length === 2)).toBe(true);
    expect(spec.signals.length).toBe(16);
    expect(r.expectedVehicles).toBe(300);
  });

  it('routes trips by shortest path: |dx| + |dy| + 1 junctions, or a 4-road loop where the exit needs a U-turn', () => {
    // junction names are column letter + row digit (A0..D3); a fringe edge 'left0A0' enters A0
    const pos = (j: string): [number, number] => [j.charCodeAt(0) - 65, Number(j[1])];
    const all = spec.demand.vehicles.map((v) => v.route ?? []);
    expect(all.length).toBe(300);
    // randomTrips favours the fringe (fringe-factor 100) but may start or end inside: check fringe-to-fringe trips
    const boundary = new Set(spec.nodes.filter((n) => n.type === 'boundary').map((n) => n.id));
    const roadOf = new Map(spec.roads.map((x) => [x.id, x] as const));
    const routes = all.filter((r) => boundary.has(roadOf.get(r[0] ?? '')?.from ?? '') && boundary.has(roadOf.get(r[r.length - 1] ?? '')?.to ?? ''));
    expect(routes.length).toBeGreaterThan(250);
    for (const route of routes) {
      const first = spec.roads.find((x) => x.id === route[0]);
      const last = spec.roads.find((x) => x.id === route[route.length - 1]);
      const [ax, ay] = pos(first?.to ?? '');
      const [bx, by] = pos(last?.from ?? '');
      const uTurn = first?.from === last?.to; // no turnarounds: leaving back where it came from takes a loop
      expect(route.length).toBe(Math.abs(ax - bx) + Math.abs(ay - by) + 2 + (uTurn ? 4 : 0));
    }
  });
});

describe('importSumo: signal programs', () => {
  it('folds yellow and all-red phases into the green before them and rotates the cycle to a green', () => {
    const tl = `<tlLogic id="C" type="static" programID="0" offset="5">
      <phase duration="3" state="yr"/><phase duration="30" state="Gr"/><phase duration="3" state="yr"/>
      <phase duration="2" state="rr"/><phase duration="20" state="rG"/><phase duration="4" state="ry"/></tlLogic>`;
    const { spec } = importSumo({ net: { text: NET(PLUS + tl), file: 'p.net.xml' } });
    const sig = spec.signals[0];
    // SUMO: phase 0 (yellow, 3 s) starts at the offset 5, so the 30 s green starts at 8
    expect(sig?.offset).toBe(8);
    expect(sig?.phases.map((p) => [p.duration, p.yellow, p.allRed])).toEqual([[30, 3, 2], [20, 4 + 3, 0]]);
    expect(sig?.phases[0]?.protected).toEqual([0]);
    expect(sig?.phases[1]?.protected).toEqual([1]);
  });

  it('runs crossing G movements as permitted (yield) with a warning, straight ones keep protection', () => {
    const net = PLUS.replace(
      '<connection from="SC" to="CN"',
      '<connection from="SC" to="CE" fromLane="0" toLane="0" tl="C" linkIndex="2" dir="r"/>\n<connection from="SC" to="CN"',
    );
    const tl = '<tlLogic id="C" type="static" programID="0" offset="0"><phase duration="30" state="GGG"/><phase duration="30" state="rrr"/></tlLogic>';
    const r = importSumo({ net: { text: NET(net + tl), file: 'p.net.xml' } });
    const ph = r.spec.signals[0]?.phases[0];
    // WC->CE and SC->CN cross; SC->CE merges with WC->CE: only the first straight keeps protection
    expect(ph?.protected.length).toBe(1);
    expect(ph?.permitted.length).toBe(2);
    expect(r.spec.signals[0]?.phases[0]?.allRed).toBe(30);
    expect(formatWarnings(r.warnings).join('\n')).toMatch(/tlLogic 'C'.*2 'G' movement\(s\).*permitted/);
  });
});

describe('importSumo: warnings and errors', () => {
  it('warns about what it does not model, naming the element', () => {
    const net = PLUS.replace('<junction id="W" type="dead_end"', '<junction id="W" type="allway_stop"') + '<roundabout nodes="C" edges="WC"/>';
    const rou = `<routes><vType id="t" sigma="0.2"/><person id="p" depart="0"/>
      <vehicle id="v" type="t" depart="1" departPos="20"><route edges="WC CE"/></vehicle></routes>`;
    const r = importSumo({ net: { text: NET(net), file: 'p.net.xml' }, routes: [{ text: rou, file: 'p.rou.xml' }] });
    const w = formatWarnings(r.warnings).join('\n');
    // a roundabout's roads are read (their drivers prefer the inner lanes), not warned about
    expect(r.spec.roads.find((x) => x.id === 'WC')?.roundabout).toBe(true);
    expect(r.spec.roads.find((x) => x.id === 'CE')?.roundabout).toBeUndefined();
    expect(w).not.toMatch(/roundabout/);
    expect(w).toMatch(/junction 'C': traffic_light without a usable program/);
    expect(w).toMatch(/p\.rou\.xml:1: <person> \(1\).*not modelled/);
    // all-way stops, speedDev and a numeric departPos are modelled as SUMO does: no warning either
    expect(w).not.toMatch(/allway_stop|speedDev|departPos/);
  });

  it('names file, line and field of a malformed attribute', () => {
    const bad = PLUS.replace('speed="10" length="100" shape="1.6,-100', 'speed="fast" length="100" shape="1.6,-100');
    expect(() => importSumo({ net: { text: NET(bad), file: 'p.net.xml' } })).toThrow(
      /^p\.net\.xml:5: lane 'SC_0': attribute 'speed': expected a number \(got "fast"\)$/,
    );
  });

  it('names file and line of malformed XML', () => {
    expect(() => importSumo({ net: { text: NET('<edge id="a">\n</lane>'), file: 'x.net.xml' } })).toThrow(InvalidFile);
    expect(() => importSumo({ net: { text: NET('<edge id="a">\n</lane>'), file: 'x.net.xml' } })).toThrow(/^x\.net\.xml:3: malformed XML/);
  });

  it('names the route file, line and the unknown edge of a route', () => {
    const rou = '<routes>\n<route id="r" edges="WC XX"/>\n</routes>';
    expect(() => importSumo({ net: { text: NET(PLUS), file: 'p.net.xml' }, routes: [{ text: rou, file: 'p.rou.xml' }] })).toThrow(
      /^p\.rou\.xml:2: route 'r': attribute 'edges': unknown edge 'XX'/,
    );
  });

  it('refuses a trip without a path, naming it', () => {
    const rou = '<routes>\n<trip id="t" depart="0" from="CE" to="WC"/>\n</routes>';
    expect(() => importSumo({ net: { text: NET(PLUS), file: 'p.net.xml' }, routes: [{ text: rou, file: 'p.rou.xml' }] })).toThrow(
      /p\.rou\.xml:2: trip 't': attribute 'to': no path from 'CE' to 'WC'/,
    );
  });
});
