import type { SumoTotals, TripRecord } from './sumoOutputs.js';

/**
 * The figures of one simulation run, the same for SUMO and tsgym (SUMO's definitions): counts at the end
 * of the run; trip means over the vehicles that arrived (travel time from insertion to arrival, time
 * loss, waiting time at < 0.1 m/s); the mean depart delay over every inserted vehicle; RESCO's delay
 * (per vehicle loaded, time loss + depart delay, and for vehicles never inserted the time from their
 * scheduled depart to the end); and the speed of the run.
 *
 * @example
 * ```ts
 * const r: RunMetrics = runSumoConfig('net.sumocfg', { seed: 1, outDir });
 * r.meanTravelTime;
 * ```
 */
export interface RunMetrics {
  readonly seed: number;
  readonly inserted: number;
  readonly arrived: number;
  /** Vehicles still driving at the end (including teleporting ones). */
  readonly running: number;
  /** Vehicles whose depart time has passed but that could not be inserted by the end. */
  readonly waiting: number;
  /** Teleports out of jams (SUMO: jam, yield and wrong-lane teleports). */
  readonly teleports: number;
  /** Collisions (SUMO teleports or removes the vehicles; tsgym's never overlap: always 0). */
  readonly collisions: number;
  readonly meanTravelTime: number;
  readonly meanTimeLoss: number;
  readonly meanWaitingTime: number;
  readonly meanDepartDelay: number;
  readonly rescoDelay: number;
  /** Vehicles running x steps. */
  readonly vehicleUpdates: number;
  /** Vehicle-updates per CPU second of the simulation loop (see docs/validate.md for each side's clock). */
  readonly updatesPerCpuSecond: number;
  /** CPU and wall-clock seconds of the run (SUMO: the whole process, loading and output included). */
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  /** The clock when the run stopped (s): its end time, or when the last vehicle left. */
  readonly endTime: number;
}

/**
 * The trip figures of a run, without its speed.
 *
 * @example
 * ```ts
 * const m: TripMetrics = reduceSumoRun(trips, totals);
 * ```
 */
export type TripMetrics = Omit<RunMetrics, 'seed' | 'vehicleUpdates' | 'updatesPerCpuSecond' | 'cpuSeconds' | 'wallSeconds' | 'endTime'>;

/**
 * Reduces SUMO's outputs of one run to {@link TripMetrics}: `trips` from the tripinfo output written with
 * `--tripinfo-output.write-unfinished` (arrived and still-running vehicles), `totals` from the statistic
 * output. Means over arrived trips; the depart delay over all inserted (tripinfo) vehicles; RESCO's
 * delay = (sum over tripinfo vehicles of timeLoss + departDelay + waiting x departDelayWaiting) /
 * (tripinfo vehicles + waiting), where the waiting vehicles are the route-file vehicles that never
 * departed and departDelayWaiting is SUMO's mean of (end - scheduled depart) over them.
 *
 * @example
 * ```ts
 * const m = reduceSumoRun(parseTripinfos(tripXml, 'trip.xml'), parseSumoStatistics(statXml, 'stat.xml'));
 * m.rescoDelay;
 * ```
 */
export function reduceSumoRun(trips: readonly TripRecord[], totals: SumoTotals): TripMetrics {
  let arrived = 0;
  let travel = 0;
  let loss = 0;
  let wait = 0;
  let departDelay = 0;
  let resco = 0;
  for (const t of trips) {
    departDelay += t.departDelay;
    resco += t.timeLoss + t.departDelay;
    if (t.unfinished) continue;
    arrived++;
    travel += t.duration;
    loss += t.timeLoss;
    wait += t.waitingTime;
  }
  const a = Math.max(1, arrived);
  const loadedCount = trips.length + totals.waiting;
  return {
    inserted: totals.inserted,
    arrived,
    running: totals.running,
    waiting: totals.waiting,
    teleports: totals.teleports,
    collisions: totals.collisions,
    meanTravelTime: travel / a,
    meanTimeLoss: loss / a,
    meanWaitingTime: wait / a,
    meanDepartDelay: departDelay / Math.max(1, trips.length),
    rescoDelay: loadedCount > 0 ? (resco + totals.waiting * totals.departDelayWaiting) / loadedCount : 0,
  };
}

/**
 * Vehicle-updates per CPU second of SUMO's loop from its own UPS (vehicle-updates per wall-clock second
 * of the loop), scaled by the share of the CPU the process had (`cpuSeconds / wallSeconds` of the
 * process): on a shared machine the wall-clock figure counts the time other processes held the core.
 * Without a CPU time the wall-clock UPS is returned unchanged.
 *
 * @example
 * ```ts
 * upsPerCpuSecond(200_000, 0.5, 1.0); // 400,000: SUMO had the core half the time
 * ```
 */
export function upsPerCpuSecond(ups: number, cpuSeconds: number | undefined, wallSeconds: number): number {
  if (cpuSeconds === undefined || !(cpuSeconds > 0) || !(wallSeconds > 0)) return ups;
  return ups * (wallSeconds / Math.min(cpuSeconds, wallSeconds));
}
