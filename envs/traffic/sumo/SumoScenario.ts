import { nodeModule } from './process/nodeModule.js';

/**
 * A SUMO scenario as the TrafficNetwork envs run it with `backend: 'sumo'`: its own files (a .sumocfg,
 * or a .net.xml with route files), the episode window on SUMO's clock, and how to run sumo.
 *
 * @example
 * ```ts
 * const sc: SumoScenario = { name: 'cross.sumocfg', config: 'test/fixtures/sumo/cross/cross.sumocfg', begin: 0, end: 3600, extraArgs: [] };
 * ```
 */
export interface SumoScenario {
  /** How errors name the scenario (the path the user gave). */
  readonly name: string;
  readonly config?: string;
  readonly net?: string;
  readonly routes?: readonly string[];
  /** The scenario's begin (s): SUMO's clock starts there. */
  readonly begin: number;
  /** The episode ends when SUMO's clock reaches this time (s). */
  readonly end: number;
  /** Extra SUMO options, appended after tsgym's. */
  readonly extraArgs: readonly string[];
  readonly binary?: string;
  /** Seconds to wait for SUMO to start and for each answer (default 60). */
  readonly timeoutSeconds?: number;
  /** Run sumo-gui instead of sumo. */
  readonly gui?: boolean;
}

/**
 * SUMO's command line for one run of `sc` (without binary, TraCI port and client count): the scenario's
 * files by absolute path (so `load` works whatever SUMO's working folder), the seed, the step length,
 * trip and summary outputs to `out` (the address of tsgym's output-stream socket, `@OUT@` until the
 * worker opened it: tsgym's metrics), waiting time counted over the whole trip (as
 * tsgym's), no step log and no warnings (errors still come); then `sc.extraArgs`.
 *
 * @example
 * ```ts
 * sumoArgs(sc, 7, 1, '@OUT@'); // ['-c', '/abs/cross.sumocfg', '--seed', '7', ...]
 * ```
 */
export function sumoArgs(sc: SumoScenario, seed: number, step: number, out: string): string[] {
  const path = nodeModule<typeof import('node:path')>('node:path');
  const abs = (p: string): string => path.resolve(p);
  const files =
    sc.config !== undefined
      ? ['-c', abs(sc.config)]
      : ['-n', abs(sc.net ?? ''), ...(sc.routes && sc.routes.length > 0 ? ['-r', sc.routes.map(abs).join(',')] : [])];
  return [
    ...files,
    '--seed',
    String(seed),
    '--step-length',
    String(step),
    '--no-step-log',
    'true',
    '--no-warnings',
    'true',
    '--duration-log.disable',
    'true',
    '--waiting-time-memory',
    '1000000',
    '--tripinfo-output',
    out,
    '--summary-output',
    out,
    '--precision',
    '6',
    ...(sc.gui ? ['--start', 'true', '--quit-on-end', 'true'] : []),
    ...sc.extraArgs,
  ];
}
