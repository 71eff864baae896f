import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface Shown {
  junction: string;
  phase: number;
  phases: number;
  inPhase: number;
  icons: { x: number; y: number; w: number; h: number; moves: string[] }[];
  queues: { side: string; n: number; x: number; y: number; w: number; h: number }[];
}
interface Hooks {
  ready: boolean;
  error: string | null;
  seek(t: number): void;
  stop(): void;
  renderNow(): void;
  canvases(): HTMLCanvasElement[];
  worldToClient(pane: number, x: number, y: number): { x: number; y: number };
  signal(): Shown | null;
}
declare const window: { tsgym: Hooks };

let chrome: HeadlessChromium;
let server: ViewServer;
let dir: string;
let rec: Recording;
let scene: TrafficScene;

/** The side a road comes in from, by hand: travelling north (+y) means coming from the south. */
function side(dx: number, dy: number): string {
  return Math.abs(dy) >= Math.abs(dx) ? (dy > 0 ? 'S' : 'N') : dx > 0 ? 'W' : 'E';
}

function laneEnd(lane: number): { ex: number; ey: number; dx: number; dy: number } {
  const p = scene.lanes[lane]?.points ?? [];
  const k = p.length;
  const ex = p[k - 2] ?? 0, ey = p[k - 1] ?? 0;
  const dx = ex - (p[k - 4] ?? 0), dy = ey - (p[k - 3] ?? 0);
  const len = Math.hypot(dx, dy);
  return { ex, ey, dx: dx / len, dy: dy / len };
}

