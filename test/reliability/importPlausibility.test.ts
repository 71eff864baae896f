// Issue 18, item 10: imported networks must be physically plausible, in both importers alike (a zero-length
// road, a 1e308 m intersection, a 1e6 m car, coordinates near the float64 limit ran silently or crashed
// with a raw RangeError); and a network whose signals all fail to import names its file and intersections.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { loadNetworkFile } from '../../envs/traffic/import/loadNetworkFile.js';
import { InvalidFile, make } from '../../src/index.js';
import { ROOT } from '../helpers/ensureBuilt.js';
import { expectTyped } from './expectTyped.js';

type Json = Record<string, any>;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-plausible-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the jinan1x1 CityFlow fixture with its roadnet and flows edited; returns the folder. */
function cityflow(name: string, roadnet?: (r: Json) => void, flow?: (f: Json[]) => void): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  const src = join(ROOT, 'test/fixtures/cityflow/jinan1x1');
  const r = JSON.parse(readFileSync(join(src, 'roadnet.json'), 'utf8')) as Json;
  const f = JSON.parse(readFileSync(join(src, 'flow.json'), 'utf8')) as Json[];
  roadnet?.(r);
  flow?.(f);
  writeFileSync(join(d, 'roadnet.json'), JSON.stringify(r));
  writeFileSync(join(d, 'flow.json'), JSON.stringify(f));
  return d;
}

/** A copy of the SUMO cross fixture with one file edited; returns its .sumocfg. */
function sumo(name: string, file: 'cross.net.xml' | 'cross.rou.xml', edit: (text: string) => string): string {
  const d = join(dir, name);
  cpSync(join(ROOT, 'test/fixtures/sumo/cross'), d, { recursive: true });
  const p = join(d, file);
  const before = readFileSync(p, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before); // the edit found its target
  writeFileSync(p, after);
  return join(d, 'cross.sumocfg');
}

const NORMAL_LANE = /(<lane id="CE_0" index="0" speed="[\d.]+" )length="[\d.]+"/;
const firstSignal = (r: Json): Json => (r.intersections as Json[]).find((i) => i.virtual !== true) as Json;

describe('physically implausible networks are refused in one line naming file, element, value and range', () => {
  const rows: [label: string, path: () => string, patterns: (string | RegExp)[]][] = [
    [
      'CityFlow: a zero-length road',
      () => cityflow('cf-zero', (r) => {
        const road = (r.roads as Json[])[0];
        road.points = [road.points[0], { ...road.points[0] }];
      }),
      ['roadnet.json', 'roads[0].points', "road 'inS' is 0 m long", 'from 0.1 to 100,000 m'],
    ],
    [
      'CityFlow: an intersection 1e308 m wide',
      () => cityflow('cf-width', (r) => void (firstSignal(r).width = 1e308)),
      ['roadnet.json', "intersection 'j'", 'width', 'from 0 to 500 m', '1e+308'],
    ],
    [
      'CityFlow: a vehicle 1e6 m long',
      () => cityflow('cf-vlen', undefined, (f) => void ((f[0]).vehicle.length = 1e6)),
      ['flow.json', '[0].vehicle.length', 'vehicle of flow 0', 'from 0.1 to 1,000 m', '1000000'],
    ],
    [
      'CityFlow: a coordinate of 1e308',
      () => cityflow('cf-coord', (r) => void (firstSignal(r).point.x = 1e308)),
      ['roadnet.json', "intersection 'j'", 'point.x', 'coordinate from -100,000,000 to 100,000,000 m', '1e+308'],
    ],
    [
      'CityFlow: a lane 0 m wide',
      () =>
        cityflow('cf-lanewidth', (r) => {
          ((r.roads as Json[])[1]).lanes[0].width = 0;
        }),
      ['roadnet.json', 'lanes[0].width', 'lane 0 of road', 'from 0.1 to 50 m', '(got 0)'],
    ],
    [
      'SUMO: a lane 0 m long',
      () => sumo('s-zero', 'cross.net.xml', (t) => t.replace(NORMAL_LANE, '$1length="0"')),
      ['cross.net.xml:', "lane 'CE_0'", "'length'", 'from 0.1 to 100,000 m', '"0"'],
    ],
    [
      'SUMO: a lane 1e308 m long (was a raw RangeError: Invalid typed array length)',
      () => sumo('s-len', 'cross.net.xml', (t) => t.replace(NORMAL_LANE, '$1length="1e308"')),
      ['cross.net.xml:', "lane 'CE_0'", "'length'", 'from 0.1 to 100,000 m', '"1e308"'],
    ],
    [
      'SUMO: a lane 1e308 m wide',
      () => sumo('s-width', 'cross.net.xml', (t) => t.replace('<lane id="CE_0"', '<lane id="CE_0" width="1e308"')),
      ['cross.net.xml:', "lane 'CE_0'", "'width'", 'from 0.1 to 50 m', '"1e308"'],
    ],
    [
      'SUMO: a vehicle type 1e6 m long',
      () => sumo('s-vlen', 'cross.rou.xml', (t) => t.replace(/(<vType id="car"[^>]*)length="5"/, '$1length="1e6"')),
      ['cross.rou.xml:', "vType 'car'", "'length'", 'from 0.1 to 1,000 m', '"1e6"'],
    ],
    [
      'SUMO: a junction at x = 1e308',
      () => sumo('s-coord', 'cross.net.xml', (t) => t.replace(/(<junction id="C" type="[^"]+" )x="[-\d.]+"/, '$1x="1e308"')),
      ['cross.net.xml:', "junction 'C'", "'x'", 'coordinate from -100,000,000 to 100,000,000 m', '"1e308"'],
    ],
  ];
  it.each(rows)('%s', (_label, path, patterns) => {
    const e = expectTyped(() => loadNetworkFile(path()), InvalidFile, patterns);
    expect(e.message.split('\n')).toHaveLength(1);
  });
  it('the fixtures the rows were made from, and every shipped network, do import', () => {
    expect(loadNetworkFile(cityflow('cf-ok')).spec.roads.length).toBeGreaterThan(0);
    expect(loadNetworkFile(join(ROOT, 'test/fixtures/sumo/cross/cross.sumocfg')).spec.roads.length).toBeGreaterThan(0);
    for (const p of ['test/fixtures/cityflow/grid2x2', 'test/fixtures/cityflow/single-old', 'test/fixtures/sumo/grid4/grid4.sumocfg'])
      expect(loadNetworkFile(join(ROOT, p)).spec.nodes.length).toBeGreaterThan(0);
  });
});

describe('a network with no usable traffic light', () => {
  it('names the file and the intersections the importer could not signalize (it named neither)', () => {
    const d = cityflow('cf-nophase', (r) => {
      for (const i of r.intersections as Json[]) if (i.trafficLight) i.trafficLight.lightphases = [];
    });
    const e = expectTyped(() => make('TrafficNetwork-v0', { network: d }), InvalidFile, [
      join(d, 'roadnet.json'),
      'TrafficNetwork-v0 needs at least one signalized intersection',
      "intersection 'j'",
      'no traffic light phase opens a road link',
    ]);
    expect(e.message.split('\n')).toHaveLength(1);
  });
});
