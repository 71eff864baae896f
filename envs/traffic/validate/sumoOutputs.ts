import { XMLParser } from 'fast-xml-parser';
import { InvalidFile } from '../../../src/core/errors.js';

/**
 * One vehicle of SUMO's `--tripinfo-output` (all times in seconds). With
 * `--tripinfo-output.write-unfinished` SUMO also writes the vehicles still driving at the end: they carry
 * `arrival="-1"` and `vaporized="end"` and their duration, waiting time and time loss so far.
 *
 * @example
 * ```ts
 * const trips: TripRecord[] = parseTripinfos(readFileSync('tripinfo.xml', 'utf8'), 'tripinfo.xml');
 * ```
 */
export interface TripRecord {
  readonly id: string;
  readonly depart: number;
  readonly departDelay: number;
  /** Arrival time, -1 for an unfinished trip. */
  readonly arrival: number;
  readonly duration: number;
  readonly waitingTime: number;
  readonly timeLoss: number;
  /** True when the vehicle did not arrive (still running at the end, or removed by SUMO). */
  readonly unfinished: boolean;
}

/**
 * Vehicle totals at the end of a SUMO run, from `--statistic-output` (or the `--duration-log.statistics`
 * text): vehicles loaded, inserted, still running, waiting to be inserted (their depart time has passed),
 * teleports, and the mean time the waiting vehicles have waited since their scheduled depart.
 *
 * @example
 * ```ts
 * const t: SumoTotals = parseSumoStatistics(readFileSync('stats.xml', 'utf8'), 'stats.xml');
 * ```
 */
export interface SumoTotals {
  readonly loaded: number;
  readonly inserted: number;
  readonly running: number;
  readonly waiting: number;
  /** Teleports out of jams, yielding and wrong lanes (SUMO's `time-to-teleport`), not those of collisions. */
  readonly teleports: number;
  /** Collisions SUMO detected (each one teleports or removes a vehicle, per `--collision.action`). */
  readonly collisions: number;
  /** Mean of (end - scheduled depart) over the `waiting` vehicles (SUMO's `departDelayWaiting`). */
  readonly departDelayWaiting: number;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name) => name === 'tripinfo',
});

function parseXml(xml: string, file: string, root: string): Record<string, unknown> {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    throw new InvalidFile(`${file}: not well-formed XML (${(e as Error).message.split('\n')[0] ?? ''})`);
  }
  const top = doc[root];
  if (top === undefined) {
    throw new InvalidFile(
      `${file}: expected a <${root}> document, found ` +
        `${Object.keys(doc).filter((k) => !k.startsWith('?')).map((k) => `<${k}>`).join(', ') || 'nothing'}`,
    );
  }
  // an empty element parses as '' (no attributes, no children)
  return typeof top === 'object' && top !== null ? (top as Record<string, unknown>) : {};
}

function num(el: Record<string, unknown>, attr: string, where: string): number {
  const raw = el[attr];
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) throw new InvalidFile(`${where}: attribute ${attr} ${raw === undefined ? 'is missing' : `is '${String(raw)}'`}, expected a number`);
  return n;
}

/**
 * Reads SUMO's tripinfo output: one {@link TripRecord} per `<tripinfo>` (persons' `<personinfo>` and any
 * nested device output are ignored). Errors name the file, the vehicle and the attribute.
 *
 * @example
 * ```ts
 * parseTripinfos(
 *   '<tripinfos><tripinfo id="a" depart="3.00" departDelay="1.00" arrival="40.00" duration="37.00" waitingTime="4.00" timeLoss="9.50"/></tripinfos>',
 *   'trip.xml',
 * );
 * // [{ id: 'a', depart: 3, departDelay: 1, arrival: 40, duration: 37, waitingTime: 4, timeLoss: 9.5, unfinished: false }]
 * ```
 */
export function parseTripinfos(xml: string, file: string): TripRecord[] {
  const top = parseXml(xml, file, 'tripinfos');
  const list = (top.tripinfo ?? []) as Record<string, unknown>[];
  return list.map((t, i) => {
    const id = typeof t.id === 'string' ? t.id : `#${i + 1}`;
    const where = `${file}: tripinfo '${id}'`;
    const arrival = num(t, 'arrival', where);
    return {
      id,
      depart: num(t, 'depart', where),
      departDelay: num(t, 'departDelay', where),
      arrival,
      duration: num(t, 'duration', where),
      waitingTime: num(t, 'waitingTime', where),
      timeLoss: num(t, 'timeLoss', where),
      unfinished: arrival < 0 || (typeof t.vaporized === 'string' && t.vaporized !== ''),
    };
  });
}

/** Teleports by jam, yield and wrong lane when SUMO splits them (1.x), else the total. */
function jamTeleports(t: Record<string, unknown>, where: string): number {
  if (t.jam === undefined) return num(t, 'total', where);
  return num(t, 'jam', where) + (t.yield === undefined ? 0 : num(t, 'yield', where)) + (t.wrongLane === undefined ? 0 : num(t, 'wrongLane', where));
}

/**
 * Reads SUMO's `--statistic-output` (`<statistics>` with `<vehicles>`, `<teleports>` and
 * `<vehicleTripStatistics>`) into {@link SumoTotals}.
 *
 * @example
 * ```ts
 * parseSumoStatistics(
 *   '<statistics><vehicles loaded="10" inserted="8" running="2" waiting="2"/><teleports total="3" jam="1" yield="0" wrongLane="0"/>' +
 *     '<safety collisions="2"/><vehicleTripStatistics departDelayWaiting="30.00"/></statistics>',
 *   's.xml',
 * );
 * // { loaded: 10, inserted: 8, running: 2, waiting: 2, teleports: 1, collisions: 2, departDelayWaiting: 30 }
 * ```
 */