/** The rightmost lane of each road entering the junction. */
function incoming(): number[] {
  return [...new Set(scene.signals.map((s) => s.lane))].filter((l) => scene.lanes[l]?.index === 0);
}

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await chrome.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}?rec=0&autoplay=0`);
  await page.waitForFunction(() => window.tsgym !== undefined && (window.tsgym.ready || window.tsgym.error !== null), undefined, { timeout: 30_000 });
  expect(await page.evaluate(() => window.tsgym.error)).toBeNull();
  return { page, errors };
}

/** Pixels of the canvas `sel` in CSS rectangle (x, y, w, h) matching `test` (r, g, b). */
async function countIn(page: Page, sel: string, r: { x: number; y: number; w: number; h: number }, colour: [number, number, number]): Promise<number> {
  return page.evaluate(
    ([s, rect, c]) => {
      const cv = document.querySelector(s) as HTMLCanvasElement;
      const k = cv.width / cv.clientWidth;
      const d = (cv.getContext('2d') as CanvasRenderingContext2D).getImageData(rect.x * k, rect.y * k, rect.w * k, rect.h * k).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs((d[i] ?? 0) - c[0]) + Math.abs((d[i + 1] ?? 0) - c[1]) + Math.abs((d[i + 2] ?? 0) - c[2]) < 30) n++;
      return n / (k * k);
    },
    [sel, r, colour] as const,
  );
}

beforeAll(async () => {
  const viewerDir = await ensureViewerBuilt();
  registerTraffic();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-signals-e2e-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  rec = recordRun({ env: 'TrafficSignal-v0', policy: 'fixed-time', seed: 2, out: join(dir, 'signal.json'), maxSteps: 60 });
  scene = rec.scene as TrafficScene;
  server = await startViewServer({ recordings: [join(dir, 'signal.json')], viewerDir });
  chrome = await launchHeadless();
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('viewer traffic scene: approach labels, scale bar, phase diagram, queue bars (headless chromium)', () => {
  it('prints N, E, S, W on the approaches and a scale bar that matches the zoom', async () => {
    const { page, errors } = await open();
    await page.evaluate(() => { window.tsgym.stop(); window.tsgym.renderNow(); window.tsgym.renderNow(); });
    const canvas = await page.evaluate(() => {
      const c = window.tsgym.canvases()[0];
      const r = c.getBoundingClientRect();
      return { left: r.left, top: r.top, k: c.width / r.width };
    });
    /** Near-pure white pixels (label fill; lane markings are #eee and darker) in a 24 px box around world (x, y). */
    const whiteAt = async (x: number, y: number): Promise<number> => {
      const at = await page.evaluate(([wx, wy]) => window.tsgym.worldToClient(0, wx, wy), [x, y] as const);
      return page.evaluate(([cx, cy, k]) => {
        window.tsgym.renderNow(); // read the WebGL canvas in the task that drew it
        const c = window.tsgym.canvases()[0];
        const off = document.createElement('canvas');
        [off.width, off.height] = [c.width, c.height];
        const ctx = off.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(c, 0, 0);
        const d = ctx.getImageData((cx - 12) * k, (cy - 12) * k, 24 * k, 24 * k).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.min(d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0) >= 250) n++;
        return n / (k * k);
      }, [at.x - canvas.left, at.y - canvas.top, canvas.k] as const);
    };
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-approach-labels.png') });
    // one label per incoming road, 30 m before its stop line; none on the outgoing road beside it
    const sides: string[] = [];
    for (const l of incoming()) {
      const { ex, ey, dx, dy } = laneEnd(l);
      sides.push(side(dx, dy));
      expect(await whiteAt(ex - dx * 30, ey - dy * 30), `label of ${scene.lanes[l]?.road}`).toBeGreaterThan(25);
      // the outgoing lanes beside it (across the centre line, one road width to the left): no label
      const w = scene.lanes.filter((x) => x.road === scene.lanes[l]?.road).reduce((s, x) => s + x.width, 0);
      expect(await whiteAt(ex - dx * 30 - dy * w, ey - dy * 30 + dx * w)).toBeLessThan(5);
    }
    expect(sides.sort()).toEqual(['E', 'N', 'S', 'W']);
    // scale bar: a round length whose drawn width is that many metres at the view's pixels per metre
    const [a, b] = await Promise.all([[0, 0], [100, 0]].map(([x, y]) => page.evaluate(([wx, wy]) => window.tsgym.worldToClient(0, wx, wy), [x, y] as const)));
    const pxPerM = ((b?.x ?? 0) - (a?.x ?? 0)) / 100;
    const bar = await page.$eval('.scalebar', (e) => ({
      text: e.querySelector('span')?.textContent ?? '',
      width: (e.querySelector('div') as HTMLElement).clientWidth, // inside its end ticks
    }));
    const metres = Number(/^(\d+) m$/.exec(bar.text)?.[1]);
    expect([10, 20, 25, 50, 100, 200]).toContain(metres);
    expect(Math.abs(bar.width - metres * pxPerM)).toBeLessThanOrEqual(1);
    expect(bar.width).toBeLessThanOrEqual(150);
    expect(bar.width).toBeGreaterThan(40);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-approach-labels.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the phase in effect on a stage diagram, the time in phase and the stopped vehicles per approach', async () => {
    const { page, errors } = await open();
    const heads = scene.signals.map((s, k) => ({ k, s }));
    // the moves of each green head, named by hand from the scene: side of the road and turn letter
    const movesOf = (sig: string): string[] =>
      [...new Set(heads.filter(({ k }) => sig[k] === 'g').map(({ s }) => { const e = laneEnd(s.lane); return `${side(e.dx, e.dy)}:${s.turn}`; }))].sort();
    const distinct = [...new Set(rec.frames.map((f) => movesOf(f.signals ?? '').join(' ')))].filter((m) => m !== '');
    let queued = 0;
    for (const i of [3, 5, 8, 11, 40, 58]) {
      const f = rec.frames[i];
      await page.evaluate((t) => { window.tsgym.stop(); window.tsgym.seek(t); window.tsgym.renderNow(); }, f?.t ?? 0);
      const shown = await page.evaluate(() => window.tsgym.signal());
      expect(shown?.phases).toBe(distinct.length);
      expect(shown?.icons[shown.phase]?.moves).toEqual(movesOf(f?.signals ?? ''));
      // time in phase: back to the first frame of this run of the same signal states
      let k = i;
      while (k > 0 && rec.frames[k - 1]?.signals === f?.signals) k--;
      expect(shown?.inPhase).toBeCloseTo((f?.t ?? 0) - (rec.frames[k]?.t ?? 0), 6);
      expect(await page.textContent('#signal .title')).toContain(`phase ${(shown?.phase ?? 0) + 1} of ${distinct.length} · ${shown?.inPhase.toFixed(0)} s`);
      // pixels: the active icon framed in amber-yellow, no other; green arrows in every icon
      for (const [p, icon] of (shown?.icons ?? []).entries()) {
        const frame = await countIn(page, '#signal canvas', icon, [0xff, 0xd5, 0x4f]);
        if (p === shown?.phase) expect(frame).toBeGreaterThan(150);
        else expect(frame).toBeLessThan(5);
        expect(await countIn(page, '#signal canvas', icon, [0x43, 0xa0, 0x47])).toBeGreaterThan(30 * Math.min(2, icon.moves.length));
      }
      // queues by hand: stopped vehicles (< 0.5 m/s) on the incoming half of a road, behind its stop line
      const v = f?.vehicles;
      const col = (s: string | undefined): Int32Array => { const o = new Int32Array(v?.n ?? 0); unpackInts(s ?? '', o); return o; };
      const [xs, ys, hs, vs] = [col(v?.x), col(v?.y), col(v?.h), col(v?.v)];
      const want: Record<string, number> = { N: 0, E: 0, S: 0, W: 0 };
      for (let q = 0; q < (v?.n ?? 0); q++) {
        if ((vs[q] ?? 0) >= 5) continue;
        const h = ((hs[q] ?? 0) * Math.PI) / 180;
        for (const l of incoming()) {
          const e = laneEnd(l);
          const lanes = scene.lanes.filter((x) => x.road === scene.lanes[l]?.road);
          const along = ((xs[q] ?? 0) / 10 - e.ex) * e.dx + ((ys[q] ?? 0) / 10 - e.ey) * e.dy;
          const right = ((xs[q] ?? 0) / 10 - e.ex) * e.dy - ((ys[q] ?? 0) / 10 - e.ey) * e.dx;
          const aligned = Math.cos(h) * e.dx + Math.sin(h) * e.dy > 0.7;
          const width = lanes.reduce((s, x) => s + x.width, 0);
          const half = (lanes[0]?.width ?? 0) / 2;
          if (aligned && along <= 0.3 && right >= -width + half - 0.3 && right <= half + 0.3) want[side(e.dx, e.dy)]++;
        }
      }
      const got = Object.fromEntries((shown?.queues ?? []).map((q) => [q.side, q.n]));
      expect(got, `frame ${i}`).toEqual(want);
      queued += Object.values(want).reduce((a, b) => a + b, 0);
      // bar pixels: magenta, as long as the count says (a full bar is 20 vehicles or the longest queue)
      const scale = Math.max(20, ...Object.values(want));
      for (const q of shown?.queues ?? []) {
        expect(q.w).toBe(Math.round((q.n / scale) * 200));
        expect(await countIn(page, '#signal canvas', { x: q.x, y: q.y, w: 210, h: q.h }, [0xff, 0x40, 0xc8])).toBeCloseTo(q.w * q.h, -1);
      }
    }
    expect(queued).toBeGreaterThan(5); // the frames checked hold real queues
    expect((await page.evaluate(() => window.tsgym.signal()?.queues.map((q) => q.side))) ?? []).toEqual(['N', 'E', 'S', 'W']);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-signal-panel.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
