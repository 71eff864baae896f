import type { BenchFigure, BenchFn } from '../bench/types.js';
import { hasWrk, runLoadTest } from './loadTest.js';

/**
 * Benchmark section `serve`: the policy server under `wrk` (see `loadTest.ts`): requests/s, p50/p99
 * latency and the server's CPU time per request. Without `wrk` on the PATH the section has no figures
 * (it says so on stderr).
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async ({ quick }) => {
  if (!hasWrk()) {
    process.stderr.write('bench serve: wrk is not installed (Debian: apt-get install -y wrk); no policy-server figures\n');
    return [];
  }
  const r = await runLoadTest({ duration: quick ? 3 : 10, connections: 32, threads: 2 });
  const scenario = `${r.scenario}; load average ${r.loadAverage.toFixed(1)}`;
  const figures: BenchFigure[] = [
    { key: 'requestsPerSec', value: r.requestsPerSec, unit: 'req/s', scenario },
    { key: 'p50Ms', value: r.p50Ms, unit: 'ms', scenario },
    { key: 'p99Ms', value: r.p99Ms, unit: 'ms', scenario },
    { key: 'serverCpuUsPerRequest', value: r.serverCpuUsPerRequest, unit: 'us', scenario: `${scenario}; CPU time of the server process per answered request` },
  ];
  return figures;
};
