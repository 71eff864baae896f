import { describe, expect, it } from 'vitest';
import { compareTable, evalTable } from '../../src/cli/compareOutput.js';
import { compareReport } from '../../src/eval/compareReport.js';
import { checkMetricNames, defaultMetric, fmtFixed, metricDecimals, reportOrder } from '../../src/eval/metricCatalog.js';
import type { EpisodeResult } from '../../src/policy/EpisodeResult.js';
import { TRAFFIC_METRICS } from '../../envs/traffic/trafficMetrics.js';
import { JOBSHOP_METRICS, LINE_METRICS } from '../../envs/factory/factoryMetrics.js';

const ep = (seed: number, ret: number, m: Record<string, number>): EpisodeResult => ({
  episode: seed, seed, return: ret, length: 720, metrics: { time: 3600, ...m },
});

// two seeds per policy: the 95 % t quantile with 1 degree of freedom is 12.706
const fixed = [ep(0, -50, { meanDelay: 20, arrived: 2300, queue: 3 }), ep(1, -54, { meanDelay: 22, arrived: 2380, queue: 5 })];
const mp = [ep(0, -40, { meanDelay: 14, arrived: 2310, queue: 2 }), ep(1, -42, { meanDelay: 15, arrived: 2378, queue: 2 })];

describe('compare and eval tables', () => {
  const rep = compareReport({ 'fixed-time': fixed, 'max-pressure': mp });
  const text = compareTable(rep, TRAFFIC_METRICS);
  const lines = text.split('\n');

  it('lead with the main metric, mark end-of-episode values, drop time and length, put return last', () => {
    const metricOf = (l: string): string => l.split(/\s{2,}/)[0] ?? '';
    const rows = lines.slice(2).filter((l) => /fixed-time|max-pressure/.test(l)).map(metricOf);
    expect([...new Set(rows)]).toEqual(['meanDelay', 'arrived', 'queue (end)', 'return']);
    expect(text).not.toMatch(/^time|^length/m);
    expect(text).toContain('(end) = value at the end of the episode, not an average.');
    expect(lines[0]).toMatch(/^metric\s+unit\s+policy\s+mean\s+95% CI\s+diff vs fixed-time\s+diff 95% CI$/);
  });

  it('print a value, its interval and its difference with the same decimals, intervals as [a, b]', () => {
    // meanDelay: fixed 21 +- 12.706 * 1.414 / 1.414; max-pressure 14.5 +- 6.353, difference -6.5 +- 6.353
    expect(text).toMatch(/meanDelay\s+s\s+fixed-time\s+21\.0\s+\[8\.3, 33\.7\]\s+\(baseline\)/);
    expect(text).toMatch(/meanDelay\s+s\s+max-pressure\s+14\.5\s+\[8\.1, 20\.9\]\s+-6\.5 \*\s+\[-12\.9, -0\.1\]/);
    // arrived: whole vehicles; max-pressure 2344 +- 12.706 * 48.08 / 1.414 = 432, difference +4 +- 12.706 * 8.485 / 1.414 = 76.2
    expect(text).toMatch(/arrived\s+veh\s+fixed-time\s+2,340\s+\[1,832, 2,848\]/);
    expect(text).toMatch(/arrived\s+veh\s+max-pressure\s+2,344\s+\[1,912, 2,776\]\s+\+4\s+\[-72, 80\]/);
  });

  it('eval uses the same order, units and interval format', () => {
    const ev = evalTable(compareReport({ 'fixed-time': fixed }), TRAFFIC_METRICS, ['meanDelay', 'queue']);
    expect(ev).toMatch(/^metric\s+unit\s+mean\s+std\s+95% CI\n/);
    expect(ev).toMatch(/meanDelay\s+s\s+21\.0\s+1\.4\s+\[8\.3, 33\.7\]/);
    expect(ev).toMatch(/queue \(end\)\s+veh\s+4\.00\s+1\.41\s+\[-8\.71, 16\.71\]/);
    expect(ev).not.toContain('..');
  });
});

describe('metric catalogue', () => {
  it('picks decimals for about three significant figures', () => {
    expect([metricDecimals([27.04, 25.6]), metricDecimals([2340]), metricDecimals([0.85]), metricDecimals([0])]).toEqual([1, 0, 3, 0]);
    expect([fmtFixed(-0.04, 1), fmtFixed(3.8, 0, true), fmtFixed(12345.6, 1)]).toEqual(['0.0', '+4', '12,345.6']);
  });

  it('defaults charts to the domain main metric, never to the clock', () => {
    expect(defaultMetric(['time', 'return', 'arrived', 'meanDelay'], TRAFFIC_METRICS)).toBe('meanDelay');
    expect(defaultMetric(['time', 'throughput', 'meanTardiness', 'S1.utilisation'], LINE_METRICS)).toBe('meanTardiness');
    expect(defaultMetric(['return', 'lowerBound', 'makespan'], JOBSHOP_METRICS)).toBe('makespan');
    expect(defaultMetric(['return', 'length'])).toBe('return');
    const order = reportOrder(['S2.blocked', 'time', 'oee', 'meanTardiness', 'S1.utilisation'], LINE_METRICS);
    expect(order).toEqual(['meanTardiness', 'oee', 'S1.utilisation', 'S2.blocked']);
  });

  it('rejects an unknown name in one line that lists the expected ones', () => {
    expect(() => checkMetricNames(['meanDelay', 'S1.utilisation'], LINE_METRICS, '--metric', 'FactoryLine-v0')).toThrow(
      /^Unknown --metric 'meanDelay' for FactoryLine-v0: expected one of meanTardiness, tardyFraction/,
    );
    expect(() => checkMetricNames(['S9.utilisation', 'return', 'length'], LINE_METRICS, '--metric', 'FactoryLine-v0')).not.toThrow();
  });
});
