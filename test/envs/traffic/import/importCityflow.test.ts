import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importCityflow } from '../../../../envs/traffic/import/importCityflow.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { formatWarnings } from '../../../../envs/traffic/import/ImportLog.js';

const FIX = new URL('../../../fixtures/cityflow/', import.meta.url).pathname;
const read = (f: string): { text: string; file: string } => ({ text: readFileSync(FIX + f, 'utf8'), file: f });

describe('importCityflow: 2x2 grid fixture (3 lanes per road: left, straight, right)', () => {
  const r = importCityflow({ roadnet: read('grid2x2/roadnet.json'), flow: read('grid2x2/flow.json') });
  const { spec } = r;
  const roadOf = (id: string) => spec.roads.find((x) => x.id === id);

  it('counts intersections, roads, lanes, lane links and phases as in the files', () => {
    expect(spec.nodes.length).toBe(12);
    expect(spec.nodes.filter((n) => n.type === 'signalized').length).toBe(4);
    expect(spec.nodes.filter((n) => n.type === 'boundary').length).toBe(8);
    expect(spec.roads.length).toBe(24);
    expect(spec.roads.reduce((a, x) => a + x.lanes.length, 0)).toBe(72);
    // 4 intersections x 12 road links x 3 lane links
    expect(spec.connections.length).toBe(144);
    // phase 0 (right turns only, 5 s) is the clearance: 4 phases of 30 s + 5 s yellow
    for (const s of spec.signals) expect(s.phases.map((p) => [p.duration, p.yellow])).toEqual([[30, 5], [30, 5], [30, 5], [30, 5]]);
  });

  it('mirrors lane indices (CityFlow lane 0 = leftmost, tsgym lane 0 = rightmost) and trims roads by the intersection width', () => {
    const left = spec.connections.filter((c) => c.dir === 'l');
    const right = spec.connections.filter((c) => c.dir === 'r');
    expect(new Set(left.map((c) => c.fromLane))).toEqual(new Set([2]));
    expect(new Set(right.map((c) => c.fromLane))).toEqual(new Set([0]));
    // road_1_1_0 runs from (0,0) to (300,0), both ends signalized with width 15
    const shape = roadOf('road_1_1_0')?.shape;
    expect(shape?.[0]).toEqual([15, 0]);
    expect(shape?.[shape.length - 1]).toEqual([285, 0]);
    // road_0_1_0 starts at a virtual intersection (width 0)
    expect(roadOf('road_0_1_0')?.shape?.[0]).toEqual([-300, 0]);
    expect(roadOf('road_0_1_0')?.lanes.map((l) => [l.width, l.speed])).toEqual([[4, 11.111], [4, 11.111], [4, 11.111]]);
  });

  it('gives the east-west straight phase protected straights and yielding right turns that merge with them', () => {
    const s = spec.signals.find((x) => x.node === 'intersection_1_1');
    const ph = s?.phases[0];
    const dirs = (list: readonly number[]) => [...new Set(list.map((c) => spec.connections[c]?.dir))].sort();
    expect(dirs(ph?.protected ?? [])).toEqual(['r', 's']);
    // straights: 2 roads x 3 lane links; right turns that end on the same road as a straight must yield
    expect((ph?.protected ?? []).filter((c) => spec.connections[c]?.dir === 's').length).toBe(6);
    expect(dirs(ph?.permitted ?? [])).toEqual(['r']);
  });

  it('reads flows: vehicle types, every interval from startTime to endTime inclusive, routes completed by shortest path', () => {
    // 60 + 40 + 21 + 1 + 21 vehicles
    expect(r.expectedVehicles).toBe(143);
    expect(spec.vehicleTypes.length).toBe(2);
    expect(spec.vehicleTypes[0]).toMatchObject({ length: 5, minGap: 2.5, accel: 2, decel: 4.5, emergencyDecel: 4.5, maxSpeed: 11.111, tau: 2, sigma: 0 });
    expect(spec.vehicleTypes[1]).toMatchObject({ length: 8, maxSpeed: 8 });
    const f0 = spec.demand.flows.find((f) => f.route?.join() === 'road_0_1_0,road_1_1_0,road_2_1_0');
    expect(f0?.times?.slice(0, 3)).toEqual([0, 10, 20]);
    expect(f0?.times?.[59]).toBe(590);
    // route given as [road_0_1_0, road_1_2_1]: CityFlow routes through road_1_1_1
    const gap = spec.demand.flows.find((f) => f.times?.[0] === 42);
    expect(gap?.route).toEqual(['road_0_1_0', 'road_1_1_1', 'road_1_2_1']);
  });

  it('loads through config.json, roadnet.json or the folder alike', () => {
    const a = loadNetworkFile(`${FIX}grid2x2/config.json`);
    const b = loadNetworkFile(`${FIX}grid2x2`);
    const c = loadNetworkFile(`${FIX}grid2x2/roadnet.json`);
    expect(a.spec).toEqual(spec.name === a.spec.name ? spec : { ...spec, name: a.spec.name });
    expect(b.spec).toEqual(a.spec);
    expect(c.spec).toEqual(a.spec);
    expect(formatWarnings(a.warnings).join('\n')).toMatch(/config\.json: rlTrafficLight false/);
  });

  it("keeps phase 0 as a phase with phase0 = 'phase'", () => {
    const k = importCityflow({ roadnet: read('grid2x2/roadnet.json'), phase0: 'phase' });
    expect(k.spec.signals[0]?.phases.map((p) => [p.duration, p.yellow])).toEqual([[5, 0], [30, 0], [30, 0], [30, 0], [30, 0]]);
  });
});

