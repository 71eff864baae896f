import type { Command } from 'commander';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../CliError.js';
import { loadEnvs } from '../loadEnvs.js';
import { applySets, collectSet } from '../parseArgs.js';
import { startProgress } from '../progress.js';
import { formatTable } from '../table.js';

interface BenchmarkOpts {
  sizes?: string;
  policy: string;
  rules: boolean;
  json?: boolean;
  markdown?: boolean;
}

interface TrainOpts {
  out?: string;
  minutes?: string;
  sizes?: string;
  seed: string;
  set?: string[];
  initFrom?: string;
  json?: boolean;
}

const pct = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '-' : (100 * x).toFixed(1));

/** A `--policy` of `benchmark jobshop`: a registered JobShop-v0 policy name, or a train-dispatcher run (directory or policy.json). */
async function policyFactory(
  arg: string,
): Promise<(env: import('../../core/Env.js').Env<any, any>) => import('../../policy/Policy.js').Policy<any, any>> {
  const { makePolicy, policiesFor } = await import('../../policy/policyRegistry.js');
  if (policiesFor('JobShop-v0').includes(arg)) return (env) => makePolicy(arg, 'JobShop-v0', env);
  if (!existsSync(arg))
    throw new CliError(
      `Unknown --policy '${arg}': expected one of ${policiesFor('JobShop-v0').join(', ')} or a train-dispatcher run directory`,
    );
  const file = statSync(arg).isDirectory() ? join(arg, 'policy.json') : arg;
  if (!existsSync(file))
    throw new CliError(`Run directory '${arg}' has no policy.json: expected a directory written by tsgym train-dispatcher`);
  const { parseDispatchNet } = await import('../../../envs/factory/jobshop/gnn/SerializedDispatchNet.js');
  const { GnnPolicy } = await import('../../../envs/factory/jobshop/gnn/GnnPolicy.js');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`Cannot read '${file}': ${(e as Error).message}`);
  }
  const net = parseDispatchNet(data, file);
  return (env) => new GnnPolicy(net, env);
}

async function benchmark(opts: BenchmarkOpts, quiet: boolean): Promise<void> {
  await loadEnvs();
  const { runJobShopBenchmark, BENCHMARK_GROUPS, L2D_RULES } = await import('../../../envs/factory/jobshop/benchmark/jobShopBenchmark.js');
  const groups = opts.sizes
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const g of groups ?? [])
    if (!(BENCHMARK_GROUPS as readonly string[]).includes(g))
      throw new CliError(`Invalid --sizes entry '${g}': expected some of ${BENCHMARK_GROUPS.join(', ')}`);
  const createPolicy = await policyFactory(opts.policy);
  let bar: ReturnType<typeof startProgress> | undefined;
  const r = runJobShopBenchmark({
    groups,
    policyName: opts.policy,
    createPolicy,
    rules: opts.rules,
    onInstance: (done, total, name) => {
      bar ??= startProgress(total, 'benchmark jobshop {bar} {value}/{total} instances | {name}', quiet, { name });
      bar.update(done, { name });
    },
  });
  bar?.stop();
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const bestPublished = (g: (typeof r.groups)[number]): number => Math.min(...Object.values(g.publishedRuleGaps));
  const bestOurs = (g: (typeof r.groups)[number]): number => Math.min(...Object.values(g.ruleGaps?.['non-delay'] ?? { x: NaN }));
  const table = opts.markdown ? markdownTable : formatTable;
  process.stdout.write(`JobShop-v0 benchmark: mean gap to the best known makespan (%), policy ${r.policy} (${r.scheme} schedules)\n`);
  process.stdout.write(
    `${table(
      ['group', 'n', r.policy, 'L2D', 'best rule (L2D paper)', 'best rule (ours, non-delay)', `${r.policy} s/inst`, 'L2D s/inst'],
      r.groups.map((g) => [
        g.group,
        String(g.instances),
        pct(g.gap),
        pct(g.l2dGap),
        pct(bestPublished(g)),
        pct(bestOurs(g)),
        g.secondsPerInstance.toFixed(3),
        g.l2dSecondsPerInstance.toFixed(3),
      ]),
    )}\n`,
  );
  if (r.groups[0]?.ruleGaps) {
    process.stdout.write("\nRules, mean gap (%): published (L2D paper) / ours in L2D's left-shift environment / ours non-delay\n");
    process.stdout.write(
      `${table(
        ['group', ...L2D_RULES],
        r.groups.map((g) => [
          g.group,
          ...L2D_RULES.map(
            (rule) =>
              `${pct(g.publishedRuleGaps[rule])} / ${pct(g.ruleGaps?.['left-shift']?.[rule])} / ${pct(g.ruleGaps?.['non-delay']?.[rule])}`,
          ),
        ]),
      )}\n`,
    );
  }
}

/** A Markdown table (for docs). */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

