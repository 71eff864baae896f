import type { BenchFigure, BenchFn } from '../bench/types.js';
import { hasWrk, runLoadTest, type LoadTestResult } from './loadTest.js';

/** The paced scenario: 20 connections, each waiting 2 ms between a response and its next request. */
export const PACED = { connections: 20, threads: 1, thinkMs: 2 } as const;
/** The saturating scenario: 32 connections at full speed, two wrk threads. */
export const SATURATED = { connections: 32, threads: 2, thinkMs: 0 } as const;

function figures(prefix: 'paced' | 'saturated', r: LoadTestResult): BenchFigure[] {
  const scenario = `${r.scenario}; load average ${r.loadAverage.toFixed(1)}`;
  const inside = `${scenario}; inside the server (request event to response handed to the socket)`;
  return [
    { key: `${prefix}RequestsPerSec`, value: r.requestsPerSec, unit: 'req/s', scenario },
    { key: `${prefix}P50Ms`, value: r.p50Ms, unit: 'ms', scenario: `${scenario}; wrk's latency` },
    { key: `${prefix}P99Ms`, value: r.p99Ms, unit: 'ms', scenario: `${scenario}; wrk's latency` },
    { key: `${prefix}ServerP99Ms`, value: r.serverP99Ms, unit: 'ms', scenario: inside },
    {
      key: `${prefix}GcMaxMs`,
      value: r.gcMaxMs,
      unit: 'ms',
      scenario: `${scenario}; longest GC pause of the server process (${r.gcPauses} pauses, ${r.gcTotalMs.toFixed(0)} ms in all)`,
    },
  ];
}

/**
 * Benchmark section `serve`: the policy server under `wrk` (see `loadTest.ts`) in two scenarios, both
 * reported: `paced*` (each of 20 connections waits 2 ms after a response: an offered load of a few
 * thousand requests/s, the criterion "p99 at >= 5,000 requests/s") and `saturated*` (32
 * connections at full speed: the p99 is mostly queueing), plus the server's CPU time per request
 * (load-independent). Without `wrk` on the PATH the section has no figures (it says so on stderr).
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
  const o = quick ? { duration: 2, warmupMaxS: 1 } : { duration: 10 };
  const paced = await runLoadTest({ ...o, ...PACED });
  const saturated = await runLoadTest({ ...o, ...SATURATED });
  return [
    ...figures('paced', paced),
    ...figures('saturated', saturated),
    {
      key: 'serverCpuUsPerRequest',
      value: saturated.serverCpuUsPerRequest,
      unit: 'us',
      scenario: `${saturated.scenario}; load average ${saturated.loadAverage.toFixed(1)}; CPU time of the server process per answered request`,
    },
  ];
};
