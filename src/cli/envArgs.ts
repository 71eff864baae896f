import { applySets, loadConfigFile } from './parseArgs.js';

/** Common env options of eval/compare/record/train. */
export interface EnvArgs {
  env: string;
  config?: string;
  set?: string[];
}

/**
 * Env kwargs from `--config FILE` (passed whole as the env's `config` kwarg, e.g. a factory or traffic
 * scenario) and `--set key=value` overrides (dotted keys into the kwargs, e.g. `--set config.stations.0.machines=2`
 * or `--set instance=ft10`).
 *
 * @example
 * ```ts
 * envKwargs({ env: 'JobShop-v0', set: ['instance=ft06'] }); // { instance: 'ft06' }
 * ```
 */
export function envKwargs(a: EnvArgs): Record<string, unknown> {
  const base: Record<string, unknown> = a.config ? { config: loadConfigFile(a.config) } : {};
  return applySets(base, a.set ?? []);
}
