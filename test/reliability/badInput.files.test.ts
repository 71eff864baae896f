// Bad-input matrix, part 4: files a user hands us: recordings (renderers loader), SUMO and CityFlow
// networks (importers, from disk), JobShop instance files. Each bad file gives a typed InvalidFile (or
// InvalidConfig for env kwargs) naming the file and what was expected.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { loadNetworkFile } from '../../envs/traffic/import/loadNetworkFile.js';
import { readRecording } from '../../renderers/io/readRecording.js';
import { writeRecording } from '../../renderers/io/writeRecording.js';
import { syntheticFactory } from '../../renderers/synthetic/syntheticFactory.js';
import { InvalidConfig, InvalidFile, make } from '../../src/index.js';
import { ROOT } from '../helpers/ensureBuilt.js';
import { expectTyped, expectTypedAsync } from './expectTyped.js';

let dir: string;
const p = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-badfiles-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recordings (readRecording)', () => {
  const good = (): Buffer => Buffer.from(JSON.stringify(syntheticFactory({ frames: 4 })));
  const rows: [label: string, bytes: () => Uint8Array | string, patterns: (string | RegExp)[]][] = [
    ['empty file', () => '', ['not valid JSON']],
    ['garbage bytes', () => Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42]), ['not valid JSON']],
    ['truncated gzip', () => gzipSync(good()).subarray(0, 40), ['corrupt gzip']],
    ['gzip of garbage', () => gzipSync(Buffer.from('<xml/>')), ['not valid JSON']],
    ['truncated JSON', () => good().subarray(0, 100), ['not valid JSON']],
    ['a JSON array', () => '[1,2,3]', ['expected a JSON object']],
    [
      'wrong format',
      () => JSON.stringify({ ...JSON.parse(good().toString()), format: 'gym-episode' }),
      ['format is "gym-episode"', 'expected "tsgym-episode"'],
    ],
    ['newer version', () => JSON.stringify({ ...JSON.parse(good().toString()), version: 99 }), ['version 99', 'versions 1 and 2']],
    [
      'frame times going back',
      () => {
        const rec = JSON.parse(good().toString()) as { frames: { t: number }[] };
        const f2 = rec.frames[2];
        if (f2) f2.t = -5;
        return JSON.stringify(rec);
      },
      ['frames[2].t = -5 is before frames[1].t', 'time order'],
    ],
    [
      'a negative job id',
      () => {
        const rec = JSON.parse(good().toString()) as { frames: { jobs?: { id: number[] } }[] };
        const jobs = rec.frames.find((f) => (f.jobs?.id.length ?? 0) > 0)?.jobs;
        if (jobs) jobs.id[0] = -3;
        return JSON.stringify(rec);
      },
      ['ids must be delta-coded ascending integers >= 0 (entry 0 is -3)'],
    ],
    ['frames not an array', () => JSON.stringify({ ...JSON.parse(good().toString()), frames: 'many' }), ['frames']],
    ['code in a string field is data, not evaluated', () => JSON.stringify({ ...JSON.parse(good().toString()), frames: '(() => { throw 1 })()' }), ['frames']],
  ];
  it.each(rows)('%s -> InvalidFile naming the file', async (label, bytes, patterns) => {
    const f = p(`${label.replace(/\W+/g, '_')}.json.gz`);
    writeFileSync(f, bytes());
    await expectTypedAsync(() => readRecording(f), InvalidFile, [f, ...patterns]);
  });
  it('a missing file and a directory are InvalidFile saying so', async () => {
    await expectTypedAsync(() => readRecording(p('nope.json')), InvalidFile, [p('nope.json'), 'no such file']);
    await expectTypedAsync(() => readRecording(dir), InvalidFile, [dir, 'is a directory']);
  });
  it('the good recording the bad rows were made from does load (the rows fail for their defect only)', async () => {
    writeRecording(p('good.json.gz'), syntheticFactory({ frames: 4 }));
    expect((await readRecording(p('good.json.gz'))).frames).toHaveLength(4);
  });
});

