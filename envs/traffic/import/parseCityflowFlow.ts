import type { ImportLog } from './ImportLog.js';
import { MAX_FLOW_VEH_PER_HOUR } from '../engine/compileDemand.js';
import { checkVehicleCount } from './importLimits.js';
import { JsonReader } from './jsonPath.js';
import { PLAUSIBLE } from './plausible.js';
import type { FlowInput as FlowIn, NetworkParts, VehicleTypeInput as TypeIn } from './NetworkParts.js';
import { ShortestRoute } from './shortestRoute.js';


/**
 * Demand read from a CityFlow `flow.json`.
 *
 * @example
 * ```ts
 * const { vehicleTypes, flows, vehicles } = parseCityflowFlow(text, 'flow.json', parts, log);
 * ```
 */
export interface CityflowDemand {
  readonly vehicleTypes: TypeIn[];
  readonly flows: FlowIn[];
  /** Vehicles the file inserts (flows without an end count 0). */
  readonly vehicles: number;
  /** Last insertion time of a bounded flow (s). */
  readonly lastDeparture: number;
}

/** Largest number of insertions of one flow written out as a schedule (beyond: an evenly spaced flow). */
const MAX_SCHEDULED = 20000;

/**
 * Reads a CityFlow `flow.json`: each entry's vehicle parameters become a vehicle type (shared by
 * identical parameter sets), its route is completed by shortest path between non-adjacent roads (as
 * CityFlow routes), and it inserts one vehicle every `interval` s from `startTime` to `endTime`
 * inclusive (`endTime` -1 = forever). The older keys `maxAcc`/`usualAcc` (no `startTime`/`endTime`)
 * are mapped, with a warning, instead of running an empty network.
 *
 * @example
 * ```ts
 * const demand = parseCityflowFlow(text, 'flow.json', parts, log);
 * ```
 */
