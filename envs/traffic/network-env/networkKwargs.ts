import { z } from 'zod';
import { parseConfig } from '../../../src/core/parseConfig.js';
import type { NetworkSpec } from '../network/NetworkSpec.js';
import type { ImportedNetwork } from '../import/ImportedNetwork.js';
import { loadNetworkFile } from '../import/loadNetworkFile.js';
import { validated } from '../import/importSumo.js';
import { TrafficEnvConfigSchema } from '../env/trafficEnvConfig.js';

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
  /** CityFlow phase 0 (right turns only): the clearance between phases (default) or a phase of its own. */
  phase0: z.enum(['clearance', 'phase']).optional(),
});

const OWN = ['network', 'routes', 'phase0'] as const;

/**
 * Splits TrafficNetwork kwargs into the network (imported from a path, or validated when given as an
 * object; none when absent, so the underlying env builds its default scenario) and the kwargs of the
 * underlying signal env. `numSeconds` defaults to the end time the
 * scenario names (SUMO `time/end`), else 3600.
 *
 * @example
 * ```ts
 * const { spec, rest } = networkKwargs({ network: 'cross.sumocfg', deltaTime: 5 }, 'TrafficNetwork-v0');
 * ```
 */
export function networkKwargs(
  kwargs: Record<string, unknown>,
  what: string,
): { spec?: NetworkSpec; imported?: ImportedNetwork; rest: Record<string, unknown> } {
  const own = parseConfig(NetworkKwargsSchema, Object.fromEntries(OWN.filter((k) => kwargs[k] !== undefined).map((k) => [k, kwargs[k]])), `${what} kwargs`);
  const rest = Object.fromEntries(Object.entries(kwargs).filter(([k]) => !(OWN as readonly string[]).includes(k)));
  // the signal env checks these again under its own name: check them first, so errors name this env
  parseConfig(TrafficEnvConfigSchema, rest, `${what} kwargs`);
  if (own.network === undefined) return { rest };
  if (typeof own.network !== 'string') return { spec: validated(own.network, `${what} kwargs.network`), rest };
  const imported = loadNetworkFile(own.network, { ...(own.routes !== undefined ? { routes: own.routes } : {}), ...(own.phase0 ? { phase0: own.phase0 } : {}) });
  if (rest.numSeconds === undefined && imported.end !== undefined) rest.numSeconds = imported.end;
  return { spec: imported.spec, imported, rest };
}