describe('SUMO and CityFlow network files (loadNetworkFile)', () => {
  const sumo = join(ROOT, 'test/fixtures/sumo/cross');
  const cf = join(ROOT, 'test/fixtures/cityflow/grid2x2');
  const net = (): string => readFileSync(join(sumo, 'cross.net.xml'), 'utf8');
  const roadnet = (): string => readFileSync(join(cf, 'roadnet.json'), 'utf8');
  const rows: [label: string, name: string, text: () => string, patterns: (string | RegExp)[]][] = [
    ['truncated .net.xml', 'trunc.net.xml', () => net().slice(0, Math.floor(net().length / 2)), [/malformed XML|expected/]],
    ['empty .net.xml', 'empty.net.xml', () => '', [/net|XML|expected/]],
    ['binary garbage .net.xml', 'garbage.net.xml', () => '\u0000\u0001PK\u0003\u0004garbage', [/XML|net|expected/]],
    ['wrong root element', 'routes.net.xml', () => '<routes><vehicle id="v" depart="0"/></routes>', [/net|expected/]],
    ['non-numeric lane speed', 'speed.net.xml', () => net().replace(/speed="[\d.]+"/g, 'speed="fast"'), ["attribute 'speed'", 'expected a number', '"fast"']],
    ['truncated roadnet.json', 'roadnet.json', () => roadnet().slice(0, 200), ['malformed JSON']],
    ['roadnet of the wrong shape', 'roadnet.json', () => JSON.stringify({ intersections: 'none', roads: [] }), ['intersections']],
    ['unknown file type', 'network.osm', () => '<osm/>', ['unknown network file type', '.sumocfg']],
    ['.json that is neither config nor roadnet', 'other.json', () => '{"a": 1}', ['expected a CityFlow config.json', 'roadnet.json']],
  ];
  it.each(rows)('%s -> InvalidFile naming the file', (label, name, text, patterns) => {
    const sub = join(dir, `net-${label.replace(/\W+/g, '_')}`);
    mkdirSync(sub, { recursive: true });
    const f = join(sub, name);
    writeFileSync(f, text());
    expectTyped(() => loadNetworkFile(f), InvalidFile, [name, ...patterns]);
  });
  it('a .sumocfg naming a missing .net.xml, and a missing path, are InvalidFile naming them', () => {
    const sub = join(dir, 'cfg-missing');
    mkdirSync(sub, { recursive: true });
    const cfg = readFileSync(join(sumo, 'cross.sumocfg'), 'utf8');
    writeFileSync(join(sub, 'cross.sumocfg'), cfg);
    copyFileSync(join(sumo, 'cross.rou.xml'), join(sub, 'cross.rou.xml'));
    expectTyped(() => loadNetworkFile(join(sub, 'cross.sumocfg')), InvalidFile, ['cross.net.xml', 'no such file']);
    expectTyped(() => loadNetworkFile(join(dir, 'absent.sumocfg')), InvalidFile, ['absent.sumocfg', 'no such file']);
  });
  it('the fixtures the rows were made from do import', () => {
    expect(loadNetworkFile(join(sumo, 'cross.sumocfg')).spec).toBeDefined();
    expect(loadNetworkFile(cf).spec).toBeDefined();
  });
});

describe('JobShop instance files', () => {
  it('a malformed OR-Library text names the file and the problem', () => {
    const f = p('bad.txt');
    writeFileSync(f, '2 2\n0 5 1\n');
    const e = expectTyped(() => make('JobShop-v0', { instanceFile: f }), Error, ['bad.txt']);
    expect([InvalidFile.name, InvalidConfig.name]).toContain(e.name);
  });
});

describe('XML with an external entity (XXE)', () => {
  it('is refused with InvalidFile naming the file (issue 18, item 10: it was an untyped error)', () => {
    const f = p('xxe.net.xml');
    writeFileSync(f, '<?xml version="1.0"?><!DOCTYPE net [<!ENTITY x SYSTEM "file:///etc/passwd">]><net>&x;</net>');
    expectTyped(() => loadNetworkFile(f), InvalidFile, ['xxe.net.xml', 'refused XML', 'External entities are not supported']);
  });
});
