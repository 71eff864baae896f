import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register as registerRecord } from '../../src/cli/commands/record.js';
import { register as registerView, runView } from '../../src/cli/commands/view.js';
import { readRecording } from '../../renderers/io/readRecording.js';
import { writeRecording } from '../../renderers/io/writeRecording.js';
import { startViewServer } from '../../renderers/server/ViewServer.js';
import { syntheticFactory } from '../../renderers/synthetic/syntheticFactory.js';
import { ensureViewerBuilt } from '../e2e/viewerBuild.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-cli-'));
  // A stand-in page for servers given `viewerDir: dir`; runView finds the real build.
  writeFileSync(join(dir, 'index.html'), '');
  await ensureViewerBuilt();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<string> {
  const program = new Command('tsgym').exitOverride();
  registerRecord(program);
  registerView(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  try {
    await program.parseAsync(['node', 'tsgym', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('tsgym record', () => {
  it('records one JobShop-v0 episode to a file the loader accepts', async () => {
    const out = join(dir, 'ft06.json.gz');
    const json = JSON.parse(await cli(['record', '--env', 'JobShop-v0', '--set', 'instance=ft06', '--policy', 'spt', '--seed', '3', '--out', out, '--json']));
    expect(json).toMatchObject({ env: 'JobShop-v0', policy: 'spt', seed: 3, steps: 36, terminated: true });
    const rec = await readRecording(out);
    expect(rec.kwargs).toEqual({ instance: 'ft06' });
    expect(rec.summary.steps).toBe(36);
  });

  it('refuses a missing output folder and unknown policies with one clear line', async () => {
    await expect(cli(['record', '--env', 'JobShop-v0', '--policy', 'spt', '--out', join(dir, 'no', 'x.json')])).rejects.toThrow(/Cannot write --out .*does not exist/);
    await expect(cli(['record', '--env', 'JobShop-v0', '--policy', 'nope', '--out', join(dir, 'x.json')])).rejects.toThrow(/Unknown policy 'nope' for JobShop-v0/);
    await expect(cli(['record', '--env', 'JobShop-v0', '--policy', 'spt', '--out', join(dir, 'x.txt')])).rejects.toThrow(/expected a \.json or \.json\.gz/);
  });
});

describe('tsgym view', () => {
  it('refuses a missing path and a file that is not a recording', async () => {
    await expect(runView(join(dir, 'missing.json'), { open: false })).rejects.toThrow(/Cannot view '.*missing\.json': no such file or folder/);
    writeFileSync(join(dir, 'other.json'), '{"format":"geojson"}');
    await expect(runView(join(dir, 'other.json'), { open: false })).rejects.toThrow(/is not a tsgym episode recording: format is "geojson"/);
  });

  it('refuses a port already in use', async () => {
    writeRecording(join(dir, 'line.json'), syntheticFactory({ frames: 3 }));
    const a = await startViewServer({ recordings: [], viewerDir: dir });
    await expect(startViewServer({ recordings: [], viewerDir: dir, port: a.port })).rejects.toThrow(/Port \d+ is already in use on 127\.0\.0\.1/);
    await a.close();
  });

  it("serves a folder's recordings on 127.0.0.1 without opening a browser", async () => {
    writeRecording(join(dir, 'b.json.gz'), syntheticFactory({ frames: 3 }));
    const server = await runView(dir, { open: false });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const list = (await (await fetch(`${server.url}api/recordings`)).json()) as { name: string }[];
      expect(list.map((r) => r.name)).toEqual(['b.json.gz', 'ft06.json.gz', 'line.json', 'other.json']);
      const page = await (await fetch(server.url)).text();
      expect(page).toContain('<title>tsgym viewer</title>');
    } finally {
      await server.close();
    }
  });
});
