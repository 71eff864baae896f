import { describe, expect, it } from 'vitest';
import { sections } from '../../src/bench/suite.js';
import { bench } from '../../src/serve/bench.js';
import { hasWrk } from '../../src/serve/loadTest.js';

describe('serve bench section', () => {
  it('is in the suite and reports requests/s, latency and CPU per request under wrk (none without wrk)', async () => {
    expect(sections.map((s) => s.name)).toContain('serve');
    const figs = await bench({ quick: true });
    if (!hasWrk()) {
      expect(figs).toEqual([]);
      return;
    }
    expect(figs.map((f) => [f.key, f.unit])).toEqual([['requestsPerSec', 'req/s'], ['p50Ms', 'ms'], ['p99Ms', 'ms'], ['serverCpuUsPerRequest', 'us']]);
    const byKey = Object.fromEntries(figs.map((f) => [f.key, f.value]));
    expect(byKey.requestsPerSec).toBeGreaterThan(0);
    expect(byKey.p99Ms).toBeGreaterThanOrEqual(byKey.p50Ms ?? Infinity);
    for (const f of figs) expect(f.scenario).toMatch(/37-64-64-4/);
  });
});
