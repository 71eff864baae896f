import type { MetricCatalog, MetricInfo } from '../../src/core/MetricInfo.js';

const mean = (unit: string, label: string, better?: 'lower' | 'higher'): MetricInfo => ({ unit, kind: 'mean', label, ...(better ? { better } : {}) });
const total = (unit: string, label: string, better?: 'lower' | 'higher'): MetricInfo => ({ unit, kind: 'total', label, ...(better ? { better } : {}) });
const end = (unit: string, label: string): MetricInfo => ({ unit, kind: 'end', label });

/**
 * What the traffic envs report in `info.metrics` (SUMO's definitions, see docs/traffic.md), in the order
 * a traffic engineer reads them; the main metric is `meanDelay` (time loss plus depart delay per arrived
 * vehicle). Per-approach and per-intersection HCM measures are families (`*.controlDelay`, ...).
 *
 * @example
 * ```ts
 * TRAFFIC_METRICS.metrics.meanDelay.unit; // 's'
 * ```
 */
export const TRAFFIC_METRICS: MetricCatalog = {
  main: 'meanDelay',
  metrics: {
    meanDelay: mean('s', 'mean delay per vehicle', 'lower'),
    meanWaitingTime: mean('s', 'mean waiting time per vehicle', 'lower'),
    meanTravelTime: mean('s', 'mean travel time', 'lower'),
    meanTimeLoss: mean('s', 'mean time loss per vehicle', 'lower'),
    meanDepartDelay: mean('s', 'mean depart delay per vehicle', 'lower'),
    meanIntersectionDelay: mean('s', 'mean delay per junction passage', 'lower'),
    meanStops: mean('stops/veh', 'stops per vehicle', 'lower'),
    rescoDelay: mean('s', 'RESCO delay per vehicle', 'lower'),
    arrived: total('veh', 'vehicles arrived', 'higher'),
    throughput: total('veh', 'vehicles through the network', 'higher'),
    inserted: total('veh', 'vehicles inserted', 'higher'),
    teleports: total('veh', 'vehicles teleported out of jams', 'lower'),
    collisions: total('collisions', 'collisions (each teleports the driver behind)', 'lower'),
    vaporized: total('veh', 'vehicles removed by a teleport past the end of their route', 'lower'),
    jamEvents: total('events', 'jam events', 'lower'),
    stopsServed: total('stops', 'public-transport stops served'),
    stopsSkipped: total('stops', 'public-transport stops skipped', 'lower'),
    queue: end('veh', 'halting vehicles'),
    running: end('veh', 'vehicles in the network'),
    pending: end('veh', 'vehicles waiting to enter'),
    meanSpeed: end('m/s', 'mean speed of running vehicles'),
    waitingTimeNow: end('s', 'accumulated waiting of running vehicles'),
    jammed: end('veh', 'vehicles in a jam'),
    time: { unit: 's', kind: 'filler', label: 'clock at the end' },
    // HCM measures per approach (JUNCTION.NB.x) and junction (JUNCTION.x), see HcmCollector
    '*.controlDelay': { ...mean('s', 'HCM control delay per vehicle', 'lower'), detail: true },
    '*.volume': { ...mean('veh/h', 'arrival flow'), detail: true },
    '*.vc': { ...mean('', 'volume-to-capacity ratio', 'lower'), detail: true },
    '*.queue95': { ...mean('veh', '95th-percentile back of queue per lane', 'lower'), detail: true },
    '*.stops': { ...mean('stops/veh', 'stops per vehicle on the approach', 'lower'), detail: true },
    '*.arrivalsOnGreen': { ...mean('', 'share of arrivals on green', 'higher'), detail: true },
    '*.splitFailures': { ...total('greens', 'greens ending with a halted vehicle left', 'lower'), detail: true },
  },
};
