import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidFile } from '../../src/core/errors.js';
import { decodeIds, encodeIds } from '../../renderers/format/deltaIds.js';
import { encodeJobs } from '../../renderers/format/encodeJobs.js';
import { encodeVehicles } from '../../renderers/format/encodeVehicles.js';
import { countPacked, packInts, unpackInts } from '../../renderers/format/packInts.js';
import { parseRecording } from '../../renderers/format/parseRecording.js';
import { readRecording } from '../../renderers/io/readRecording.js';
import { writeRecording } from '../../renderers/io/writeRecording.js';
import { syntheticFactory } from '../../renderers/synthetic/syntheticFactory.js';
import { syntheticTraffic } from '../../renderers/synthetic/syntheticTraffic.js';

const dir = mkdtempSync(join(tmpdir(), 'tsgym-fmt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = syntheticTraffic({ rows: 1, cols: 2, vehicles: 5, frames: 4 });

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

describe('column encoding', () => {
  it('delta-codes ids and decodes them back', () => {
    expect(encodeIds([3, 4, 9, 100])).toEqual([3, 1, 5, 91]);
    const out = new Int32Array(4);
    expect(decodeIds([3, 1, 5, 91], out)).toBe(4);
    expect([...out]).toEqual([3, 4, 9, 100]);
  });

  it('packs integers as zigzag varints in base64url text', () => {
    // 0 -> 'A', -1 -> zigzag 1 -> 'B', 1 -> 2 -> 'C'; 300 -> 600 = 24 + 18 * 32 -> (24 | 32) = '4', 18 = 'S'.
    expect(packInts([0, -1, 1, 300])).toBe('ABC4S');
    const big = [2 ** 31 - 1, -(2 ** 31), 31, 32, -17, 123456];
    const out = new Int32Array(6);
    expect(unpackInts(packInts(big), out)).toBe(6);
    expect([...out]).toEqual(big);
    expect(countPacked(packInts(big))).toBe(6);
    expect(countPacked('AB!')).toBe(-1);
    expect(countPacked('4')).toBe(-1);
    expect(unpackInts('ABC', new Int32Array(2))).toBe(-1);
  });

  it('quantises vehicles to dm, whole degrees, dm/s and ds, sorted by id', () => {
    const c = encodeVehicles({ n: 2, id: [9, 2], x: [1.26, -3], y: [0.04, 7.5], heading: [-Math.PI / 2, Math.PI], speed: [13.89, 0], wait: [0, 12.34] });
    const col = (s: string): number[] => { const o = new Int32Array(2); unpackInts(s, o); return [...o]; };
    expect(c.n).toBe(2);
    expect([col(c.id), col(c.x), col(c.y), col(c.h), col(c.v), col(c.w)]).toEqual([[2, 7], [-30, 13], [75, 0], [180, 270], [0, 139], [123, 0]]);
  });

  it('sorts jobs by id', () => {
    expect(
      encodeJobs([
        { id: 5, k: 1, loc: 1, at: 0, to: -1 },
        { id: 2, k: 0, loc: 2, at: 0, to: 1 },
      ]),
    ).toEqual({ id: [2, 3], k: [0, 1], loc: [2, 1], at: [0, 0], to: [1, -1] });
  });
});

describe('parseRecording', () => {
  it('accepts the synthetic traffic and factory recordings', () => {
    expect(parseRecording(clone(small)).frames).toHaveLength(4);
    expect(parseRecording(clone(syntheticFactory({ frames: 20 }))).scene.kind).toBe('factory');
  });

  it('refuses other formats and versions with a clear line', () => {
    expect(() => parseRecording({ format: 'other' }, 'x.json')).toThrow(
      /x\.json is not a tsgym episode recording: format is "other", expected "tsgym-episode"/,
    );
    expect(() => parseRecording({ ...clone(small), version: 3 }, 'x.json')).toThrow(/x\.json has recording version 3; this tsgym reads versions 1 and 2/);
    expect(() => parseRecording([1, 2], 'x.json')).toThrow(InvalidFile);
    expect(() => parseRecording(null)).toThrow(/expected a JSON object/);
  });

  it('names the bad field of a malformed recording', () => {
    const bad = clone(small) as unknown as { frames: { t: unknown }[] };
    (bad.frames[2]).t = 'soon';
    expect(() => parseRecording(bad, 'r')).toThrow(/r is a malformed recording: frames\[2\]\.t/);
  });

  it('refuses columns of different lengths, bad ids and wrong signal counts', () => {
    const a = clone(small) as unknown as { frames: { vehicles: { x: string } }[] };
    const va = a.frames[1]?.vehicles;
    if (va) va.x = packInts([1, 2, 3, 4]);
    expect(() => parseRecording(a, 'r')).toThrow(/frames\[1\]\.vehicles\.x: has 4 values, expected n = 5/);
    const b = clone(small) as unknown as { frames: { vehicles: { id: string } }[] };
    const vb = b.frames[0]?.vehicles;
    if (vb) vb.id = packInts([3, 1, 0, 2, 2]);
    expect(() => parseRecording(b, 'r')).toThrow(/delta-coded ascending/);
    const vc = (clone(small) as unknown as { frames: { vehicles: { h: string } }[] });
    const v0 = vc.frames[0]?.vehicles;
    if (v0) v0.h = 'AB"C';
    expect(() => parseRecording(vc, 'r')).toThrow(/vehicles\.h: not a packed integer column/);
    const c = clone(small) as unknown as { frames: { signals: string }[] };
    (c.frames[0]).signals += 'g';
    expect(() => parseRecording(c, 'r')).toThrow(/states for \d+ signal heads/);
  });

  it('refuses out-of-range job locations in a factory frame', () => {
    const f = clone(syntheticFactory({ frames: 10 })) as unknown as { frames: { jobs: { at: number[] } }[] };
    const fr = f.frames.find((x) => x.jobs.at.length > 0);
    if (fr) fr.jobs.at[0] = 99;
    expect(() => parseRecording(f, 'r')).toThrow(/jobs\.at\[0\]: 99 is not a valid/);
  });
});

describe('readRecording / writeRecording', () => {
  it('round-trips plain and gzip files, gzip detected by content', async () => {
    const p1 = join(dir, 'a.json');
    const p2 = join(dir, 'a.json.gz');
    writeRecording(p1, small);
    writeRecording(p2, small);
    expect(readFileSync(p2)[0]).toBe(0x1f);
    expect(await readRecording(p1)).toEqual(clone(small));
    expect(await readRecording(p2)).toEqual(clone(small));
    const p3 = join(dir, 'renamed.json');
    writeFileSync(p3, gzipSync(JSON.stringify(small)));
    expect((await readRecording(p3)).env).toBe(small.env);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('gives one clear line for missing, non-JSON and corrupt gzip files', async () => {
    await expect(readRecording(join(dir, 'nope.json'))).rejects.toThrow(/Cannot read recording '.*nope\.json': no such file/);
    writeFileSync(join(dir, 'bad.json'), '{"format": ');
    await expect(readRecording(join(dir, 'bad.json'))).rejects.toThrow(/is not valid JSON/);
    writeFileSync(join(dir, 'bad.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    await expect(readRecording(join(dir, 'bad.gz'))).rejects.toThrow(/corrupt gzip/);
  });

  it('keeps a 4x4 grid with 1,000 vehicles at 1 s on course for under 50 MB per hour', () => {
    // Five minutes (300 frames) must take at most a twelfth of the hour's 50 MB: frames cost the
    // same whatever their time (the full hour is written and opened by the viewer bench).
    const rec = syntheticTraffic({ rows: 4, cols: 4, vehicles: 1000, frames: 300 });
    const bytes = writeRecording(join(dir, 'five-minutes.json.gz'), rec);
    expect(bytes).toBeLessThan((50 * 1024 * 1024) / 12);
  });
});
