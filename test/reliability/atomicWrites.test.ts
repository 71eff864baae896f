// Nothing already written is corrupted: every writer writes a temporary file and renames it. A full
// disk is simulated by a failing fs seam (vi.mock of node:fs: the next write puts half its bytes in the
// file and then throws ENOSPC, as a real full disk does). After the failure the previous file must be
// byte-identical, no temporary file may be left behind, and the error must name the file.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync as realWrite } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const fault = vi.hoisted(() => ({ armed: false, hits: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (fault.armed) {
      fault.armed = false;
      fault.hits++;
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data as Uint8Array);
      fs.writeFileSync(file, bytes.subarray(0, bytes.length >> 1), options);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
    return fs.writeFileSync(file, data, options);
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

const { writeRecording } = await import('../../renderers/io/writeRecording.js');
const { readRecording } = await import('../../renderers/io/readRecording.js');
const { syntheticFactory } = await import('../../renderers/synthetic/syntheticFactory.js');
const { writeBenchDocs } = await import('../../src/cli/benchDocs.js');
const { createProgram } = await import('../../src/cli/program.js');
const { CliError } = await import('../../src/cli/CliError.js');
const { ensureBuilt } = await import('../helpers/ensureBuilt.js');

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function leftovers(): string[] {
  return readdirSync(dir).filter((n) => n.includes('.tmp'));
}

describe('the fs seam itself', () => {
  it('a plain writeFileSync under the fault leaves a half-written file (what the writers must avoid)', async () => {
    const fs = await import('node:fs');
    const f = join(dir, 'naive.txt');
    fs.writeFileSync(f, 'previous contents');
    fault.armed = true;
    expect(() => fs.writeFileSync(f, 'new contents that are longer')).toThrow(/ENOSPC/);
    const got = readFileSync(f, 'utf8');
    expect(got).not.toBe('previous contents'); // corrupted: neither the old contents nor the new
    expect(got).not.toBe('new contents that are longer');
    expect('new contents that are longer'.startsWith(got)).toBe(true);
  });
});

describe('writers keep the previous file intact on a failed write', () => {
  it('writeRecording (used by RecordEpisode and tsgym record), plain and gzip', async () => {
    for (const name of ['ep.json', 'ep.json.gz']) {
      const f = join(dir, name);
      writeRecording(f, syntheticFactory({ frames: 3 }));
      const before = readFileSync(f);
      fault.armed = true;
      let err: unknown;
      try {
        writeRecording(f, syntheticFactory({ frames: 50 }));
      } catch (e) {
        err = e;
      }
      expect(fault.hits).toBeGreaterThan(0);
      expect((err as Error).message).toContain(`Cannot write recording '${f}'`);
      expect((err as Error).message).toContain('ENOSPC');
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(readFileSync(f).equals(before)).toBe(true);
      expect((await readRecording(f)).frames).toHaveLength(3);
      expect(leftovers()).toEqual([]);
    }
  });

  it('writeBenchDocs (tsgym bench --write-docs)', () => {
    const f = join(dir, 'BENCHMARKS.md');
    realWrite(f, '# Benchmarks\n\nhand-written intro\n');
    writeBenchDocs(f, { args: 'bench --write-docs', machine: 'm', sections: [{ name: 'a', rows: ['| `a.x` | 1 |'] }] }, ['a']);
    const before = readFileSync(f, 'utf8');
    expect(before).toContain('hand-written intro');
    expect(before).toContain('| `a.x` | 1 |');
    fault.armed = true;
    expect(() => writeBenchDocs(f, { args: 'bench --write-docs', machine: 'm', sections: [{ name: 'a', rows: ['| `a.x` | 2 |'] }] }, ['a'])).toThrow(CliError);
    expect(readFileSync(f, 'utf8')).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('tsgym compare --csv / --chart', async () => {
    const csv = join(dir, 'cmp.csv');
    const svg = join(dir, 'cmp.svg');
    realWrite(csv, 'previous csv\n');
    realWrite(svg, '<svg>previous</svg>');
    const run = (): Promise<unknown> =>
      createProgram().parseAsync([
        'node',
        'tsgym',
        '--quiet',
        'compare',
        '--env',
        'CartPole-v1',
        '--policies',
        'random,pd',
        '--episodes',
        '2',
        '--workers',
        '1',
        '--csv',
        csv,
        '--chart',
        svg,
        '--metric',
        'return',
      ]);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      fault.armed = true; // the chart is written first
      let err: unknown;
      try {
        await run();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CliError);
      expect((err as Error).message).toContain(`Cannot write '${svg}'`);
      expect(readFileSync(svg, 'utf8')).toBe('<svg>previous</svg>');
      expect(readFileSync(csv, 'utf8')).toBe('previous csv\n');
      expect(leftovers()).toEqual([]);
      // and without a fault both files are replaced whole
      await run();
      expect(readFileSync(csv, 'utf8')).toMatch(/^metric,policy,n,mean/);
      expect(readFileSync(svg, 'utf8')).toMatch(/<\/svg>\s*$/);
    } finally {
      out.mockRestore();
    }
  });
});
