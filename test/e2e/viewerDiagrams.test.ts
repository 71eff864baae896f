import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFactory } from '../../envs/factory/registerFactory.js';
import { registerTraffic } from '../../envs/traffic/registerTraffic.js';
import { launchHeadless } from '../../renderers/browser/chromium.js';
import type { HeadlessChromium } from '../../renderers/browser/chromium.js';
import { unpackInts } from '../../renderers/format/packInts.js';
import type { Recording, TrafficScene } from '../../renderers/format/types.js';
import { recordRun } from '../../renderers/recordRun.js';
import { startViewServer } from '../../renderers/server/ViewServer.js';
import type { ViewServer } from '../../renderers/server/ViewServer.js';
import { ensureViewerBuilt } from './viewerBuild.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');

interface Rect { x: number; y: number; w: number; h: number }
interface Bar { machine: number; job: number; start: number; end: number; colour: string }
interface Hooks {
  ready: boolean;
  error: string | null;
  stop(): void;
  seek(t: number): void;
  renderNow(): void;
  worldToClient(pane: number, x: number, y: number): { x: number; y: number };
  timeSpace(): {
    plot: Rect; t0: number; t1: number; from: number; to: number; axis: string; junctions: { id: string; at: number; head: number }[]; vehicles: number;
  } | null;
  gantt(): { plot: Rect; t0: number; t1: number; rows: { machine: string; y: number; h: number }[]; bars: Bar[] } | null;
}
declare const window: { tsgym: Hooks };

let chrome: HeadlessChromium;
let server: ViewServer;
let dir: string;
let arterial: Recording;
let jobshop: Recording;
let line: Recording;

