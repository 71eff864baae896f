import type { NetworkSpecInput } from '../network/NetworkSpec.js';
import { ImportLog } from './ImportLog.js';
import type { ImportedNetwork } from './ImportedNetwork.js';
import { expectedVehicles } from './expectedVehicles.js';
import { checkFlowRates } from './importLimits.js';
import { parseCityflowFlow } from './parseCityflowFlow.js';
import { parseCityflowRoadnet, type CityflowPhase0 } from './parseCityflowRoadnet.js';
import { validated, type SourceFile } from './importSumo.js';

/**
 * Imports a CityFlow scenario from file contents (runs in a browser too): `roadnet.json` and, when
 * given, `flow.json`. Returns a validated NetworkSpec, the warnings, and `end` = the last departure
 * of the flows (the simulation should run past it until every vehicle has arrived).
 *
 * @example
 * ```ts
 * const { spec, warnings } = importCityflow({ roadnet: { text: r, file: 'roadnet.json' }, flow: { text: f, file: 'flow.json' } });
 * ```
 */
export function importCityflow(src: {
  roadnet: SourceFile;
  flow?: SourceFile;
  phase0?: CityflowPhase0;
  name?: string;
  extraWarnings?: ImportLog;
}): ImportedNetwork {
  const log = src.extraWarnings ?? new ImportLog();
  const net = parseCityflowRoadnet(src.roadnet.text, src.roadnet.file, log, src.phase0 ?? 'clearance');
  const demand = src.flow ? parseCityflowFlow(src.flow.text, src.flow.file, net, log) : undefined;
  const input: NetworkSpecInput = {
    name: src.name ?? 'cityflow',
    nodes: net.nodes,
    roads: net.roads,
    connections: net.connections,
    signals: net.signals,
    vehicleTypes: demand?.vehicleTypes ?? [],
    demand: { flows: demand?.flows ?? [] },
  };
  const spec = validated(input, src.roadnet.file);
  if (src.flow) checkFlowRates(spec.demand.flows, src.flow.file);
  const vehicles = expectedVehicles(spec, 0, undefined);
  return {
    spec,
    warnings: log.warnings(),
    format: 'cityflow',
    files: [src.roadnet.file, ...(src.flow ? [src.flow.file] : [])],
    begin: 0,
    expectedVehicles: vehicles,
  };
}
