import { InvalidFile } from '../../../src/core/errors.js';
import { MAX_FLOW_VEH_PER_HOUR } from '../engine/compileDemand.js';
import type { NetworkSpec } from '../network/NetworkSpec.js';

/**
 * Memory the simulation of one vehicle may take: its engine slot (about 0.9 KB of typed-array columns,
 * doubled while the store grows) whether it drives or waits to enter. Measured with
 * `node --expose-gc` on a network whose flows queue millions of vehicles: 0.9 to 1.45 KB per vehicle.
 */
export const BYTES_PER_VEHICLE = 2048;
/**
 * Memory per lane and per connection of an imported network with its engine, demand and routes (the
 * RESCO and CityFlow networks shipped with the benchmarks took 33 to 136 KB per lane).
 */
export const BYTES_PER_LANE = 128 * 1024;
export const BYTES_PER_CONNECTION = 32 * 1024;

type Proc = { getBuiltinModule?: (id: string) => unknown; env?: Record<string, string | undefined> };
const proc: Proc | undefined = (globalThis as { process?: Proc }).process;

/** `TSGYM_SIM_MEMORY_MB` when set to a positive number. */
function memoryOverride(): number | undefined {
  const mb = Number(proc?.env?.TSGYM_SIM_MEMORY_MB);
  return mb > 0 ? mb : undefined;
}

/**
 * What one simulation may use: half of this machine's memory (4 GiB where it cannot be read, e.g. in a
 * browser), or `TSGYM_SIM_MEMORY_MB`.
 *
 * @example
 * ```ts
 * simulationMemory(); // 12884901888 on a 24 GiB machine
 * ```
 */
export function simulationMemory(): number {
  const mb = memoryOverride();
  if (mb !== undefined) return mb * 2 ** 20;
  const os = proc?.getBuiltinModule?.('node:os') as { totalmem?: () => number } | undefined;
  const total = os?.totalmem?.();
  return typeof total === 'number' && total > 0 ? total / 2 : 4 * 2 ** 30;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const gib = (b: number): string => `${(b / 2 ** 30).toPrecision(3)} GiB`;
const budget = (): string =>
  `${gib(simulationMemory())} (${memoryOverride() !== undefined ? 'TSGYM_SIM_MEMORY_MB' : "half of this machine's memory; TSGYM_SIM_MEMORY_MB changes it"})`;

/**
 * The most vehicles one episode may insert: {@link simulationMemory} / {@link BYTES_PER_VEHICLE}
 * (about 6 million with 24 GiB).
 *
 * @example
 * ```ts
 * maxVehicles(); // 6291456 on a 24 GiB machine
 * ```
 */
export function maxVehicles(): number {
  return Math.floor(simulationMemory() / BYTES_PER_VEHICLE);
}

/**
 * Refuses demand that inserts more than {@link maxVehicles} vehicles: with every one of them waiting to
 * enter (a flow the network cannot carry queues them), they would not fit in memory.
 *
 * @example
 * ```ts
 * checkVehicleCount(1e9, 'cross.rou.xml', ' from 0 to 3600 s'); // throws InvalidFile stating the limit
 * ```
 */
export function checkVehicleCount(n: number, file: string, span = ''): void {
  const max = maxVehicles();
  if (n <= max) return;
  throw new InvalidFile(
    `${file}: the demand inserts ${int(n)} vehicles${span}: more than the ${int(max)} a simulation may hold in ${budget()} at about ` +
      `${BYTES_PER_VEHICLE / 1024} KB each; shorten the episode (numSeconds) or lower the demand`,
  );
}

/**
 * Refuses a network larger than {@link simulationMemory} can simulate: lanes x {@link BYTES_PER_LANE}
 * plus connections x {@link BYTES_PER_CONNECTION}.
 *
 * @example
 * ```ts
 * checkNetworkSize(spec, 'city.net.xml');
 * ```
 */
export function checkNetworkSize(spec: Pick<NetworkSpec, 'nodes' | 'roads' | 'connections'>, file: string): void {
  const lanes = spec.roads.reduce((a, r) => a + r.lanes.length, 0);
  const bytes = lanes * BYTES_PER_LANE + spec.connections.length * BYTES_PER_CONNECTION;
  if (bytes <= simulationMemory()) return;
  throw new InvalidFile(
    `${file}: a network of ${int(spec.nodes.length)} junctions, ${int(spec.roads.length)} roads, ${int(lanes)} lanes and ` +
      `${int(spec.connections.length)} connections needs about ${gib(bytes)} to simulate ` +
      `(${BYTES_PER_LANE / 1024} KB a lane, ${BYTES_PER_CONNECTION / 1024} KB a connection): more than ${budget()}`,
  );
}

/**
 * Refuses a flow asking more than the engine's {@link MAX_FLOW_VEH_PER_HOUR} (one lane inserts at most
 * 3,600 veh/h), naming the file it came from, before any vehicle count is taken.
 *
 * @example
 * ```ts
 * checkFlowRates(spec.demand.flows, 'cross.rou.xml');
 * ```
 */
export function checkFlowRates(flows: NetworkSpec['demand']['flows'], file: string): void {
  flows.forEach((f, i) => {
    const peak = f.vehPerHour * Math.max(1, ...(f.profile ?? []).map((p) => p.factor));
    if (peak <= MAX_FLOW_VEH_PER_HOUR) return;
    throw new InvalidFile(
      `${file}: Flow ${f.id === undefined ? `#${i}` : `'${f.id}'`}: demand ${peak} veh/h exceeds the ${int(MAX_FLOW_VEH_PER_HOUR)} veh/h a flow may ask ` +
        '(one lane inserts at most 3,600 veh/h; split the demand over several flows or lower it)',
    );
  });
}
