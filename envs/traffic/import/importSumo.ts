import { InvalidConfig, InvalidFile } from '../../../src/core/errors.js';
import { parseNetworkSpec, type NetworkSpecInput } from '../network/NetworkSpec.js';
import { ImportLog } from './ImportLog.js';
import type { ImportedNetwork } from './ImportedNetwork.js';
import { parseSumoNet } from './parseSumoNet.js';
import { parseSumoRoutes } from './parseSumoRoutes.js';
import { XmlDocument } from './xmlDocument.js';
import { expectedVehicles } from './expectedVehicles.js';
import { checkFlowRates, checkNetworkSize, checkVehicleCount } from './importLimits.js';
import type { VTypeDefaults } from './sumoVTypes.js';

/**
 * Text of one file and the name to report it by (in warnings and errors).
 *
 * @example
 * ```ts
 * const net: SourceFile = { text: await (await fetch(url)).text(), file: 'cross.net.xml' };
 * ```
 */
export interface SourceFile {
  readonly text: string;
  readonly file: string;
}

/** SUMO's default time-to-teleport (s). */
export const SUMO_TIME_TO_TELEPORT = 300;

/** SUMO's default random seed (`--seed`). */
const SUMO_DEFAULT_SEED = 23423;

/**
 * Imports a SUMO scenario from file contents (no file system: runs in a browser too): a `.net.xml`,
 * route files, additional files (their vTypes, routes and vehicles; other additionals are left out with
 * a warning), and the settings of its `.sumocfg` (begin, end, time-to-teleport, seed, scale,
 * ignore-route-errors). Returns a
 * validated NetworkSpec and the warnings; a malformed file throws `InvalidFile` naming file, line and
 * field.
 *
 * @example
 * ```ts
 * const { spec, warnings } = importSumo({ net: { text: netXml, file: 'cross.net.xml' }, routes: [{ text: rouXml, file: 'cross.rou.xml' }] });
 * ```
 */
export function importSumo(src: {
  net: SourceFile;
  routes?: readonly SourceFile[];
  additional?: readonly SourceFile[];
  begin?: number;
  end?: number;
  timeToTeleport?: number;
  seed?: number;
  randomFactor?: number;
  /** The .sumocfg's `default.speeddev` and `carfollow.model`. */
  typeDefaults?: VTypeDefaults;
  /** SUMO's `scale` (demand factor) and `scale-suffix` (names of the copies, default '.'). */
  scale?: number;
  scaleSuffix?: string;
  /** SUMO's `tls.all-off`: every signal switched off (its links show their off state `o`/`O`). */
  tlsAllOff?: boolean;
  /** SUMO's `ignore-route-errors`: a vehicle or flow whose route has a gap is left out with a warning. */
  ignoreRouteErrors?: boolean;
  /** SUMO's `junction-taz`: every junction is a zone for trips with `fromJunction`/`toJunction`. */
  junctionTaz?: boolean;
  name?: string;
}): ImportedNetwork {
  const log = new ImportLog();
  const additional = (src.additional ?? []).map((f) => new XmlDocument(f.text, f.file));
  const programs = additional.flatMap((doc) => doc.children(doc.anyRoot(), 'tlLogic').map((el) => ({ doc, el })));
  const net = parseSumoNet(src.net.text, src.net.file, log, programs, src.tlsAllOff ? { tlsAllOff: true } : {});
  const begin = src.begin ?? 0;
  if (src.end !== undefined && src.end <= begin) throw new InvalidFile(`${src.net.file}: simulation end ${src.end} s must be after begin ${begin} s`);
  const files = [
    ...(src.additional ?? []).map((f) => ({ ...f, root: 'additional' as const })),
    ...(src.routes ?? []).map((f) => ({ ...f, root: 'routes' as const })),
  ];
  const demand = parseSumoRoutes(files, net, log, begin, {
    randomFactor: src.randomFactor ?? 1,
    seed: src.seed ?? SUMO_DEFAULT_SEED,
    ...(src.typeDefaults ? { typeDefaults: src.typeDefaults } : {}),
    ...(src.scale !== undefined ? { scale: src.scale } : {}),
    ...(src.scaleSuffix !== undefined ? { scaleSuffix: src.scaleSuffix } : {}),
    ...(src.ignoreRouteErrors ? { ignoreRouteErrors: true } : {}),
    ...(src.junctionTaz ? { junctionTaz: true } : {}),
  });
  const input: NetworkSpecInput = {
    name: src.name ?? src.net.file.replace(/^.*[\\/]/, '').replace(/\.net\.xml(\.gz)?$/, ''),
    nodes: net.nodes,
    roads: net.roads,
    connections: net.connections,
    signals: net.signals,
    vehicleTypes: demand.vehicleTypes,
    demand: {
      flows: demand.flows,
      vehicles: demand.vehicles,
      typeDistributions: demand.typeDistributions,
      routeDistributions: demand.routeDistributions,
      parkingAreas: demand.parkingAreas,
      stoppingPlaces: demand.stoppingPlaces,
    },
  };
  const spec = validated(input, src.net.file);
  const demandFiles = files.map((f) => f.file).join(', ') || src.net.file;
  checkFlowRates(spec.demand.flows, demandFiles);
  const vehicles = expectedVehicles(spec, begin, src.end);
  // with the scenario's own end (a .sumocfg's); without one, the env checks the vehicles of its episode
  if (src.end !== undefined) checkVehicleCount(vehicles, demandFiles, ` from ${begin} to ${src.end} s`);
  return {
    spec,
    warnings: log.warnings(),
    format: 'sumo',
    files: [src.net.file, ...files.map((r) => r.file)],
    begin,
    ...(src.end !== undefined ? { end: src.end } : {}),
    timeToTeleport: src.timeToTeleport ?? SUMO_TIME_TO_TELEPORT,
    ...(src.seed !== undefined ? { seed: src.seed } : {}),
    ...(src.scale !== undefined ? { scale: src.scale } : {}),
    expectedVehicles: vehicles,
  };
}

/**
 * Validates an imported spec; a failure is the importer's input's fault, so it throws `InvalidFile`
 * naming the source file and the NetworkSpec field path.
 *
 * @example
 * ```ts
 * const spec = validated(input, 'cross.net.xml');
 * ```
 */
export function validated(input: unknown, file: string): ImportedNetwork['spec'] {
  let spec: ImportedNetwork['spec'];
  try {
    spec = parseNetworkSpec(input, `network imported from ${file}`);
  } catch (e) {
    if (e instanceof InvalidConfig) throw new InvalidFile(`${file}: ${e.message}`);
    throw e;
  }
  checkNetworkSize(spec, file);
  return spec;
}
