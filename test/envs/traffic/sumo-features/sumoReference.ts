import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { findSumo } from '../../../../envs/traffic/validate/sumoProcess.js';

/*
 * SUMO 1.15 as the independent reference of the feature tests: runs `sumo` on a fixture's .sumocfg
 * and reads its statistics, trip infos, teleport messages and (optionally) floating-car data.
 */

/** One `<tripinfo>` of SUMO's trip-info output (times in s, positions in m). */
export interface SumoTrip {
  readonly id: string;
  readonly vType: string;
  readonly depart: number;
  readonly departLane: string;
  readonly departPos: number;
  readonly departSpeed: number;
  /** Time from its scheduled departure to its insertion (s). */
  readonly departDelay: number;
  readonly arrival: number;
  readonly arrivalLane: string;
  readonly arrivalPos: number;
  readonly duration: number;
  readonly waitingTime: number;
  readonly speedFactor: number;
  /** Why SUMO removed the vehicle before its arrival ('teleport': a teleport past its route's end), or ''. */
  readonly vaporized: string;
}

/** One vehicle at one time step of SUMO's floating-car data. */
export interface SumoFcd {
  readonly time: number;
  readonly id: string;
  readonly lane: string;
  readonly pos: number;
  readonly speed: number;
}

/** What a SUMO run reports. */
export interface SumoRun {
  readonly loaded: number;
  readonly inserted: number;
  readonly running: number;
  readonly waiting: number;
  readonly teleports: number;
  readonly collisions: number;
  /** Times of the `Teleporting vehicle ...` messages. */
  readonly teleportTimes: number[];
  readonly trips: SumoTrip[];
  readonly fcd: SumoFcd[];
  /** With option `tls`: each change of that signal's program step, as [time, step] (the state shown from that time on). */
  readonly tlsSwitches: [number, number][];
  /** With option `vehroutes`: the route each vehicle drove (edge ids joined by spaces), by vehicle id. */
  readonly routes: Map<string, string>;
  /** With option `stops`: SUMO's stop output, in its order (the stop's position, when it began and ended). */
  readonly stops: { id: string; pos: number; started: number; ended: number }[];
}

/**
 * True when Debian's `sumo` is installed (the CI installs it). `TSGYM_TEST_NO_SUMO=1` runs the tests as on a
 * machine without it (their hand-checked expectations only).
 */
export const SUMO_AVAILABLE = !process.env.TSGYM_TEST_NO_SUMO && findSumo() !== undefined;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name) => ['tripinfo', 'timestep', 'vehicle'].includes(name),
});

type Attrs = Record<string, string>;

/**
 * Runs SUMO on `cfg` (a .sumocfg) with `seed` and extra options, and returns its report.
 *
 * @example
 * ```ts
 * const ref = runSumo('test/fixtures/sumo/arterial/arterial.sumocfg', { seed: 1 });
 * ```
 */
