import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchHeadless } from '../../renderers/browser/chromium.js';
import type { HeadlessChromium } from '../../renderers/browser/chromium.js';
import type { TrafficScene } from '../../renderers/format/types.js';
import { reportHtml } from '../../renderers/report/reportHtml.js';
import { compareReport } from '../../src/eval/compareReport.js';
import type { EpisodeResult } from '../../src/policy/EpisodeResult.js';
import { hcmLos } from '../../src/cli/hcmOutput.js';
import { TRAFFIC_METRICS } from '../../envs/traffic/trafficMetrics.js';

// one junction J at the origin; a northbound approach from the south (stop line at J) and a lane leaving north
const scene: TrafficScene = {
  kind: 'traffic',
  bounds: { minX: -20, minY: -200, maxX: 20, maxY: 200 },
  lanes: [
    { id: 'S_0', road: 'S', index: 0, count: 1, width: 12, points: [0, -200, 0, -6], stop: true },
    { id: 'N_0', road: 'N', index: 0, count: 1, width: 12, points: [0, 6, 0, 200], stop: false },
  ],
  junctions: [{ id: 'J', x: 0, y: 0 }],
  signals: [],
  vehicleLength: 5,
  vehicleWidth: 1.8,
} as unknown as TrafficScene;
const ep = (seed: number, d: number, cd: number): EpisodeResult => ({
  episode: seed, seed, return: -d, length: 720,
  metrics: { time: 3600, meanDelay: d, queue: 3, 'J.NB.controlDelay': cd, 'J.NB.vc': 0.8, 'J.controlDelay': cd, 'J.vc': 0.8 },
});
const rep = compareReport({ 'fixed-time': [ep(0, 30, 90), ep(1, 32, 94)], 'max-pressure': [ep(0, 20, 15), ep(1, 22, 17)] });
const html = reportHtml({ env: 'TrafficSignal-v0', report: rep, catalog: TRAFFIC_METRICS, los: hcmLos(rep), scene });

let chrome: HeadlessChromium;
let dir: string;
beforeAll(async () => {
  chrome = await launchHeadless();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-report-'));
}, 60_000);
afterAll(async () => {
  await chrome.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tsgym report HTML', () => {
  it('is one self-contained file: no script, no external reference', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|src="http|href="http|@import|url\(/);
    // the only URLs are SVG's namespace
    expect([...html.matchAll(/https?:\/\/[^"\s<]+/g)].map((m) => m[0]).filter((u) => u !== 'http://www.w3.org/2000/svg')).toEqual([]);
    // LOS from the mean control delay: 92 s -> F, 16 s -> B
    expect(html).toMatch(/92\.0 s &nbsp;<b>F<\/b>/);
    expect(html).toMatch(/16\.0 s &nbsp;<b>B<\/b>/);
  });

  it('opens offline in chromium without a request and draws the approach in its LOS colour', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const page = await chrome.context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`file://${file}`);
    expect(requests).toEqual([`file://${file}`]);
    expect(errors).toEqual([]);
    const info = await page.evaluate(() => ({
      title: document.title,
      tables: document.querySelectorAll('table').length,
      maps: document.querySelectorAll('figure svg').length,
      firstRow: document.querySelector('table tr:nth-child(2) td')?.textContent,
    }));
    expect(info).toEqual({ title: 'TrafficSignal-v0: fixed-time vs max-pressure', tables: 2, maps: 2, firstRow: 'meanDelay' });
    // pixels of the first map in LOS F red (#d73027) and the second in LOS B green (#91cf60)
    const maps = page.locator('figure svg');
    const count = async (i: number, rgb: readonly number[]): Promise<number> => {
      const png = await maps.nth(i).screenshot();
      return page.evaluate(async ([b64, c]) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const cv = document.createElement('canvas');
        [cv.width, cv.height] = [img.width, img.height];
        const ctx = cv.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, cv.width, cv.height).data;
        let n = 0;
        for (let k = 0; k < d.length; k += 4) if (Math.abs((d[k] ?? 0) - c[0]) + Math.abs((d[k + 1] ?? 0) - c[1]) + Math.abs((d[k + 2] ?? 0) - c[2]) < 12) n++;
        return n;
      }, [png.toString('base64'), rgb] as const);
    };
    expect(await count(0, [0xd7, 0x30, 0x27])).toBeGreaterThan(500);
    expect(await count(1, [0xd7, 0x30, 0x27])).toBeLessThan(50);
    expect(await count(1, [0x91, 0xcf, 0x60])).toBeGreaterThan(500);
    await page.close();
  }, 60_000);
});
