import { describe, expect, it } from 'vitest';
import { sections } from '../../src/cli/bench/suite.js';
import { bench } from '../../src/serve/bench.js';
import { hasWrk } from '../../src/serve/loadTest.js';

describe('serve bench section', () => {
  it('reports a paced and a saturated scenario (requests/s, wrk and server latency, GC) and CPU per request (none without wrk)', async () => {
    expect(sections.map((s) => s.name)).toContain('serve');
    const figs = await bench({ quick: true });
    if (!hasWrk()) {
      expect(figs).toEqual([]);
      return;
    }
    const keys = (p: string): [string, string][] => [
      [`${p}RequestsPerSec`, 'req/s'],
      [`${p}P50Ms`, 'ms'],
      [`${p}P99Ms`, 'ms'],
      [`${p}ServerP99Ms`, 'ms'],
      [`${p}GcMaxMs`, 'ms'],
    ];
    expect(figs.map((f) => [f.key, f.unit])).toEqual([...keys('paced'), ...keys('saturated'), ['serverCpuUsPerRequest', 'us']]);
    const byKey = Object.fromEntries(figs.map((f) => [f.key, f.value]));
    for (const p of ['paced', 'saturated']) {
      expect(byKey[`${p}RequestsPerSec`]).toBeGreaterThan(0);
      expect(byKey[`${p}P99Ms`]).toBeGreaterThanOrEqual(byKey[`${p}P50Ms`] ?? Infinity);
    }
    // each scenario string says what was measured
    expect(figs.find((f) => f.key === 'pacedP99Ms')?.scenario).toMatch(/wrk -t1 -c20 .*waiting 2 ms after a response/);
    expect(figs.find((f) => f.key === 'saturatedP99Ms')?.scenario).toMatch(/wrk -t2 -c32 .*saturates the server/);
    for (const f of figs) expect(f.scenario).toMatch(/37-64-64-4/);
  }, 30_000);
});
