import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reduceSumoRun, upsPerCpuSecond, type RunMetrics } from './runMetrics.js';
import { parseDurationLog, parseSumoStatistics, parseTripinfos, type SumoTotals } from './sumoOutputs.js';
import { runSumoProcess, SumoError } from './sumoProcess.js';

/**
 * Options of a SUMO run on an untouched `.sumocfg`: the SUMO binary, the seed (`--seed`), an optional
 * end overriding the configuration's (`--end`), the folder for the output files, and the step length
 * of the configuration (to count vehicle-updates from trip durations).
 *
 * @example
 * ```ts
 * const o: SumoRunOptions = { sumo: '/usr/bin/sumo', seed: 1, outDir: tmp };
 * ```
 */
export interface SumoRunOptions {
  readonly sumo: string;
  readonly seed: number;
  readonly outDir: string;
  readonly end?: number;
  readonly stepLength?: number;
}

/**
 * Runs SUMO on a configuration as it is, adding only the seed, the end (when given) and outputs into
 * `outDir` (tripinfo with unfinished trips, statistics, the end-of-run report), and reduces them to
 * {@link RunMetrics}. The vehicle-updates are the summed trip durations over the step length (vehicles
 * running x steps); the speed is SUMO's own UPS per CPU second (see {@link upsPerCpuSecond}).
 *
 * @example
 * ```ts
 * const r = runSumoConfig('test/fixtures/sumo/cross/cross.sumocfg', { sumo: requireSumo(), seed: 1, outDir: tmp, end: 600 });
 * r.arrived;
 * ```
 */
export function runSumoConfig(config: string, o: SumoRunOptions): RunMetrics & { readonly version?: string } {
  const trip = join(o.outDir, `tripinfo-${o.seed}.xml`);
  const stat = join(o.outDir, `statistics-${o.seed}.xml`);
  const args = [
    '-c', config, '--seed', String(o.seed), ...(o.end !== undefined ? ['--end', String(o.end)] : []),
    '--no-step-log', 'true', '--no-warnings', 'true', '--duration-log.statistics', 'true',
    // trips of the vehicles on the road at the end, none for those never inserted (their wait comes
    // from the statistics), whatever the configuration itself asks of its tripinfo output
    '--tripinfo-output', trip, '--tripinfo-output.write-unfinished', 'true', '--tripinfo-output.write-undeparted', 'false', '--statistic-output', stat,
  ];
  const p = runSumoProcess(o.sumo, args, config);
  const log = parseDurationLog(p.stdout);
  if (!existsSync(trip)) throw new SumoError(`sumo wrote no tripinfo output for ${config} (expected ${trip})`);
  const trips = parseTripinfos(readFileSync(trip, 'utf8'), trip);
  const totals: SumoTotals | undefined = existsSync(stat) ? parseSumoStatistics(readFileSync(stat, 'utf8'), stat) : log.totals;
  if (!totals) throw new SumoError(`sumo wrote neither a statistic output nor vehicle totals on stdout for ${config}`);
  const m = reduceSumoRun(trips, totals);
  const step = o.stepLength ?? 1;
  let vehicleSeconds = 0;
  for (const t of trips) vehicleSeconds += t.duration;
  const vehicleUpdates = Math.round(vehicleSeconds / step);
  const loopUps = log.ups ?? (log.loopSeconds ? vehicleUpdates / log.loopSeconds : vehicleUpdates / p.wallSeconds);
  return {
    seed: o.seed,
    ...m,
    vehicleUpdates,
    updatesPerCpuSecond: upsPerCpuSecond(loopUps, p.cpuSeconds, p.wallSeconds),
    cpuSeconds: p.cpuSeconds ?? p.wallSeconds,
    wallSeconds: p.wallSeconds,
    endTime: log.endTime ?? o.end ?? Number.NaN,
    ...(log.version !== undefined ? { version: log.version } : {}),
  };
}

/**
 * SUMO's speed on a configuration with no output files (as SUMO runs when nobody records): its own UPS
 * (vehicle-updates per wall-clock second of the loop, from `--duration-log.statistics`), that figure per
 * CPU second, and the process's times.
 *
 * @example
 * ```ts
 * const s = sumoSpeed('cologne1.sumocfg', { sumo: requireSumo(), seed: 1 });
 * s.upsPerCpuSecond;
 * ```
 */
export function sumoSpeed(
  config: string,
  o: { sumo: string; seed: number; end?: number },
): { ups: number; upsPerCpuSecond: number; loopSeconds: number; cpuSeconds?: number; wallSeconds: number; version?: string } {
  const args = [
    '-c',
    config,
    '--seed',
    String(o.seed),
    ...(o.end !== undefined ? ['--end', String(o.end)] : []),
    '--no-step-log',
    'true',
    '--no-warnings',
    'true',
    '--duration-log.statistics',
    'true',
  ];
  const p = runSumoProcess(o.sumo, args, config);
  const log = parseDurationLog(p.stdout);
  if (log.ups === undefined) throw new SumoError(`sumo printed no UPS for ${config} (expected a "UPS:" line from --duration-log.statistics)`);
  return {
    ups: log.ups,
    upsPerCpuSecond: upsPerCpuSecond(log.ups, p.cpuSeconds, p.wallSeconds),
    loopSeconds: log.loopSeconds ?? p.wallSeconds,
    wallSeconds: p.wallSeconds,
    ...(p.cpuSeconds !== undefined ? { cpuSeconds: p.cpuSeconds } : {}),
    ...(log.version !== undefined ? { version: log.version } : {}),
  };
}
