import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/io/writeFileAtomic.js';

const dir = mkdtempSync(join(tmpdir(), 'tsgym-wfa-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an old one whole, leaving no temp file', () => {
    const f = join(dir, 'a.json');
    writeFileAtomic(f, 'first');
    writeFileSync(join(dir, 'other.txt'), 'x');
    writeFileAtomic(f, Uint8Array.from([104, 105]));
    expect(readFileSync(f, 'utf8')).toBe('hi');
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'other.txt']);
  });

  it('on a failed rename (the target is a folder) removes its temp file and rethrows, the target untouched', () => {
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(target, 'data')).toThrow(/EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(readdirSync(target)).toEqual(['inside']);
  });

  it('into a missing folder throws ENOENT and creates nothing', () => {
    expect(() => writeFileAtomic(join(dir, 'no', 'such', 'f.txt'), 'x')).toThrow(/ENOENT/);
    expect(readdirSync(dir).some((n) => n === 'no')).toBe(false);
  });
});
