import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/**
 * Trip statistics of one run (means over arrived vehicles, as SUMO's tripinfo and tsgym's metrics).
 *
 * @example
 * ```ts
 * const s: TripStats = runSumo({ net, routes, end: 3600, seed: 1, outDir });
 * ```
 */
export interface TripStats {
  readonly inserted: number;
  readonly arrived: number;
  readonly meanTravelTime: number;
  readonly meanWaitingTime: number;
  readonly meanTimeLoss: number;
  /** Wall-clock seconds of the run. */
  readonly wallSeconds: number;
  /** CPU seconds (user + system) of the run, when known: steadier than wall time on a loaded machine. */
  readonly cpuSeconds?: number;
  /** Vehicle-updates (vehicles running x steps) when known. */
  readonly vehicleUpdates?: number;
}

/**
 * Path of Debian's `sumo` binary (or `$SUMO_BINARY`), or undefined when SUMO is not installed.
 *
 * @example
 * ```ts
 * if (!sumoBinary()) console.error('install sumo to compare');
 * ```
 */
export function sumoBinary(): string | undefined {
  for (const p of [process.env.SUMO_BINARY, '/usr/bin/sumo', '/usr/local/bin/sumo']) if (p && existsSync(p)) return p;
  return undefined;
}

/**
 * Runs SUMO headless on a network and route files (or a .sumocfg) up to `end` and reads its tripinfo
 * output (`duration`, `waitingTime`, `timeLoss` of each arrived vehicle). Teleporting is switched off
 * (`--time-to-teleport -1`) because tsgym never teleports.
 *
 * @example
 * ```ts
 * const s = runSumo({ net: 'cross.net.xml', routes: ['demand.rou.xml'], end: 3600, seed: 1, outDir: tmp });
 * ```
 */
export function runSumo(o: { net?: string; routes?: readonly string[]; config?: string; end: number; seed: number; outDir: string }): TripStats {
  const bin = sumoBinary();
  if (!bin) throw new Error('sumo is not installed (Debian package sumo)');
  const trip = join(o.outDir, `tripinfo-${o.seed}.xml`);
  const summary = join(o.outDir, `summary-${o.seed}.xml`);
  const args = [
    ...(o.config ? ['-c', o.config] : ['-n', o.net ?? '', '-r', (o.routes ?? []).join(',')]),
    '--begin', '0', '--end', String(o.end), '--step-length', '1', '--seed', String(o.seed),
    '--time-to-teleport', '-1', '--no-step-log', 'true', '--no-warnings', 'true',
    '--tripinfo-output', trip, '--summary-output', summary,
  ];
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const cpuFile = join(o.outDir, `cpu-${o.seed}.txt`);
  const t0 = performance.now();
  const env = { ...process.env, SUMO_HOME: process.env.SUMO_HOME ?? '/usr/share/sumo' };
  const r = timeBin ? spawnSync(timeBin, ['-f', '%U %S', '-o', cpuFile, bin, ...args], { encoding: 'utf8', env }) : spawnSync(bin, args, { encoding: 'utf8', env });
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = timeBin && existsSync(cpuFile) ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number) : [];
  const cpuSeconds = cpu.length === 2 && cpu.every(Number.isFinite) ? (cpu[0] as number) + (cpu[1] as number) : undefined;
  if (r.status !== 0) throw new Error(`sumo failed (exit ${String(r.status)}): ${r.stderr.slice(0, 400)}`);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'tripinfo' || name === 'step' });
  const trips = ((parser.parse(readFileSync(trip, 'utf8')) as { tripinfos?: { tripinfo?: Record<string, string>[] } }).tripinfos?.tripinfo ?? []);
  const steps = ((parser.parse(readFileSync(summary, 'utf8')) as { summary?: { step?: Record<string, string>[] } }).summary?.step ?? []);
  const last = steps[steps.length - 1];
  let tt = 0;
  let wt = 0;
  let tl = 0;
  for (const t of trips) {
    tt += Number(t.duration);
    wt += Number(t.waitingTime);
    tl += Number(t.timeLoss);
  }
  const n = Math.max(1, trips.length);
  const vehicleUpdates = steps.reduce((a, s) => a + Number(s.running ?? 0), 0);
  return { inserted: Number(last?.inserted ?? 0), arrived: trips.length, meanTravelTime: tt / n, meanWaitingTime: wt / n, meanTimeLoss: tl / n, wallSeconds, vehicleUpdates, ...(cpuSeconds !== undefined ? { cpuSeconds } : {}) };
}
