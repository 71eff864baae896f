import { describe, expect, it } from 'vitest';
import { barChartSvg } from '../../src/plot/barChartSvg.js';
import { lineChartSvg } from '../../src/plot/lineChartSvg.js';
import { niceTicks } from '../../src/plot/svg.js';

describe('plots', () => {
  it('niceTicks covers the range with 1-2-5 steps', () => {
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 480)).toEqual([0, 100, 200, 300, 400, 500]);
    const t = niceTicks(-3.2, 7.9);
    expect(t[0]).toBeLessThanOrEqual(-3.2);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(7.9);
  });

  it('bar chart has one bar and one whisker per policy, bar heights proportional to values', () => {
    const svg = barChartSvg('delay <s>', [
      { label: 'a', value: 10, low: 8, high: 12 },
      { label: 'b', value: 20, low: 18, high: 22 },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('delay &lt;s&gt;');
    const heights = [...svg.matchAll(/class="bar"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    expect((heights[1] ?? 0) / (heights[0] ?? 1)).toBeCloseTo(2, 6);
    expect(svg.match(/class="ci"/g)).toHaveLength(2);
  });

  it('line chart draws every finite point of every series', () => {
    const svg = lineChartSvg('curve', [{ name: 'r', x: [0, 1, 2, 3], y: [1, NaN, 3, 4] }]);
    const pts = /points="([^"]*)"/.exec(svg)?.[1]?.split(' ') ?? [];
    expect(pts).toHaveLength(3);
  });

  it('line chart with low/high draws the band: upper edge left to right, then lower edge back, and the line inside it', () => {
    const svg = lineChartSvg('band', [{ name: 'iqm', x: [0, 10], y: [5, 6], low: [4, 2], high: [8, 9] }]);
    const band = (/class="band" points="([^"]*)"/.exec(svg)?.[1] ?? '').split(' ').map((p) => p.split(',').map(Number));
    const line = (/class="series" points="([^"]*)"/.exec(svg)?.[1] ?? '').split(' ').map((p) => p.split(',').map(Number));
    expect(band).toHaveLength(4);
    // x: 0, 10, 10, 0; SVG y grows downwards, so the upper edge has the smaller y at each x
    expect(band[0]?.[0]).toBe(line[0]?.[0]);
    expect(band[1]?.[0]).toBe(line[1]?.[0]);
    expect(band[2]?.[0]).toBe(line[1]?.[0]);
    expect(band[3]?.[0]).toBe(line[0]?.[0]);
    for (const [hi, mid, lo] of [[band[0], line[0], band[3]], [band[1], line[1], band[2]]]) {
      expect(hi?.[1] ?? 0).toBeLessThan(mid?.[1] ?? 0);
      expect(mid?.[1] ?? 0).toBeLessThan(lo?.[1] ?? 0);
    }
  });
});

describe('lineChartSvg legend', () => {
  it('widens the right margin so a long series name fits inside the SVG', () => {
    const name = 'mean return over the last 100 episodes';
    const svg = lineChartSvg('curve', [{ name, x: [0, 1], y: [0, 1] }], { width: 640 });
    const x = Number(/<text x="([\d.]+)" y="[\d.]+" fill="[^"]+">mean return/.exec(svg)?.[1]);
    const width = Number(/<svg [^>]*width="(\d+)"/.exec(svg)?.[1]);
    // a generous 7.2 px per character of 12 px sans-serif
    expect(x + 7.2 * name.length).toBeLessThanOrEqual(width);
  });
});