export function parseCityflowFlow(text: string, file: string, net: NetworkParts, log: ImportLog): CityflowDemand {
  const j = new JsonReader(file);
  const root = j.parse(text);
  if (!Array.isArray(root)) return j.fail('', 'expected an array of flows', root);
  checkVehicleCount(scheduledVehicles(root), file); // before any departure time is written out
  const roadIx = new Map(net.roads.map((r, i) => [r.id, i] as const));
  const router = new ShortestRoute(net.roads.map((r) => r.id), net.roadTime, net.roadNext);
  const types = new Map<string, TypeIn>();
  const grouped = new Map<string, FlowIn & { times: number[] }>();
  const flows: FlowIn[] = [];
  let vehicles = 0;
  let lastDeparture = 0;
  root.forEach((v, i) => {
    const p = `[${i}]`;
    const o = j.obj(v, p);
    const veh = j.obj(o.vehicle, `${p}.vehicle`);
    const vp = `${p}.vehicle`;
    const of = `vehicle of flow ${i}`;
    if (veh.width !== undefined) j.num(veh, 'width', vp, undefined, { plausible: PLAUSIBLE.vehicleWidth, of });
    const old = veh.maxAcc !== undefined || veh.usualAcc !== undefined;
    if (old) {
      log.warn(
        file,
        "vehicle keys 'maxAcc'/'usualAcc' (older CityFlow format)",
        "read as accel = usualAcc (maxAcc has no counterpart); missing minGap/maxSpeed/headwayTime/decelerations take SUMO's passenger-car defaults",
        { key: 'oldkeys' },
      );
    }
    const accel = j.num(veh, old ? 'usualAcc' : 'usualPosAcc', vp, old ? 2.6 : undefined, { positive: true });
    const t: TypeIn = {
      id: '',
      length: j.num(veh, 'length', vp, undefined, { plausible: PLAUSIBLE.vehicleLength, of }),
      minGap: j.num(veh, 'minGap', vp, old ? 2.5 : undefined, { plausible: PLAUSIBLE.minGap, of }),
      accel,
      decel: j.num(veh, 'usualNegAcc', vp, old ? 4.5 : undefined, { positive: true }),
      emergencyDecel: j.num(veh, 'maxNegAcc', vp, old ? 9 : undefined, { positive: true }),
      maxSpeed: j.num(veh, 'maxSpeed', vp, old ? 55.56 : undefined, { plausible: PLAUSIBLE.speed, of }),
      tau: j.num(veh, 'headwayTime', vp, old ? 1 : undefined, { positive: true }),
      sigma: 0,
    };
    const maxPos = veh.maxPosAcc;
    if (typeof maxPos === 'number' && maxPos !== accel) {
      log.warn(file, 'vehicle maxPosAcc', 'tsgym accelerates at usualPosAcc (one acceleration per type)', { key: 'maxpos' });
    }
    const key = JSON.stringify([t.length, t.minGap, t.accel, t.decel, t.emergencyDecel, t.maxSpeed, t.tau]);
    const tid = types.get(key)?.id ?? `cityflow${types.size}`;
    if (!types.has(key)) types.set(key, { ...t, id: tid });
    const names = j.arr(o, 'route', p).map((r, k) => {
      if (typeof r !== 'string' || !roadIx.has(r)) return j.fail(`${p}.route[${k}]`, 'expected the id of a road of the roadnet', r);
      return roadIx.get(r) as number;
    });
    if (names.length === 0) j.fail(`${p}.route`, 'expected at least one road');
    const full = router.routeVia(names);
    if (!Array.isArray(full)) {
      return j.fail(`${p}.route[${full.unreachable}]`, `road '${String((o.route as unknown[])[full.unreachable])}' cannot be reached from the road before`);
    }
    const route = full.map((r) => net.roads[r]?.id ?? '');
    const interval = j.num(o, 'interval', p, undefined, { positive: true });
    const hasTimes = o.startTime !== undefined || o.endTime !== undefined;
    if (!hasTimes) {
      log.warn(file, 'flows without startTime/endTime', 'run from 0 for the whole simulation (CityFlow defaults startTime 0, endTime -1)', { key: 'notimes' });
    }
    const start = j.num(o, 'startTime', p, 0, { min: 0 });
    const end = j.num(o, 'endTime', p, -1);
    if (end !== -1 && end < start) j.fail(`${p}.endTime`, `expected -1 (forever) or a time >= startTime ${start}`, end);
    if (end === -1) {
      flows.push({ id: `flow${i}`, route, vehPerHour: 3600 / interval, begin: start, insertion: 'uniform', type: tid });
      return;
    }
    const count = Math.floor((end - start) / interval + 1e-9) + 1;
    vehicles += count;
    lastDeparture = Math.max(lastDeparture, start + (count - 1) * interval);
    if (count > MAX_SCHEDULED) {
      flows.push({ id: `flow${i}`, route, vehPerHour: 3600 / interval, begin: start, end: start + count * interval, insertion: 'uniform', type: tid });
      return;
    }
    const gk = `${route.join(' ')}|${tid}`;
    const g = grouped.get(gk) ?? { id: `flows#${grouped.size}`, route, vehPerHour: 0, insertion: 'scheduled', times: [], type: tid };
    grouped.set(gk, g);
    for (let k = 0; k < count; k++) g.times.push(start + k * interval);
  });
  log.warn(
    file,
    "CityFlow's car-following model",
    "tsgym drives with its own model (the env's Krauss or IDM) with sigma 0 (no random dawdling, as CityFlow), " +
      'tau = headwayTime, accel = usualPosAcc, decel = usualNegAcc',
    { key: 'cfmodel' },
  );
  return { vehicleTypes: [...types.values()], flows: [...flows, ...grouped.values()], vehicles, lastDeparture };
}

/**
 * Vehicles the bounded flows of a flow.json insert. Entries with unreadable times, and flows faster than a
 * flow may be (refused by name once read), count 0.
 */
function scheduledVehicles(flows: unknown[]): number {
  let n = 0;
  for (const f of flows) {
    const o = (f ?? {}) as { interval?: unknown; startTime?: unknown; endTime?: unknown };
    const start = o.startTime ?? 0;
    const { interval, endTime: end } = o;
    if (
      typeof interval === 'number' &&
      typeof start === 'number' &&
      typeof end === 'number' &&
      3600 / interval <= MAX_FLOW_VEH_PER_HOUR &&
      end !== -1 &&
      end >= start
    ) {
      n += Math.floor((end - start) / interval + 1e-9) + 1;
    }
  }
  return n;
}
