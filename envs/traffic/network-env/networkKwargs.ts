import { z } from 'zod';
import { parseConfig } from '../../../src/core/parseConfig.js';
import type { NetworkSpec } from '../network/NetworkSpec.js';
import type { ImportedNetwork } from '../import/ImportedNetwork.js';
import { loadNetworkFile } from '../import/loadNetworkFile.js';
import { validated } from '../import/importSumo.js';
import { expectedVehicles } from '../import/expectedVehicles.js';
import { checkVehicleCount } from '../import/importLimits.js';
import { TrafficEnvConfigSchema } from '../env/trafficEnvConfig.js';
import { InvalidConfig, InvalidFile } from '../../../src/core/errors.js';
import type { SumoScenario } from '../sumo/SumoScenario.js';

/**
 * The kwargs TrafficNetwork envs add to those of TrafficSignal-v0/TrafficGrid-v0.
 *
 * @example
 * ```ts
 * NetworkKwargsSchema.parse({ network: 'grid4.net.xml', routes: 'grid4.rou.xml' });
 * ```
 */
export const NetworkKwargsSchema = z.object({
  /**
   * A .sumocfg, a .net.xml (with `routes`), a CityFlow config.json or roadnet.json, a folder, or a
   * NetworkSpec object; absent: the built-in scenario of the underlying env.
   */
  network: z
    .union([z.string().min(1), z.record(z.string(), z.unknown())], {
      message: 'expected a path (.sumocfg, .net.xml, config.json, roadnet.json or a folder) or a network description object',
    })
    .optional(),
  /** Route files for a .net.xml (comma-separated or a list). */
  routes: z.union([z.string(), z.array(z.string())]).optional(),
  /**
   * Demand factor, as SUMO's `--scale` (overrides the .sumocfg's `scale`): vehicles are kept, dropped or
   * copied by SUMO 1.15's quota, flows run at `scale` times their rate. With backend 'sumo' it is passed
   * to SUMO as `--scale`.
   */
  scale: z.number().nonnegative('expected a demand factor >= 0').optional(),
  /** CityFlow phase 0 (right turns only): the clearance between phases (default) or a phase of its own. */
  phase0: z.enum(['clearance', 'phase']).optional(),
  /** The simulator: tsgym's engine (default) or SUMO itself through TraCI (a SUMO scenario; `sumo` must be installed). */
  backend: z.enum(['tsgym', 'sumo']).optional(),
  /** backend 'sumo': the sumo program (default `$SUMO_BINARY`, else `sumo` on the PATH). */
  sumoBinary: z.string().min(1).optional(),
  /** backend 'sumo': extra SUMO options (a list, or one space-separated string), e.g. `--time-to-teleport -1`. */
  sumoArgs: z.union([z.array(z.string()), z.string()]).optional(),
  /** backend 'sumo': seconds to wait for SUMO to start and for each answer before it is taken as hung (default 60). */
  sumoTimeout: z.number().positive().optional(),
  /** backend 'sumo': run sumo-gui (started and quit automatically) instead of sumo. */
  sumoGui: z.boolean().optional(),
});

const OWN = ['network', 'routes', 'scale', 'phase0', 'backend', 'sumoBinary', 'sumoArgs', 'sumoTimeout', 'sumoGui'] as const;

/** Where and how a TrafficNetwork env simulates: tsgym's engine, or SUMO on the scenario's own files. */
export type BackendChoice = { readonly kind: 'tsgym' } | ({ readonly kind: 'sumo' } & SumoScenario);

/**
 * Splits TrafficNetwork kwargs into the network (imported from a path, or validated when given as an
 * object; none when absent, so the underlying env builds its default scenario) and the kwargs of the
 * underlying signal env, and the backend (tsgym's engine, or SUMO on the scenario's own files).
 * `begin`, `numSeconds` (the end), `timeToTeleport` and `simStep` default to the scenario's own (SUMO
 * `time/begin`, `time/end`, `processing/time-to-teleport`, `time/step-length`; an hour from begin without
 * an end).
 *
 * @example
 * ```ts
 * const { spec, rest } = networkKwargs({ network: 'cross.sumocfg', deltaTime: 5 }, 'TrafficNetwork-v0');
 * ```
 */
