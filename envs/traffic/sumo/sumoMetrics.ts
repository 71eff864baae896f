import type { TraciClient } from './TraciClient.js';
import { TraciBatch } from './protocol/TraciBatch.js';
import { getVariable } from './protocol/traciCommands.js';
import { CMD, VAR } from './protocol/traciConstants.js';
import type { SumoOutputs } from './SumoOutputs.js';

/** Sums over the vehicles in the network now. */
export interface RunningTotals {
  readonly timeLoss: number;
  readonly waiting: number;
}

/**
 * The time loss and accumulated waiting time summed over every vehicle in SUMO's network now (two
 * round trips: the vehicle ids, then their values).
 *
 * @example
 * ```ts
 * runningVehicleTotals(client).timeLoss;
 * ```
 */
export function runningVehicleTotals(client: TraciClient): RunningTotals {
  const ids = client.vehicle.idList();
  if (ids.length === 0) return { timeLoss: 0, waiting: 0 };
  const b = new TraciBatch();
  const slots = ids.map(
    (id) =>
      [
        getVariable(b, CMD.GET_VEHICLE, VAR.VAR_TIMELOSS, id, (r) => r.typedDouble()),
        getVariable(b, CMD.GET_VEHICLE, VAR.VAR_ACCUMULATED_WAITING_TIME, id, (r) => r.typedDouble()),
      ] as const,
  );
  const res = client.send(b);
  let timeLoss = 0;
  let waiting = 0;
  for (const [a, w] of slots) {
    timeLoss += res[a] as number;
    waiting += res[w] as number;
  }
  return { timeLoss, waiting };
}

/**
 * tsgym's network metrics from SUMO's own outputs, under the names tsgym's engine uses: trip means
 * over arrived vehicles from SUMO's tripinfo (`meanTravelTime` = duration, `meanTimeLoss`,
 * `meanWaitingTime`, `meanStops` = waitingCount, `meanDepartDelay`, `meanDelay` = time loss + depart
 * delay), counts, `queue` (halting vehicles) and `meanSpeed` from its summary. With `running` (the end
 * of an episode) also `waitingTimeNow`, the accumulated waiting time of the vehicles in the network,
 * and `rescoDelay`, RESCO's delay: per vehicle time loss + depart delay, a vehicle never inserted
 * counting its wait up to now, averaged over every vehicle due by now (the depart delays of all,
 * waiting ones included, are the vehicle-seconds SUMO's summary counts as waiting for insertion).
 * `meanIntersectionDelay` is not reported: SUMO does not measure the time loss at each junction entry.
 *
 * @example
 * ```ts
 * sumoMetrics(sim.time, outputs, runningVehicleTotals(client)).rescoDelay;
 * ```
 */
export function sumoMetrics(time: number, o: SumoOutputs, running?: RunningTotals): Record<string, number> {
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
    teleports: o.teleports,
    collisions: o.collisions,
    vaporized: o.vaporized,
    ...(running
      ? { waitingTimeNow: running.waiting, rescoDelay: due > 0 ? (o.sumTimeLoss + o.vaporizedTimeLoss + running.timeLoss + o.pendingSeconds) / due : 0 }
      : {}),
  };
}