describe('importCityflow: older flow format and errors', () => {
  it("maps 'maxAcc'/'usualAcc' without start/end times to endless flows instead of an empty network", () => {
    const r = importCityflow({ roadnet: read('single-old/roadnet.json'), flow: read('single-old/flow.json') });
    expect(r.spec.demand.flows.map((f) => [f.vehPerHour, f.begin, f.end, f.insertion])).toEqual([
      [300, 0, undefined, 'uniform'],
      [180, 0, undefined, 'uniform'],
    ]);
    expect(r.spec.vehicleTypes[0]).toMatchObject({ length: 2, accel: 2 });
    const w = formatWarnings(r.warnings).join('\n');
    expect(w).toMatch(/'maxAcc'\/'usualAcc'.*accel = usualAcc/);
    expect(w).toMatch(/without startTime\/endTime/);
  });

  it('names the file and JSON path of a bad field', () => {
    const net = JSON.parse(read('grid2x2/roadnet.json').text) as { roads: { lanes: { maxSpeed: unknown }[] }[] };
    const lane = net.roads[3]?.lanes[1];
    if (lane) lane.maxSpeed = 'fast';
    expect(() => importCityflow({ roadnet: { text: JSON.stringify(net), file: 'roadnet.json' } })).toThrow(
      /^roadnet\.json at roads\[3\]\.lanes\[1\]\.maxSpeed: expected a number \(got "fast"\)$/,
    );
    const flow =
      '[{"vehicle": {"length": 5, "minGap": 2.5, "usualPosAcc": 2, "usualNegAcc": 4.5, "maxNegAcc": 4.5, "maxSpeed": 11, "headwayTime": 2}, "route": ' +
        '["road_0_1_0", "nowhere"], "interval": 5, "startTime": 0, "endTime": 10}]';
    expect(() => importCityflow({ roadnet: read('grid2x2/roadnet.json'), flow: { text: flow, file: 'flow.json' } })).toThrow(
      /^flow\.json at \[0\]\.route\[1\]: expected the id of a road of the roadnet \(got "nowhere"\)$/,
    );
  });

  it('names line and column of malformed JSON', () => {
    expect(() => importCityflow({ roadnet: { text: '{\n  "roads": [,]\n}', file: 'roadnet.json' } })).toThrow(/^roadnet\.json:2: malformed JSON/);
  });
});