export function parseSumoStatistics(xml: string, file: string): SumoTotals {
  const top = parseXml(xml, file, 'statistics');
  const el = (name: string): Record<string, unknown> => {
    const e = top[name];
    if (e === undefined) throw new InvalidFile(`${file}: <statistics> has no <${name}> element`);
    return typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {};
  };
  const veh = el('vehicles');
  const trips = el('vehicleTripStatistics');
  return {
    loaded: num(veh, 'loaded', `${file}: <vehicles>`),
    inserted: num(veh, 'inserted', `${file}: <vehicles>`),
    running: num(veh, 'running', `${file}: <vehicles>`),
    waiting: num(veh, 'waiting', `${file}: <vehicles>`),
    teleports: jamTeleports(el('teleports'), `${file}: <teleports>`),
    collisions: top.safety === undefined ? 0 : num(el('safety'), 'collisions', `${file}: <safety>`),
    departDelayWaiting: trips.departDelayWaiting === undefined ? 0 : num(trips, 'departDelayWaiting', `${file}: <vehicleTripStatistics>`),
  };
}

/**
 * What `sumo --duration-log.statistics` prints on stdout at the end of a run.
 *
 * @example
 * ```ts
 * const log: DurationLog = parseDurationLog(stdout);
 * ```
 */
export interface DurationLog {
  /** SUMO's version from "Simulation version X started". */
  readonly version?: string;
  /** Wall-clock seconds of the simulation loop ("Duration"). */
  readonly loopSeconds?: number;
  /** SUMO's own vehicle-updates per wall-clock second of the loop ("UPS"). */
  readonly ups?: number;
  /** The vehicle totals, when the log has them all. */
  readonly totals?: SumoTotals;
  /** The clock when the run stopped ("Simulation ended at time"). */
  readonly endTime?: number;
}

/** "0.63s", "630ms", "1:02:03.5" (h:m:s) -> seconds. */
function durationSeconds(s: string): number | undefined {
  const t = s.trim();
  const ms = /^([\d.]+)\s*ms$/.exec(t);
  if (ms) return Number(ms[1]) / 1000;
  const sec = /^([\d.]+)\s*s$/.exec(t);
  if (sec) return Number(sec[1]);
  if (/^[\d:.]+$/.test(t)) return t.split(':').reduce((a, p) => a * 60 + Number(p), 0);
  return undefined;
}

/**
 * Reads the end-of-run report of `--duration-log.statistics` (SUMO 1.x): version, loop duration, UPS,
 * and the vehicle totals (Inserted, Running, Waiting, Teleports, DepartDelayWaiting). Lines it does not
 * know are skipped, so other versions' extra lines do no harm.
 *
 * @example
 * ```ts
 * parseDurationLog(' Duration: 0.63s\n UPS: 216148.3\n').ups; // 216148.3
 * ```
 */
export function parseDurationLog(stdout: string): DurationLog {
  const find = (re: RegExp): string | undefined => re.exec(stdout)?.[1];
  const n = (re: RegExp): number | undefined => {
    const v = find(re);
    const x = v === undefined ? Number.NaN : Number(v);
    return Number.isFinite(x) ? x : undefined;
  };
  const version = find(/Simulation version (\S+) started/);
  // the loop's "Duration" is the one of the Performance block (the Statistics block has a trip "Duration")
  const perf = /Performance:\s*\n((?:[ \t]+\S.*\n?)*)/.exec(stdout)?.[1] ?? '';
  const dur = /^\s*Duration:\s*(\S+)\s*$/m.exec(perf)?.[1];
  const loopSeconds = dur === undefined ? undefined : durationSeconds(dur);
  const ups = n(/^\s*UPS:\s*([\d.eE+-]+)/m);
  const endTime = n(/Simulation ended at time:\s*([\d.]+)/);
  const inserted = n(/^\s*Inserted:\s*(\d+)/m);
  const running = n(/^\s*Running:\s*(\d+)/m);
  const waiting = n(/^\s*Waiting:\s*(\d+)/m);
  const loaded = n(/^\s*Inserted:\s*\d+\s*\(Loaded:\s*(\d+)\)/m);
  // "Teleports: 13 (Collisions: 13)": the collisions' teleports are not jams
  const collisions = n(/^\s*Teleports:.*Collisions:\s*(\d+)/m) ?? 0;
  const teleports = Math.max(0, (n(/^\s*Teleports:\s*(\d+)/m) ?? 0) - collisions);
  const totals = inserted !== undefined && running !== undefined && waiting !== undefined
    ? { loaded: loaded ?? inserted + waiting, inserted, running, waiting, teleports, collisions, departDelayWaiting: n(/^\s*DepartDelayWaiting:\s*([\d.]+)/m) ?? 0 }
    : undefined;
  return {
    ...(version !== undefined ? { version } : {}),
    ...(loopSeconds !== undefined ? { loopSeconds } : {}),
    ...(ups !== undefined ? { ups } : {}),
    ...(totals ? { totals } : {}),
    ...(endTime !== undefined ? { endTime } : {}),
  };
}