export function networkKwargs(
  kwargs: Record<string, unknown>,
  what: string,
): { spec?: NetworkSpec; imported?: ImportedNetwork; rest: Record<string, unknown>; backend: BackendChoice } {
  const own = parseConfig(NetworkKwargsSchema, Object.fromEntries(OWN.filter((k) => kwargs[k] !== undefined).map((k) => [k, kwargs[k]])), `${what} kwargs`);
  const rest = Object.fromEntries(Object.entries(kwargs).filter(([k]) => !(OWN as readonly string[]).includes(k)));
  // the signal env checks these again under its own name: check them first, so errors name this env
  parseConfig(TrafficEnvConfigSchema, rest, `${what} kwargs`);
  const sumo = own.backend === 'sumo';
  const needFile = `${what} kwargs: backend 'sumo' runs SUMO on the scenario's own files: expected network = a .sumocfg (or a .net.xml with routes)`;
  if (own.network === undefined) {
    if (sumo) throw new InvalidConfig(`${needFile}, got no network`);
    return { rest, backend: { kind: 'tsgym' } };
  }
  if (typeof own.network !== 'string') {
    if (sumo) throw new InvalidConfig(`${needFile}, got a network description object`);
    return { spec: validated(own.network, `${what} kwargs.network`), rest, backend: { kind: 'tsgym' } };
  }
  const imported = loadNetworkFile(own.network, {
    ...(own.routes !== undefined ? { routes: own.routes } : {}),
    ...(own.phase0 ? { phase0: own.phase0 } : {}),
    ...(own.scale !== undefined ? { scale: own.scale } : {}),
  });
  if (imported.spec.signals.length === 0) throw new InvalidFile(noSignalMessage(what, imported));
  if (own.scale !== undefined && imported.format !== 'sumo') {
    throw new InvalidConfig(`${what} kwargs: scale (SUMO's --scale) applies to SUMO scenarios, got a ${imported.format} network (${own.network})`);
  }
  // the scenario's own clock: SUMO's begin, end and time-to-teleport (kwargs override them)
  if (rest.begin === undefined && imported.begin > 0) rest.begin = imported.begin;
  if (rest.numSeconds === undefined) rest.numSeconds = imported.end ?? (typeof rest.begin === 'number' ? rest.begin : 0) + 3600;
  if (rest.timeToTeleport === undefined && imported.timeToTeleport !== undefined) rest.timeToTeleport = imported.timeToTeleport;
  if (rest.timeToImpatience === undefined && imported.timeToImpatience !== undefined) rest.timeToImpatience = imported.timeToImpatience;
  if (rest.maxDepartDelay === undefined && imported.maxDepartDelay !== undefined) rest.maxDepartDelay = imported.maxDepartDelay;
  if (rest.simStep === undefined && imported.stepLength !== undefined) rest.simStep = scenarioStep(imported.stepLength, own.network, what);
  checkEpisodeVehicles(imported, rest);
  if (!sumo) return { spec: imported.spec, imported, rest, backend: { kind: 'tsgym' } };
  if (imported.format !== 'sumo') throw new InvalidConfig(`${needFile}, got a ${imported.format} network (${own.network})`);
  const [first = '', ...others] = imported.files;
  const end = typeof rest.numSeconds === 'number' ? rest.numSeconds : 3600;
  if (end <= imported.begin)
    throw new InvalidConfig(
      `${what} kwargs: numSeconds ${end} is not after the scenario's begin ${imported.begin} s: ` +
        `with backend 'sumo' the clock is SUMO's, so numSeconds is the end time (e.g. ${imported.begin + 3600})`,
    );
  const given = own.sumoArgs === undefined ? [] : typeof own.sumoArgs === 'string' ? own.sumoArgs.split(/\s+/).filter((x) => x !== '') : own.sumoArgs;
  // the scale kwarg reaches SUMO as its own option (which overrides the .sumocfg's)
  const extra = own.scale !== undefined ? [...given, '--scale', String(own.scale)] : given;
  const files = /\.(sumocfg|cfg)$/.test(first) ? { config: first } : { net: first, routes: others };
  const backend: BackendChoice = {
    kind: 'sumo',
    ...files,
    name: own.network,
    begin: imported.begin,
    end,
    extraArgs: extra,
    ...(own.sumoBinary !== undefined ? { binary: own.sumoBinary } : {}),
    ...(own.sumoTimeout !== undefined ? { timeoutSeconds: own.sumoTimeout } : {}),
    ...(own.sumoGui ? { gui: true } : {}),
  };
  return { spec: imported.spec, imported, rest, backend };
}

/** The scenario's step length as the env's `simStep`; one the env cannot take is refused naming the file's value. */
function scenarioStep(step: number, file: string, what: string): number {
  if (step >= 0.1 && step <= 2) return step;
  throw new InvalidConfig(
    `${file}: <step-length> ${step} s: ${what} steps the engine by 0.1 to 2 s; pass simStep (0.1-2) to run this scenario with another step`,
  );
}

/**
 * Why an imported network has no signal for an agent: the file that should hold the traffic lights and
 * the intersections the importer demoted to priority junctions (with its reason), or that it has none.
 */
function noSignalMessage(what: string, imported: ImportedNetwork): string {
  const file = imported.files.find((f) => /\.net\.xml(\.gz)?$/.test(f) || f.endsWith('roadnet.json')) ?? imported.files[0] ?? 'the network';
  const demoted = imported.warnings.filter((w) => /^(intersection|junction|tlLogic) '/.test(w.element));
  const shown = demoted.slice(0, 3).map((w) => `${w.element}: ${w.message}`);
  const more = demoted.length > 3 ? `; and ${demoted.length - 3} more` : '';
  const why = shown.length ? `${shown.join('; ')}${more}` : `it defines no traffic light (${imported.spec.nodes.length} nodes, none signalized)`;
  return `${file}: ${what} needs at least one signalized intersection to control, and this network has none (${why})`;
}

/** Refuses demand inserting more vehicles within one episode (begin to numSeconds) than memory can hold, naming its files. */
function checkEpisodeVehicles(imported: ImportedNetwork, rest: Record<string, unknown>): void {
  const begin = typeof rest.begin === 'number' ? rest.begin : imported.begin;
  const end = typeof rest.numSeconds === 'number' ? rest.numSeconds : undefined;
  if (end === undefined || !(end > begin)) return;
  const demand = imported.files.filter((f) => !/(\.sumocfg|\.cfg|\.net\.xml|\.net\.xml\.gz|roadnet\.json|config\.json)$/.test(f));
  const files = (demand.length ? demand : imported.files).join(', ');
  checkVehicleCount(expectedVehicles(imported.spec, begin, end), files, ` within one episode (${begin} to ${end} s)`);
}
