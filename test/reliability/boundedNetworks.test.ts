// Issue 18, "bounded inputs": vehicle counts and network sizes are limited by what the machine can hold
// (half of its memory, or TSGYM_SIM_MEMORY_MB), and the error states the count, the limit and the memory.
// A 20,000-flow CityFlow file (4 MB) used to abort Node with "invalid size error" after 1.6 GB and 9 s
// while writing out departure times; 2,000 SUMO flows of 36,000 veh/h grew by 4 MB a simulated second.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { loadNetworkFile } from '../../envs/traffic/import/loadNetworkFile.js';
import { InvalidFile, make } from '../../src/index.js';
import { ROOT } from '../helpers/ensureBuilt.js';
import { expectTyped } from './expectTyped.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-boundednet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.TSGYM_SIM_MEMORY_MB;
});

/** The SUMO cross fixture with its route file edited; returns the folder. */
function cross(name: string, edit: (rou: string) => string): string {
  const d = join(dir, name);
  cpSync(join(ROOT, 'test/fixtures/sumo/cross'), d, { recursive: true });
  const rou = join(d, 'cross.rou.xml');
  writeFileSync(rou, edit(readFileSync(rou, 'utf8')));
  return d;
}

describe('vehicle counts', () => {
  it('a CityFlow file of 20,000 flows (360 million departures) is refused before any departure is written out', () => {
    const d = join(dir, 'cf-many');
    cpSync(join(ROOT, 'test/fixtures/cityflow/jinan1x1'), d, { recursive: true });
    const one = (JSON.parse(readFileSync(join(d, 'flow.json'), 'utf8')) as Record<string, unknown>[])[0];
    writeFileSync(join(d, 'flow.json'), JSON.stringify(Array.from({ length: 20_000 }, () => ({ ...one, interval: 0.2, startTime: 0, endTime: 3599 }))));
    const patterns = [join(d, 'flow.json'), 'the demand inserts 359,920,000 vehicles', 'a simulation may hold in', 'GiB', 'KB each'];
    expectTyped(() => loadNetworkFile(d), InvalidFile, patterns);
  });
  it('2,000 SUMO flows of 36,000 veh/h each (each under the per-flow limit) are refused naming the route file', () => {
    const flow = (i: number): string => `<flow id="m${i}" type="car" route="WE" begin="0" end="3600" vehsPerHour="36000"/>`;
    const flows = Array.from({ length: 2000 }, (_, i) => flow(i)).join('\n');
    // before the file's own vehicles: SUMO drops entries departing before the last one loaded (a route file is read in depart order)
    const d = cross('s-many', (t) => t.replace('    <vehicle id="v0"', `${flows}\n    <vehicle id="v0"`));
    expectTyped(() => loadNetworkFile(join(d, 'cross.sumocfg')), InvalidFile, [join(d, 'cross.rou.xml'), 'vehicles from 0 to 3600 s', 'a simulation may hold']);
  });
  it('flows ending far away are counted over the episode: numSeconds 1e9 is refused, the default hour runs', () => {
    const d = cross('s-open', (t) => t.replaceAll(' end="3600"', ' end="1e9"'));
    const net = join(d, 'cross.net.xml');
    const rou = join(d, 'cross.rou.xml');
    expectTyped(() => make('TrafficNetwork-v0', { network: net, routes: rou, numSeconds: 1e9 }), InvalidFile, [
      rou,
      'within one episode (0 to 1000000000 s)',
      'shorten the episode (numSeconds)',
    ]);
    make('TrafficNetwork-v0', { network: net, routes: rou }).close();
  });
  it('the limit follows the memory (TSGYM_SIM_MEMORY_MB): 2.6 MiB holds the cross network but not its 1,383 vehicles', () => {
    const cfg = join(ROOT, 'test/fixtures/sumo/cross/cross.sumocfg');
    expect(loadNetworkFile(cfg).expectedVehicles).toBe(1383);
    process.env.TSGYM_SIM_MEMORY_MB = '2.6'; // 16 lanes and 16 connections need 2.5 MiB; 2.6 MiB / 2 KB = 1,331 vehicles
    const patterns = ['cross.rou.xml: the demand inserts 1,383 vehicles', 'more than the 1,331 a simulation may hold', '(TSGYM_SIM_MEMORY_MB)'];
    expectTyped(() => loadNetworkFile(cfg), InvalidFile, patterns);
  });
});

describe('network size', () => {
  it('a network larger than the memory allows is refused naming its junctions, roads, lanes and connections', () => {
    process.env.TSGYM_SIM_MEMORY_MB = '1';
    expectTyped(() => loadNetworkFile(join(ROOT, 'test/fixtures/cityflow/grid2x2')), InvalidFile, [
      'roadnet.json: a network of',
      'junctions',
      'lanes and',
      'connections needs about',
      '128 KB a lane',
      'more than 0.000977 GiB (TSGYM_SIM_MEMORY_MB)',
    ]);
    delete process.env.TSGYM_SIM_MEMORY_MB;
    expect(loadNetworkFile(join(ROOT, 'test/fixtures/cityflow/grid2x2')).spec.roads.length).toBeGreaterThan(0);
  });
  it('the same limit holds for a network handed over as an object', () => {
    const spec = loadNetworkFile(join(ROOT, 'test/fixtures/sumo/cross/cross.sumocfg')).spec;
    process.env.TSGYM_SIM_MEMORY_MB = '1';
    expectTyped(() => make('TrafficNetwork-v0', { network: spec as unknown as Record<string, unknown> }), InvalidFile, ['kwargs.network', 'lanes']);
  });
});