export function runSumo(
  cfg: string,
  o: { seed?: number; fcd?: boolean; tls?: string; vehroutes?: boolean; stops?: boolean; args?: readonly string[] } = {},
): SumoRun {
  const bin = findSumo();
  if (!bin) throw new Error('sumo is not installed (Debian package sumo)');
  const dir = mkdtempSync(join(tmpdir(), 'tsgym-sumo-ref-'));
  try {
    const out = (f: string): string => join(dir, f);
    const args = [
      '-c',
      cfg,
      '--seed',
      String(o.seed ?? 1),
      '--no-step-log',
      'true',
      '--tripinfo-output',
      out('trips.xml'),
      '--statistic-output',
      out('stats.xml'),
      ...(o.fcd ? ['--fcd-output', out('fcd.xml')] : []),
      ...(o.tls ? ['--additional-files', out('tls.add.xml')] : []),
      ...(o.vehroutes ? ['--vehroute-output', out('vehroutes.xml')] : []),
      ...(o.stops ? ['--stop-output', out('stops.xml')] : []),
      ...(o.args ?? []),
    ];
    // the configuration must list no additional files of its own when `tls` is given
    if (o.tls) writeFileSync(out('tls.add.xml'), `<additional><timedEvent type="SaveTLSStates" source="${o.tls}" dest="${out('tls.xml')}"/></additional>`);
    const r = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, SUMO_HOME: process.env.SUMO_HOME ?? '/usr/share/sumo' } });
    if (r.status !== 0) throw new Error(`sumo failed (exit ${String(r.status)}): ${r.stderr.slice(0, 400)}`);
    const stats = parser.parse(readFileSync(out('stats.xml'), 'utf8')) as { statistics: { vehicles: Attrs; teleports: Attrs; safety: Attrs } };
    const trips = ((parser.parse(readFileSync(out('trips.xml'), 'utf8')) as { tripinfos?: { tripinfo?: Attrs[] } }).tripinfos?.tripinfo ?? []).map(trip);
    const teleportTimes = [...r.stderr.matchAll(/Teleporting vehicle '[^']*';.*time=(\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
    const fcd: SumoFcd[] = [];
    if (o.fcd) {
      const steps =
        (parser.parse(readFileSync(out('fcd.xml'), 'utf8')) as { 'fcd-export'?: { timestep?: (Attrs & { vehicle?: Attrs[] })[] } })['fcd-export']?.timestep ??
        [];
      for (const s of steps)
        for (const v of s.vehicle ?? []) fcd.push({ time: Number(s.time), id: v.id ?? '', lane: v.lane ?? '', pos: Number(v.pos), speed: Number(v.speed) });
    }
    const tlsSwitches: [number, number][] = [];
    if (o.tls) {
      for (const m of readFileSync(out('tls.xml'), 'utf8').matchAll(/<tlsState time="([\d.]+)"[^>]* phase="(\d+)"/g)) {
        const step = Number(m[2]);
        if (tlsSwitches[tlsSwitches.length - 1]?.[1] !== step) tlsSwitches.push([Math.round(Number(m[1])), step]);
      }
    }
    const routes = new Map<string, string>();
    if (o.vehroutes) {
      for (const m of readFileSync(out('vehroutes.xml'), 'utf8').matchAll(/<vehicle id="([^"]+)"[^>]*>\s*<route edges="([^"]+)"/g)) routes.set(m[1] ?? '', m[2] ?? '');
    }
    const stops: { id: string; pos: number; started: number; ended: number }[] = [];
    if (o.stops) {
      for (const m of readFileSync(out('stops.xml'), 'utf8').matchAll(/<stopinfo id="([^"]+)"[^>]* pos="([\d.]+)"[^>]* started="([\d.]+)" ended="([\d.]+)"/g)) {
        stops.push({ id: m[1] ?? '', pos: Number(m[2]), started: Number(m[3]), ended: Number(m[4]) });
      }
    }
    const v = stats.statistics.vehicles;
    return {
      loaded: Number(v.loaded),
      inserted: Number(v.inserted),
      running: Number(v.running),
      waiting: Number(v.waiting),
      teleports: Number(stats.statistics.teleports.total),
      collisions: Number(stats.statistics.safety.collisions),
      teleportTimes,
      trips,
      fcd,
      tlsSwitches,
      routes,
      stops,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function trip(t: Attrs): SumoTrip {
  const n = (k: string): number => Number(t[k]);
  return {
    id: t.id ?? '',
    vType: t.vType ?? '',
    depart: n('depart'),
    departLane: t.departLane ?? '',
    departPos: n('departPos'),
    departSpeed: n('departSpeed'),
    departDelay: n('departDelay'),
    arrival: n('arrival'),
    arrivalLane: t.arrivalLane ?? '',
    arrivalPos: n('arrivalPos'),
    duration: n('duration'),
    waitingTime: n('waitingTime'),
    speedFactor: n('speedFactor'),
    vaporized: t.vaporized ?? '',
  };
}

/** Mean of SUMO trip durations (s). */
export function meanDuration(trips: readonly SumoTrip[]): number {
  return trips.reduce((a, t) => a + t.duration, 0) / Math.max(1, trips.length);
}
