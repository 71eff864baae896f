import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTraffic } from '../../envs/traffic/registerTraffic.js';
import { launchHeadless, type HeadlessChromium } from '../../renderers/browser/chromium.js';
import type { Recording } from '../../renderers/format/types.js';
import { recordRun } from '../../renderers/recordRun.js';
import { startViewServer, type ViewServer } from '../../renderers/server/ViewServer.js';
import { makeParallel } from '../../src/registry/registry.js';
import { ensureViewerBuilt } from '../e2e/viewerBuild.js';
import { randomMlp, runDirWith } from '../serve/helpers.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');

interface Shown {
  key: string;
  frame: number;
  actions: { label: string; value: number; chosen: boolean }[];
  top: { feature: string; attribution: number }[];
}
interface Hooks {
  ready: boolean;
  error: string | null;
  seek(t: number): void;
  stop(): void;
  renderNow(): void;
  state(): { frames: number[] };
  worldToClient(pane: number, x: number, y: number): { x: number; y: number };
  explanation(): Shown | null;
}
declare const window: { tsgym: Hooks };

let chrome: HeadlessChromium;
let server: ViewServer;
let dir: string;
let runDir: string;
let rec: Recording;

beforeAll(async () => {
  const viewerDir = await ensureViewerBuilt();
  registerTraffic();
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'tsgym-explain-e2e-'));
  const kwargs = { scenario: { rows: 2, cols: 2 } };
  const grid = makeParallel('TrafficGrid-v0', kwargs);
  const first = grid.possibleAgents[0] ?? '';
  const size = (grid.observationSpace(first) as unknown as { size: number }).size;
  const n = (grid.actionSpace(first) as unknown as { n: number }).n;
  grid.close();
  runDir = runDirWith(randomMlp(11, size, [8], n, 'q', 0, 1));
  rec = recordRun({ env: 'TrafficGrid-v0', kwargs, policy: runDir, seed: 3, maxSteps: 8, out: join(dir, 'grid.json') });
  server = await startViewServer({ recordings: [join(dir, 'grid.json')], viewerDir });
  chrome = await launchHeadless();
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
  for (const d of [dir, runDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('viewer explanation panel (headless chromium)', () => {
  it('shows the clicked intersection\'s q-values (chosen action highlighted) and top attributions at the playhead', async () => {
    const page = await chrome.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}?rec=0`);
    await page.waitForFunction(() => window.tsgym !== undefined && (window.tsgym.ready || window.tsgym.error !== null), undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => window.tsgym.error)).toBeNull();
    // four intersections: nothing is selected until one is clicked
    expect(await page.evaluate(() => window.tsgym.explanation())).toBeNull();
    expect(await page.textContent('#explain')).toContain('Click an intersection');

    // playhead at frame 3: the decision taken there is stored in frame 4 (applied in the step to it)
    const t3 = rec.frames[3]?.t ?? 0;
    await page.evaluate((t) => {
      window.tsgym.stop();
      window.tsgym.seek(t);
      window.tsgym.renderNow();
    }, t3);
    expect((await page.evaluate(() => window.tsgym.state())).frames).toEqual([3]);
    const scene = rec.scene.kind === 'traffic' ? rec.scene : null;
    const j = scene?.junctions.find((x) => x.id === Object.keys(rec.frames[4]?.explanations ?? {})[1]);
    expect(j).toBeDefined();
    const at = await page.evaluate(([x, y]) => window.tsgym.worldToClient(0, x, y), [j?.x ?? 0, j?.y ?? 0]);
    await page.mouse.click(at.x, at.y);
    await page.evaluate(() => window.tsgym.renderNow());
    await page.waitForSelector('#explain .bar-row');

    // expected straight from the recording file: labels of this intersection, values of frame 4
    const e = rec.frames[4]?.explanations?.[j?.id ?? ''];
    const labels = rec.explain?.agents?.[j?.id ?? '']?.actions ?? rec.explain?.actions ?? [];
    expect(e).toBeDefined();
    const rows = await page.$$eval('#explain .bar-row', (els) =>
      els.map((el) => ({
        label: (el as HTMLElement).dataset.action,
        value: Number((el as HTMLElement).dataset.value),
        chosen: el.classList.contains('chosen'),
        text: el.textContent,
      })),
    );
    expect(rows.map((r) => r.label)).toEqual(labels);
    expect(rows.map((r) => r.value)).toEqual(e?.values);
    expect(rows.filter((r) => r.chosen).map((r) => r.label)).toEqual([labels[e?.action as number]]);
    // the chosen action is the largest q-value (a deterministic q policy)
    expect(e?.values[e.action as number]).toBe(Math.max(...(e?.values ?? [])));
    // the decision's time as a clock (m:ss.s), not a step count
    const t4 = rec.frames[4]?.t ?? 0;
    expect(await page.textContent('#explain .title')).toContain(`${j?.id} · decision at ${Math.floor(t4 / 60)}:${(t4 % 60).toFixed(1).padStart(4, '0')}`);

    // top attributions: the largest magnitudes of the recorded attribution, with this intersection's feature names
    const names = rec.explain?.agents?.[j?.id ?? '']?.features ?? [];
    const expected = (e?.outputs[0]?.attribution ?? [])
      .map((a, f) => ({ feature: names[f], a }))
      .filter((x) => x.a !== 0)
      .sort((p, q) => Math.abs(q.a) - Math.abs(p.a))
      .slice(0, 8);
    const attrs = await page.$$eval('#explain .attr-row', (els) =>
      els.map((el) => ({ feature: (el as HTMLElement).dataset.feature, a: Number((el as HTMLElement).dataset.value), pos: el.classList.contains('pos') })),
    );
    expect(attrs.map((x) => x.feature)).toEqual(expected.map((x) => x.feature));
    expect(attrs.map((x) => x.a)).toEqual(expected.map((x) => x.a));
    for (const x of attrs) expect(x.pos).toBe(x.a >= 0);
    // shown names: lane ids read as approach and movement (`queue, northbound left`), worked out here
    // from the scene: direction of travel at the lane's end and the turns of its signal heads
    const bound = (lane: string): string => {
      const li = scene?.lanes.findIndex((l) => l.id === lane) ?? -1;
      const p = scene?.lanes[li]?.points ?? [];
      const dx = (p[p.length - 2] ?? 0) - (p[p.length - 4] ?? 0), dy = (p[p.length - 1] ?? 0) - (p[p.length - 3] ?? 0);
      const dir = Math.abs(dy) >= Math.abs(dx) ? (dy > 0 ? 'northbound' : 'southbound') : dx > 0 ? 'eastbound' : 'westbound';
      const turns = new Set(scene?.signals.filter((s) => s.lane === li).map((s) => s.turn));
      const moves = [['l', 'left'], ['s', 'through'], ['r', 'right'], ['t', 'U-turn']].filter(([t]) => turns.has(t as 'l')).map(([, n]) => n).join('+');
      return `${dir} ${moves}`;
    };
    const shownNames = await page.$$eval('#explain .attr-row .bar-label', (els) => els.map((e) => e.textContent ?? ''));
    const laneFeatures = expected.filter((x) => /^(queue|density) /.test(x.feature ?? ''));
    expect(laneFeatures.length).toBeGreaterThan(0);
    for (const [k, x] of expected.entries()) {
      const m = /^(queue|density) (.+)$/.exec(x.feature ?? '');
      if (m) expect(shownNames[k]).toMatch(new RegExp(`^${m[1]}, ${bound(m[2] ?? '').replace(/\+/g, '\\+')}( lane \\d)?$`));
    }
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-explanations.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