async function train(opts: TrainOpts, quiet: boolean): Promise<void> {
  const { trainDispatcher, TrainDispatcherConfigSchema } = await import('../../../src/cli/dispatcher/trainDispatcher.js');
  const { loadTf, activeBackend } = await import('../../../agents/loadTf.js');
  const { parseDispatchNet } = await import('../../../envs/factory/jobshop/gnn/SerializedDispatchNet.js');
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new CliError(`Invalid --seed '${opts.seed}': expected a non-negative integer`);
  const overrides: Record<string, unknown> = applySets({}, opts.set ?? []);
  if (opts.minutes !== undefined) {
    const m = Number(opts.minutes);
    if (!(m > 0)) throw new CliError(`Invalid --minutes '${opts.minutes}': expected a positive number`);
    overrides.minutes = m;
  }
  if (opts.sizes !== undefined) overrides.sizes = opts.sizes.split(',').map((s) => s.trim());
  overrides.seed = seed;
  const r = TrainDispatcherConfigSchema.safeParse(overrides);
  if (!r.success)
    throw new CliError(`Invalid train-dispatcher setting: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  let init;
  if (opts.initFrom !== undefined) {
    const file = existsSync(opts.initFrom) && statSync(opts.initFrom).isDirectory() ? join(opts.initFrom, 'policy.json') : opts.initFrom;
    if (!existsSync(file)) throw new CliError(`--init-from '${opts.initFrom}': no policy.json there`);
    init = parseDispatchNet(JSON.parse(readFileSync(file, 'utf8')), file);
  }
  const out = opts.out ?? `runs/jobshop-dispatcher-s${seed}`;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'config.json'), `${JSON.stringify(r.data, null, 2)}\n`);
  const metrics = join(out, 'metrics.jsonl');
  writeFileSync(metrics, '');
  const tf = await loadTf({ quiet: opts.json || quiet });
  const result = await trainDispatcher(tf, r.data, {
    ...(init ? { init } : {}),
    onLog: (e) => {
      appendFileSync(metrics, `${JSON.stringify(e)}\n`);
      if (!quiet && !opts.json)
      {
        const what = e.phase === 'bc' ? `loss ${e.value.toFixed(4)}` : `mean makespan ${Number.isFinite(e.value) ? e.value.toFixed(1) : '-'}`;
        const validation = e.validation !== undefined ? `, validation makespan/rule ${e.validation.toFixed(4)}` : '';
        process.stderr.write(`train-dispatcher: ${e.phase} ${e.iteration} at ${e.seconds.toFixed(0)} s: ${what}${validation}\n`);
      }
    },
    onBest: (net) => {
      const file = join(out, 'policy.json');
      writeFileSync(`${file}.tmp`, JSON.stringify(net));
      renameSync(`${file}.tmp`, file);
    },
  });
  const summary = {
    runDir: out,
    backend: activeBackend(),
    iterations: result.iterations,
    seconds: result.seconds,
    validationRatio: result.validation,
  };
  if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else
    process.stdout.write(
      `Trained the job-shop dispatcher: ${result.iterations} PPO iterations in ${(result.seconds / 60).toFixed(1)} min (${summary.backend}); ` +
        `best validation makespan/rule ${result.validation.toFixed(4)}\n` +
        `  run directory: ${out} (policy.json, config.json, metrics.jsonl)\n  benchmark: tsgym benchmark jobshop --policy ${out}\n`,
    );
}

/**
 * `tsgym benchmark jobshop [--sizes 15x15,...] [--policy NAME|RUN] [--no-rules] [--json|--markdown]`: the Taillard
 * (and DMU16-20) table of L2D's paper with our policy's gaps, and `tsgym train-dispatcher [--out DIR]
 * [--minutes M] [--sizes 15x15] [--seed S] [--set key=value]... [--init-from RUN]`: trains the job-shop
 * dispatcher network (docs/jobshop.md). Joins an existing `benchmark` command if another module made one.
 *
 * @example
 * ```ts
 * register(program); // tsgym benchmark jobshop --sizes 15x15,100x20 --json
 * ```
 */
export function register(program: Command): void {
  const parent =
    program.commands.find((c) => c.name() === 'benchmark') ??
    program.command('benchmark').description("research benchmarks against published results (jobshop: L2D's Taillard table)");
  parent
    .command('jobshop')
    .description("Taillard (and DMU16-20) job-shop benchmark: our policy's gap to the best known makespans beside L2D's and the rules'")
    .option('--sizes <groups>', 'comma-separated groups: 15x15,20x15,20x20,30x15,30x20,50x15,50x20,100x20,dmu30x20 (default all)')
    .option('--policy <name|run>', 'a JobShop-v0 policy (default gnn, the shipped dispatcher) or a train-dispatcher run directory', 'gnn')
    .option('--no-rules', 'skip running our SPT, MWKR, FDD/MWKR and MOPNR')
    .option('--json', 'print one JSON object on stdout (groups and per-instance results)')
    .option('--markdown', 'print the tables in Markdown (as in docs/jobshop.md)')
    .action(async (opts: BenchmarkOpts, cmd: Command) => benchmark(opts, Boolean(opts.json || cmd.optsWithGlobals().quiet)));
  program
    .command('train-dispatcher')
    .description('train the job-shop dispatcher (graph network, PPO on random Taillard instances) into a run directory')
    .option('--out <dir>', 'run directory (default runs/jobshop-dispatcher-sSEED)')
    .option('--minutes <m>', 'wall-clock budget (default 120)')
    .option('--sizes <list>', 'random instance sizes trained on, e.g. 15x15,20x20 (default 15x15)')
    .option('--seed <s>', 'seed', '0')
    .option('--set <key=value>', 'hyperparameter override (see src/cli/dispatcher/trainDispatcher.ts), repeatable', collectSet)
    .option('--init-from <run>', "continue from a run's policy.json (no behaviour cloning)")
    .option('--json', 'print the run summary as one JSON object on stdout')
    .action(async (opts: TrainOpts, cmd: Command) => train(opts, Boolean(cmd.optsWithGlobals().quiet)));
}
