import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import { make, makeParallel, spec } from '../../registry/registry.js';
import { readRecording } from '../../../renderers/io/readRecording.js';
import type { Recording } from '../../../renderers/format/types.js';
import { distillPlan } from '../../../envs/traffic/plan/distillPlan.js';
import type { DistilledPlan } from '../../../envs/traffic/plan/distillPlan.js';
import { fixedTimePlans } from '../../../envs/traffic/plan/fixedTimePlans.js';
import type { SignalSpec } from '../../../envs/traffic/network/NetworkSpec.js';
import { sumoAdditional } from '../../../envs/traffic/plan/sumoTlLogic.js';
import { CliError } from '../CliError.js';
import { envKwargs } from '../envArgs.js';
import { loadEnv } from '../loadEnvs.js';
import { collectSet } from '../parseArgs.js';
import { formatTable } from '../table.js';
import { fmtFixed } from '../../eval/metricCatalog.js';

interface PlanOpts {
  env?: string;
  import?: string[];
  policy?: string;
  fromRecording?: string;
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
 * SUMO additional file of `tlLogic`s to load with `sumo -a FILE`. `--from-recording FILE` instead
 * distils the plan a recording of any policy ran: the mean green per phase and the observed cycle.
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
    .option('--env <id>', 'traffic environment id (for SUMO export: a network imported from SUMO)')
    .option('--policy <name>', 'fixed-time (alias webster)')
    .option('--from-recording <file>', 'distil the plan a recording of any policy ran (mean green per phase) instead')
    .option('--export <format>', 'sumo: write a SUMO additional file with one tlLogic per signal')
    .option('--out <file>', 'file for --export (default: stdout)')
    .option('--config <file>', "scenario file (JSON or YAML) for the env's scenario kwarg")
    .option('--set <key=value>', 'env kwarg override, dotted keys (repeatable)', collectSet)
    .option('--json', 'print the plans as one JSON object')
    .option('--import <module>', 'a module that registers envs, imported first (repeatable)', collectSet)
    .action(async (opts: PlanOpts) => {
      if (opts.export !== undefined && opts.export !== 'sumo') throw new CliError(`Invalid --export '${opts.export}': expected sumo`);
      if (opts.out !== undefined) {
        const dir = dirname(resolve(opts.out));
        if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`Cannot write --out '${opts.out}': folder '${dir}' does not exist`);
      }
      if (opts.fromRecording !== undefined) return fromRecording(opts, opts.fromRecording);
      if (opts.env === undefined) throw new CliError('tsgym plan needs --env ID --policy fixed-time, or --from-recording FILE');
      if (!FIXED.has(opts.policy ?? ''))
        throw new CliError(`Invalid --policy '${opts.policy ?? ''}': tsgym plan writes fixed-time plans; expected fixed-time or webster`);
      const envId = await loadEnv({ env: opts.env, import: opts.import });
      const kwargs = envKwargs({ ...opts, env: envId });
      if (!/^Traffic/.test(envId)) throw new CliError(`Invalid --env '${envId}': tsgym plan needs a traffic env (TrafficSignal-v0, TrafficGrid-v0, TrafficNetwork*-v0)`);
      const env = spec(envId).parallel ? makeParallel(envId, kwargs) : make(envId, kwargs);
      try {
        const dt = (env.unwrapped as unknown as { cfg?: { deltaTime?: number } }).cfg?.deltaTime ?? 5;
        const { plans, signals } = fixedTimePlans(env, dt);
        const what = `Webster fixed-time plan of ${envId}`;
        if (opts.export === 'sumo') return exportSumo(opts, sumoAdditional(signals, plans, 'tsgym-webster', what), plans.length);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ env: envId, kwargs, policy: opts.policy, plans })}\n`);
          return;
        }
        const rows = plans.map((p) => [p.node, fmtFixed(p.cycle, 1), p.greens.map((g) => fmtFixed(g, 1)).join(' / ')]);
        process.stdout.write(`${envId}: Webster fixed-time plan (s)\n${formatTable(['signal', 'cycle', 'greens per phase'], rows)}\n`);
      } finally {
        env.close();
      }
    });
}

/** Writes an exported file to --out (or stdout). */
function exportSumo(opts: PlanOpts, xml: string, n: number): void {
  if (opts.out === undefined) process.stdout.write(xml);
  else {
    writeFileAtomic(opts.out, xml);
    process.stderr.write(`tsgym: wrote ${n} tlLogic to ${opts.out} (load with: sumo -n NET -a ${opts.out})\n`);
  }
}

/** The signal specs of the network a recording ran on (its env rebuilt from the recorded kwargs). */
async function recordedSignals(rec: Recording, opts: PlanOpts): Promise<readonly SignalSpec[]> {
  const envId = await loadEnv({ env: rec.env, import: opts.import });
  const env = spec(envId).parallel ? makeParallel(envId, rec.kwargs) : make(envId, rec.kwargs);
  try {
    const u = env.unwrapped as unknown as { engine?: { net?: { spec?: { signals?: readonly SignalSpec[] } } } };
    const signals = u.engine?.net?.spec?.signals;
    if (signals === undefined) throw new CliError(`The recording's env '${rec.env}' is not a traffic env: --from-recording needs a traffic recording`);
    return signals;
  } finally {
    env.close();
  }
}

/** `tsgym plan --from-recording FILE`: the plan every signal ran in a recording, distilled. */
async function fromRecording(opts: PlanOpts, file: string): Promise<void> {
  const rec = await readRecording(file);
  if (rec.scene.kind !== 'traffic') throw new CliError(`Invalid --from-recording '${file}': a ${rec.env} recording has no signals`);
  const heads = rec.scene.signals.map((h) => ({ node: h.junction, conn: Number(h.id.slice(h.id.lastIndexOf(':') + 1)) }));
  if (heads.some((h) => !Number.isInteger(h.conn)))
    throw new CliError(`Invalid --from-recording '${file}': signal ids do not name their connection (NODE:INDEX)`);
  const signals = await recordedSignals(rec, opts);
  const nodes = new Set(heads.map((h) => h.node));
  const plans: DistilledPlan[] = signals.filter((s) => nodes.has(s.node)).map((s) => distillPlan(s, { heads, frames: rec.frames }));
  const what = `fixed-time plan distilled from a ${rec.env} recording of policy ${rec.policy} (mean green per phase)`;
  if (opts.export === 'sumo') return exportSumo(opts, sumoAdditional(signals, plans, 'tsgym-distilled', what), plans.length);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ env: rec.env, kwargs: rec.kwargs, policy: rec.policy, from: file, plans })}\n`);
    return;
  }
  const rows = plans.map((p) => [p.node, fmtFixed(p.observedCycle, 1), fmtFixed(p.cycle, 1), p.greens.map((g) => fmtFixed(g, 1)).join(' / ')]);
  const table = formatTable(['signal', 'observed cycle', 'plan cycle', 'greens per phase'], rows);
  process.stdout.write(`${rec.env} · ${rec.policy}: plan distilled from ${file} (s)\n${table}\n`);
}
