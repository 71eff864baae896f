import type { SumoOutputs } from './SumoOutputs.js';
import type { SumoVehicles } from './SumoVehicles.js';

/**
 * tsgym's network metrics from SUMO's own outputs, under the names tsgym's engine uses: trip means
 * over arrived vehicles from SUMO's tripinfo (`meanTravelTime` = duration, `meanTimeLoss`,
 * `meanWaitingTime`, `meanStops` = waitingCount, `meanDepartDelay`, `meanDelay` = time loss + depart
 * delay), counts and `queue` (halting vehicles) and `meanSpeed` from its summary, `waitingTimeNow` the
 * accumulated waiting time of the vehicles in the network now, and `rescoDelay`, RESCO's delay: per
 * vehicle time loss + depart delay, a vehicle not yet inserted counting its wait so far, averaged over
 * every vehicle due by now (at the end of an episode, RESCO's definition). `meanIntersectionDelay`
 * is not reported: SUMO does not measure the time loss at each junction entry.
 *
 * @example
 * ```ts
 * sumoMetrics(sim.time, outputs, vehicles).rescoDelay;
 * ```
 */
export function sumoMetrics(time: number, o: SumoOutputs, v: SumoVehicles): Record<string, number> {
  let runningLoss = 0;
  let waitingNow = 0;
  for (const s of v.slotOf.values()) {
    runningLoss += v.timeLoss[s] as number;
    waitingNow += v.waiting[s] as number;
  }
  const a = Math.max(1, o.arrived);
  const due = o.inserted + o.pending;
  return {
    time,
    inserted: o.inserted,
    arrived: o.arrived,
    running: o.running,
    pending: o.pending,
    throughput: o.arrived,
    meanTravelTime: o.sumDuration / a,
    meanTimeLoss: o.sumTimeLoss / a,
    meanDepartDelay: o.sumDepartDelay / a,
    meanDelay: (o.sumTimeLoss + o.sumDepartDelay) / a,
    meanWaitingTime: o.sumWaiting / a,
    meanStops: o.sumStops / a,
    queue: o.halting,
    meanSpeed: o.meanSpeed,
    waitingTimeNow: waitingNow,
    rescoDelay: due > 0 ? (o.sumTimeLoss + runningLoss + o.pendingSeconds) / due : 0,
  };
}