async function open(id: number): Promise<{ page: Page; errors: string[] }> {
  const page = await chrome.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}?rec=${id}&autoplay=0`);
  await page.waitForFunction(() => window.tsgym !== undefined && (window.tsgym.ready || window.tsgym.error !== null), undefined, { timeout: 30_000 });
  expect(await page.evaluate(() => window.tsgym.error)).toBeNull();
  await page.evaluate(() => window.tsgym.stop());
  return { page, errors };
}

/** RGB of the pixels of canvas `sel` at CSS points `pts`. */
async function pixels(page: Page, sel: string, pts: [number, number][]): Promise<[number, number, number][]> {
  return page.evaluate(
    ([s, ps]) => {
      const cv = document.querySelector(s) as HTMLCanvasElement;
      const k = cv.width / cv.clientWidth;
      const g = cv.getContext('2d') as CanvasRenderingContext2D;
      return ps.map(([x, y]) => {
        const d = g.getImageData(Math.floor(x * k), Math.floor(y * k), 1, 1).data;
        return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0] as [number, number, number];
      });
    },
    [sel, pts] as const,
  );
}

function near(p: [number, number, number], hex: string): boolean {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return Math.abs(p[0] - (c[0] ?? 0)) + Math.abs(p[1] - (c[1] ?? 0)) + Math.abs(p[2] - (c[2] ?? 0)) < 40;
}

beforeAll(async () => {
  const viewerDir = await ensureViewerBuilt();
  registerTraffic();
  registerFactory();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-diagrams-e2e-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const scenario = { rows: 1, cols: 3, lanesEW: 2, ewFactor: 2, offsets: 'green-wave', phases: 2 };
  arterial = recordRun({ env: 'TrafficGrid-v0', kwargs: { scenario }, policy: 'fixed-time', seed: 1, out: join(dir, 'arterial.json'), maxSteps: 150 });
  jobshop = recordRun({ env: 'JobShop-v0', policy: 'spt', seed: 1, out: join(dir, 'jobshop.json') });
  line = recordRun({ env: 'FactoryLine-v0', policy: 'spt', seed: 2, out: join(dir, 'line.json'), maxSteps: 200 });
  server = await startViewServer({ recordings: ['arterial.json', 'jobshop.json', 'line.json'].map((f) => join(dir, f)), viewerDir });
  chrome = await launchHeadless();
}, 180_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('viewer diagrams (headless chromium)', () => {
  it('draws a time-space diagram of an arterial: signal bands by state and eastbound trajectories', async () => {
    const { page, errors } = await open(0);
    const ts = await page.evaluate(() => window.tsgym.timeSpace());
    expect(ts).not.toBeNull();
    if (!ts) return;
    const scene = arterial.scene as TrafficScene;
    await page.evaluate((t) => { window.tsgym.seek(t); window.tsgym.renderNow(); }, ts.t1);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-time-space.png') });
    // the row of three junctions, west to east, at their x positions
    expect(ts.axis).toBe('x');
    expect(ts.junctions.map((j) => [j.id, j.at])).toEqual([...scene.junctions].sort((a, b) => a.x - b.x).map((j) => [j.id, j.x]));
    const tx = (t: number): number => ts.plot.x + ((t - ts.t0) / (ts.t1 - ts.t0)) * ts.plot.w;
    const dy = (d: number): number => ts.plot.y + ts.plot.h - ((d - ts.from) / (ts.to - ts.from)) * ts.plot.h;
    // each junction's band: the eastbound through head's state (found by hand: a lane ending there heading +x, turn 's')
    const colours: Record<string, string> = { r: '#e53935', y: '#fdd835', g: '#43a047' };
    for (const j of ts.junctions) {
      const head = scene.signals.findIndex((s) => {
        const p = scene.lanes[s.lane]?.points ?? [];
        const dx = (p[p.length - 2] ?? 0) - (p[p.length - 4] ?? 0), dyy = (p[p.length - 1] ?? 0) - (p[p.length - 3] ?? 0);
        return s.junction === j.id && s.turn === 's' && dx > 0 && Math.abs(dyy) < 1e-6;
      });
      // (the playhead is drawn at the end: samples stay clear of it)
      const samples = arterial.frames
        .slice(0, -2)
        .flatMap((f, i) => (i % 5 === 0 ? [{ s: f.signals?.[head] ?? 'o', t: (f.t + (arterial.frames[i + 1]?.t ?? f.t)) / 2 }] : []));
      const got = await pixels(page, '#timespace canvas', samples.map((s) => [tx(s.t), dy(j.at)]));
      samples.forEach((s, k) => expect(near(got[k] ?? [0, 0, 0], colours[s.s] ?? '#555555'), `${j.id} at ${s.t}: ${s.s}`).toBe(true));
      expect(new Set(samples.map((s) => s.s))).toEqual(new Set(['r', 'g'])); // a real cycle, both states seen
    }
    // trajectories: vehicles heading east on the main road (within 8 m of it), positions from the recording
    const paths = new Map<number, [number, number][]>();
    for (const f of arterial.frames) {
      const v = f.vehicles;
      if (!v) continue;
      const col = (s: string): Int32Array => { const o = new Int32Array(v.n); unpackInts(s, o); return o; };
      const [ids, xs, ys, hs] = [col(v.id), col(v.x), col(v.y), col(v.h)];
      let id = 0;
      for (let k = 0; k < v.n; k++) {
        id = k === 0 ? (ids[0] ?? 0) : id + (ids[k] ?? 0);
        const h = hs[k] ?? 0;
        const x = (xs[k] ?? 0) / 10;
        if ((h < 30 || h > 330) && Math.abs((ys[k] ?? 0) / 10) <= 8 && x >= ts.from && x <= ts.to) paths.set(id, [...(paths.get(id) ?? []), [f.t, x]]);
      }
    }
    expect(paths.size).toBeGreaterThan(5);
    expect(ts.vehicles).toBeGreaterThanOrEqual(paths.size);
    // points of the three longest paths away from the bands: a trajectory pixel within 1 px
    const longest = [...paths.values()].sort((a, b) => b.length - a.length).slice(0, 3);
    const offBands = ([, x]: [number, number]): boolean => ts.junctions.every((j) => Math.abs(dy(x) - dy(j.at)) > 4);
    const pts = longest.flatMap((p) => p.filter(offBands).map(([t, x]) => [tx(t), dy(x)] as [number, number]));
    expect(pts.length).toBeGreaterThan(20);
    const hits = await page.evaluate(
      ([ps]) => {
        const cv = document.querySelector('#timespace canvas') as HTMLCanvasElement;
        const k = cv.width / cv.clientWidth;
        const g = cv.getContext('2d') as CanvasRenderingContext2D;
        return ps.filter(([x, y]) => {
          const d = g.getImageData(Math.floor(x * k) - 1, Math.floor(y * k) - 1, 3, 3).data;
          // lavender (#b89cff), or its anti-aliased blend with the dark background: blue well above green and red
          for (let i = 0; i < d.length; i += 4) {
            const [r, gg, b] = [d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0];
            if (b > 100 && b - gg > 25 && b > r) return true;
          }
          return false;
        }).length;
      },
      [pts] as const,
    );
    // (the playhead line at the right edge may cover a few)
    expect(hits).toBeGreaterThanOrEqual(pts.length - 3);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('draws a Gantt chart of a JobShop-v0 schedule: one bar per operation on its machine\'s row, coloured by job', async () => {
    const { page, errors } = await open(1);
    const g = await page.evaluate(() => window.tsgym.gantt());
    expect(g).not.toBeNull();
    if (!g) return;
    const sch = jobshop.summary.schedule;
    expect(sch).toBeDefined();
    if (!sch) return;
    const scene = jobshop.scene.kind === 'factory' ? jobshop.scene : null;
    expect(g.rows.map((r) => r.machine)).toEqual(scene?.machines.map((m) => m.name));
    // the bars are the recorded schedule, operation by operation
    expect(g.bars.map((b) => [b.machine, b.job, b.start, b.end])).toEqual(sch.job.map((j, k) => [sch.machine[k], j, sch.start[k], sch.end[k]]));
    // the chart spans the makespan
    expect(g.t1).toBe(Math.max(...sch.end, jobshop.frames[jobshop.frames.length - 1]?.t ?? 0));
    await page.evaluate((t) => { window.tsgym.seek(t); window.tsgym.renderNow(); }, g.t1);
    const tx = (t: number): number => g.plot.x + ((t - g.t0) / (g.t1 - g.t0)) * g.plot.w;
    // the middle of every bar long enough to see (3 px) shows its job's colour on its machine's row
    const wide = g.bars.filter((b) => tx(b.end) - tx(b.start) >= 3 && tx((b.start + b.end) / 2) < g.plot.x + g.plot.w - 3);
    expect(wide.length).toBeGreaterThan(g.bars.length / 2);
    const mids = await pixels(page, '#gantt canvas', wide.map((b) => [tx((b.start + b.end) / 2), (g.rows[b.machine]?.y ?? 0) + 8]));
    wide.forEach((b, k) => expect(near(mids[k] ?? [0, 0, 0], b.colour), `job ${b.job} on machine ${b.machine}`).toBe(true));
    // jobs have distinct colours (up to the palette's 12)
    const jobs = [...new Set(sch.job)];
    expect(new Set(jobs.map((j) => g.bars.find((b) => b.job === j)?.colour)).size).toBe(Math.min(12, jobs.length));
    // idle time between operations on a machine is background, not a bar
    const gaps = g.bars.flatMap((b) => {
      const next = g.bars.filter((o) => o.machine === b.machine && o.start >= b.end).sort((p, q) => p.start - q.start)[0];
      return next && tx(next.start) - tx(b.end) >= 4 ? [[tx((b.end + next.start) / 2), (g.rows[b.machine]?.y ?? 0) + 8] as [number, number]] : [];
    });
    for (const p of await pixels(page, '#gantt canvas', gaps)) expect(g.bars.some((b) => near(p, b.colour))).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-gantt-jobshop.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('draws a FactoryLine-v0 Gantt chart from the frames and readable station labels', async () => {
    const { page, errors } = await open(2);
    const g = await page.evaluate(() => window.tsgym.gantt());
    expect(g).not.toBeNull();
    if (!g) return;
    const scene = line.scene.kind === 'factory' ? line.scene : null;
    // busy time per machine by hand: frames where it holds a job while busy (1) or in setup (2), to the next frame
    const busy = (scene?.machines ?? []).map((_, m) => line.frames.reduce((s, f, i) => {
      const st = f.machines?.s[m];
      const on = (st === 1 || st === 2) && (f.machines?.j[m] ?? -1) >= 0;
      return s + (on ? (line.frames[i + 1]?.t ?? f.t) - f.t : 0);
    }, 0));
    const fromBars = busy.map((_, m) => g.bars.filter((b) => b.machine === m).reduce((s, b) => s + b.end - b.start, 0));
    busy.forEach((b, m) => expect(fromBars[m], `machine ${m}`).toBeCloseTo(b, 6));
    expect(busy.filter((b) => b > 0).length).toBeGreaterThan(2);
    // station names at least 12 px tall: label-grey ink above each station box
    await page.evaluate(() => { window.tsgym.renderNow(); window.tsgym.renderNow(); });
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-gantt-line.png') });
    for (const st of scene?.stations ?? []) {
      const at = await page.evaluate(([x, y]) => window.tsgym.worldToClient(0, x, y), [st.x, st.y + 4.4] as const);
      const ink = await page.evaluate(([cx, cy]) => {
        window.tsgym.renderNow();
        const c = document.querySelector('.pane canvas') as HTMLCanvasElement;
        const r = c.getBoundingClientRect();
        const k = c.width / r.width;
        const off = document.createElement('canvas');
        [off.width, off.height] = [c.width, c.height];
        const ctx = off.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(c, 0, 0);
        const d = ctx.getImageData((cx - r.left - 40) * k, (cy - r.top - 20) * k, 80 * k, 20 * k).data;
        const rows = new Set<number>();
        for (let i = 0; i < d.length; i += 4) if ((d[i] ?? 0) > 120 && Math.abs((d[i] ?? 0) - (d[i + 2] ?? 0)) < 40) rows.add(Math.floor(i / 4 / (80 * k)));
        return rows.size / k;
      }, [at.x, at.y] as const);
      // ink height in px: a 12 px font has letters about 8 px tall with ascenders (b, d, l, t), 6 without
      expect(ink, st.name).toBeGreaterThanOrEqual(/[bdfhklt]/.test(st.name) ? 7 : 5);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
