import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import { make, makeParallel, spec } from '../../registry/registry.js';
import { fixedTimePlans } from '../../../envs/traffic/plan/fixedTimePlans.js';
import { sumoAdditional } from '../../../envs/traffic/plan/sumoTlLogic.js';
import { CliError } from '../CliError.js';
import { envKwargs } from '../envArgs.js';
import { loadEnv } from '../loadEnvs.js';
import { collectSet } from '../parseArgs.js';
import { formatTable } from '../table.js';
import { fmtFixed } from '../../eval/metricCatalog.js';

interface PlanOpts {
  env: string;
  import?: string[];
  policy: string;
  export?: string;
  out?: string;
  config?: string;
  set?: string[];
  json?: boolean;
}

const FIXED = new Set(['fixed-time', 'webster']);

/**
 * `tsgym plan --env ID --policy fixed-time [--export sumo --out FILE] [--set k=v]... [--json]`: the
 * fixed-time plan (Webster cycle and splits from the demand) of every signal, as a table, JSON, or a
 * SUMO additional file of `tlLogic`s to load with `sumo -a FILE`.
 *
 * @example
 * ```ts
 * register(program); // tsgym plan --env TrafficNetworkParallel-v0 --set network=cross.sumocfg --policy fixed-time --export sumo --out plan.add.xml
 * ```
 */
export function register(program: Command): void {
  program
    .command('plan')
    .description('the fixed-time signal plan of a traffic env (Webster), printed or exported as SUMO tlLogic')
    .requiredOption('--env <id>', 'traffic environment id (for SUMO export: a network imported from SUMO)')
    .requiredOption('--policy <name>', 'fixed-time (alias webster)')
    .option('--export <format>', 'sumo: write a SUMO additional file with one tlLogic per signal')
    .option('--out <file>', 'file for --export (default: stdout)')
    .option('--config <file>', "scenario file (JSON or YAML) for the env's scenario kwarg")
    .option('--set <key=value>', 'env kwarg override, dotted keys (repeatable)', collectSet)
    .option('--json', 'print the plans as one JSON object')
    .option('--import <module>', 'a module that registers envs, imported first (repeatable)', collectSet)
    .action(async (opts: PlanOpts) => {
      if (!FIXED.has(opts.policy)) throw new CliError(`Invalid --policy '${opts.policy}': tsgym plan writes fixed-time plans; expected fixed-time or webster`);
      if (opts.export !== undefined && opts.export !== 'sumo') throw new CliError(`Invalid --export '${opts.export}': expected sumo`);
      if (opts.out !== undefined) {
        const dir = dirname(resolve(opts.out));
        if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`Cannot write --out '${opts.out}': folder '${dir}' does not exist`);
      }
      opts.env = await loadEnv(opts);
      const kwargs = envKwargs(opts);
      if (!/^Traffic/.test(opts.env)) throw new CliError(`Invalid --env '${opts.env}': tsgym plan needs a traffic env (TrafficSignal-v0, TrafficGrid-v0, TrafficNetwork*-v0)`);
      const env = spec(opts.env).parallel ? makeParallel(opts.env, kwargs) : make(opts.env, kwargs);
      try {
        const dt = (env.unwrapped as unknown as { cfg?: { deltaTime?: number } }).cfg?.deltaTime ?? 5;
        const { plans, signals } = fixedTimePlans(env, dt);
        if (opts.export === 'sumo') {
          const xml = sumoAdditional(signals, plans, 'tsgym-webster', `Webster fixed-time plan of ${opts.env}`);
          if (opts.out === undefined) process.stdout.write(xml);
          else {
            writeFileAtomic(opts.out, xml);
            process.stderr.write(`tsgym: wrote ${plans.length} tlLogic to ${opts.out} (load with: sumo -n NET -a ${opts.out})\n`);
          }
          return;
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ env: opts.env, kwargs, policy: opts.policy, plans })}\n`);
          return;
        }
        const rows = plans.map((p) => [p.node, fmtFixed(p.cycle, 1), p.greens.map((g) => fmtFixed(g, 1)).join(' / ')]);
        process.stdout.write(`${opts.env}: Webster fixed-time plan (s)\n${formatTable(['signal', 'cycle', 'greens per phase'], rows)}\n`);
      } finally {
        env.close();
      }
    });
}
