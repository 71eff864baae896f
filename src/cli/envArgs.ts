import type { Command } from 'commander';
import { spec } from '../registry/registry.js';
import { applySets, collectSet, intAtLeast, loadConfigFile } from './parseArgs.js';

/** Common env options of eval/compare/record/train. */
export interface EnvArgs {
  env: string;
  import?: string[];
  config?: string;
  set?: string[];
}

/**
 * Env kwargs from `--config FILE` (passed whole as the kwarg the env's spec names in `configKwarg`, e.g.
 * FactoryLine's `config` or TrafficSignal's `scenario`; merged into the kwargs when it names none) and
 * `--set key=value` overrides (dotted keys into the kwargs, e.g. `--set scenario.demand=900` or `--set instance=ft10`).
 *
 * @example
 * ```ts
 * envKwargs({ env: 'JobShop-v0', set: ['instance=ft06'] }); // { instance: 'ft06' }
 * ```
 */
export function envKwargs(a: EnvArgs): Record<string, unknown> {
  let base: Record<string, unknown> = {};
  if (a.config) {
    const file = loadConfigFile(a.config);
    const key = spec(a.env).configKwarg;
    base = key ? { [key]: file } : file;
  }
  return applySets(base, a.set ?? []);
}

/**
 * Adds the options every evaluating command shares: `--seed`, `--workers`, `--config`, `--set`, `--json`, `--import`, `--redis`, `--queue`.
 *
 * @example
 * ```ts
 * addEvalOptions(program.command('eval').requiredOption('--env <id>', 'environment id'));
 * ```
 */
export function addEvalOptions(cmd: Command): Command {
  return cmd
    .option('--seed <s>', 'seed of the first episode', intAtLeast('--seed', 0), 0)
    .option('--workers <k>', 'worker threads (default: cores)', intAtLeast('--workers', 1))
    .option('--config <file>', "scenario file (JSON or YAML) for the env's scenario kwarg (FactoryLine: config, traffic: scenario)")
    .option('--set <key=value>', 'env kwarg override, dotted keys (repeatable)', collectSet)
    .option('--json', 'print one JSON object on stdout')
    .option('--import <module>', 'a module that registers envs, imported first: a path or a package name (repeatable)', collectSet)
    .option('--redis <url>', 'play the episodes on `tsgym worker` processes through this Redis (redis://[user[:password]@]host[:port][/db], rediss:// for TLS)')
    .option('--queue <name>', 'with --redis: the queue the workers take jobs from', 'tsgym');
}
