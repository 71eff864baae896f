import type { Command } from 'commander';
import { z } from 'zod';
import { ALGOS, TrainConfigSchema, type Algo } from '../train/trainConfig.js';
import type { TrainSummary } from '../train/runTraining.js';
import { CliError } from '../CliError.js';
import { loadEnv } from '../loadEnvs.js';
import { applySets, collectSet, intAtLeast, loadConfigFile } from '../parseArgs.js';
import { formatTable } from '../table.js';

interface TrainOpts {
  env: string;
  import?: string[];
  algo: string;
  steps?: number;
  seed: number;
  config?: string;
  set?: string[];
  out?: string;
  workers?: number;
  redis?: string;
  queue?: string;
  resume?: string;
  stopAt?: number;
  initFrom?: string;
  evalEvery?: number;
  evalEpisodes?: number;
  evalMetric?: string;
  seeds?: number;
  testEpisodes: number;
  json?: boolean;
}

/** Lines of `key (default)` for an algorithm's zod schema, for `tsgym train --help`. */
async function hyperparamHelp(): Promise<string> {
  const m = await import('../../../agents/index.js');
  const schemas: Record<Algo, z.ZodObject> = {
    dqn: m.DqnConfigSchema, ppo: m.PpoConfigSchema, a2c: m.A2cConfigSchema, reinforce: m.ReinforceConfigSchema, sac: m.SacConfigSchema, td3: m.Td3ConfigSchema,
  };
  const parts: string[] = [
    '',
    'Algorithm hyperparameters (set with --set config.KEY=VALUE or a --config file; defaults shown,',
    'per-env defaults from agents/hyperparams/ override them):',
  ];
  for (const algo of ALGOS) {
    const defaults = schemas[algo].parse({});
    parts.push(
      `  ${algo}: ${Object.entries(defaults)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')}`,
    );
  }
  parts.push('', 'Run-level keys: numEnvs, totalTimesteps, envKwargs, checkpointEvery (10000), evalEvery (10000), evalEpisodes (10),',
    '  evalMetric (return), evalMetricGoal (min).');
  parts.push('Example: tsgym train --env CartPole-v1 --algo ppo --steps 150000 --set config.learningRate=0.001 --out runs/ppo-cp');
  return parts.join('\n');
}

/**
 * `tsgym train --env ID --algo dqn|ppo|a2c|reinforce|sac|td3 [--steps N] [--seed S] [--config FILE] [--set k=v]... [--out DIR] [--workers K]
 * [--resume DIR]`.
 */
export function register(program: Command): void {
  const cmd = program
    .command('train')
    .description('train an agent into a run directory (config, metrics, checkpoints, model, learning curve)')
    .requiredOption('--env <id>', 'environment id')
    .requiredOption('--algo <name>', `algorithm: ${ALGOS.join('|')}`)
    .option('--steps <n>', 'total env steps of the run (default: agents/hyperparams/ENV.json)', intAtLeast('--steps', 1))
    .option('--seed <s>', 'seed', intAtLeast('--seed', 0), 0)
    .option('--config <file>', 'training config (JSON or YAML): numEnvs, totalTimesteps, envKwargs, config: {hyperparameters}')
    .option(
      '--set <key=value>',
      'config override with dotted keys, e.g. config.learningRate=0.001; ' +
        'a key that is not a training-config key is an env kwarg, e.g. backend=sumo (repeatable)',
      collectSet,
    )
    .option('--out <dir>', 'run directory (default runs/ENV-ALGO-sSEED)')
    .option('--eval-every <n>', 'evaluate every N env steps on a separate env, keeping the best model in RUN/best (0 = no evaluations; default 10000)',
      intAtLeast('--eval-every', 0))
    .option('--eval-episodes <n>', 'deterministic episodes per evaluation (default 10; seeds 2000000000, 2000000001, ...)', intAtLeast('--eval-episodes', 1))
    .option('--eval-metric <name>',
      "what makes the best model: 'return' (default) or an info.metrics value, lower is better ('meanDelay'), or max:NAME for higher")
    .option('--seeds <n>', 'train N runs, seeds SEED..SEED+N-1, into OUT/seed-S; test and aggregate them (mean, IQM, bootstrap CIs, learning-curve band)',
      intAtLeast('--seeds', 1))
    .option('--test-episodes <n>', 'with --seeds: test episodes per final and best model (seeds 0, 1, ...)', intAtLeast('--test-episodes', 1), 20)
    .option('--workers <k>', 'step sub-envs in K worker threads (async vector env)', intAtLeast('--workers', 1))
    .option('--redis <url>', 'PPO/A2C/DQN: collect experience on `tsgym worker` processes through this Redis (redis://[user[:password]@]host[:port][/db], ' +
      'rediss:// for TLS); DQN actors play config.actorLag rounds ahead of the learner (default 1, 0: take turns), config.actorEpsilons=apex for ' +
      "Ape-X's per-actor epsilons")
    .option('--queue <name>', 'with --redis: the BullMQ queue the workers take jobs from (default tsgym)')
    .option('--resume <dir>', 'continue the run in DIR from its last checkpoint (bit-for-bit with sync envs)')
    .option('--init-from <dir>', "warm-start from another run's trained networks (transfer: same spaces and netArch), then train")
    .option('--stop-at <n>', 'stop as Ctrl-C would (checkpoint, exit 130) once N env steps are done', intAtLeast('--stop-at', 1))
    .option('--json', 'print the run summary as one JSON object on stdout')
    .option('--import <module>', 'a module that registers envs, imported first: a path or a package name (repeatable)', collectSet);
  cmd.addHelpText('after', () => helpCache);
  cmd.action(async (opts: TrainOpts, c: Command) => {
    if (!(ALGOS as readonly string[]).includes(opts.algo)) throw new CliError(`Invalid --algo '${opts.algo}': expected one of ${ALGOS.join(', ')}`);
    opts.env = await loadEnv(opts);
    const { runTraining } = await import('../train/runTraining.js');
    const quiet = Boolean(opts.json || c.optsWithGlobals().quiet);
    const overrides: Record<string, unknown>[] = [];
    if (opts.config) overrides.push(loadConfigFile(opts.config));
    if (opts.set?.length) overrides.push(applySets({}, opts.set.map(asTrainSet)));
    if (opts.evalEvery !== undefined) overrides.push({ evalEvery: opts.evalEvery });
    if (opts.evalEpisodes !== undefined) overrides.push({ evalEpisodes: opts.evalEpisodes });
    if (opts.evalMetric !== undefined) {
      const m = /^(max|min):(.+)$/.exec(opts.evalMetric);
      overrides.push(m ? { evalMetric: m[2], evalMetricGoal: m[1] } : { evalMetric: opts.evalMetric, evalMetricGoal: 'min' });
    }
    if (opts.queue !== undefined && opts.redis === undefined) throw new CliError('--queue names the queue of --redis: give --redis URL too');
    if (opts.resume && (opts.config || opts.set?.length || opts.initFrom || overrides.length > 0))
      throw new CliError('--resume continues a run with its saved config: drop --config/--set/--init-from/--eval-every/--eval-episodes/--eval-metric');
    if (opts.seeds !== undefined) {
      if (opts.resume || opts.stopAt !== undefined)
        throw new CliError('--seeds trains whole runs: drop --resume/--stop-at (resume one run in OUT/seed-S instead)');
      await trainSeedsCommand(opts, overrides, quiet);
      return;
    }
    const outDir = opts.resume ?? opts.out ?? `runs/${opts.env}-${opts.algo}-s${opts.seed}`;
    const summary = await runTraining({
      envId: opts.env,
      algo: opts.algo as Algo,
      seed: opts.seed,
      overrides,
      outDir,
      quiet,
      ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
      ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      ...(opts.resume ? { resume: true } : {}),
      ...(opts.stopAt !== undefined ? { stopAt: opts.stopAt } : {}),
      ...(opts.initFrom !== undefined ? { initFrom: opts.initFrom } : {}),
      ...(opts.redis !== undefined ? { collectOn: { redis: opts.redis, queue: opts.queue ?? 'tsgym' } } : {}),
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(summaryText(summary));
    if (summary.interrupted) process.exitCode = 130;
  });
}

let helpCache = '';

/** `--seeds N`: the runs, then the aggregate table (or JSON). */
async function trainSeedsCommand(opts: TrainOpts, overrides: Record<string, unknown>[], quiet: boolean): Promise<void> {
  const { trainSeeds } = await import('../train/trainSeeds.js');
  const n = opts.seeds ?? 1;
  const seeds = Array.from({ length: n }, (_, i) => opts.seed + i);
  const outDir = opts.out ?? `runs/${opts.env}-${opts.algo}-s${opts.seed}x${n}`;
  const s = await trainSeeds({
    envId: opts.env, algo: opts.algo as Algo, seeds, overrides, outDir, quiet, testEpisodes: opts.testEpisodes,
    ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(opts.initFrom !== undefined ? { initFrom: opts.initFrom } : {}),
    ...(opts.redis !== undefined ? { collectOn: { redis: opts.redis, queue: opts.queue ?? 'tsgym' } } : {}),
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  const iv = (a: { point: number; low: number; high: number }): string => `${a.point.toFixed(1)} [${a.low.toFixed(1)}, ${a.high.toFixed(1)}]`;
  const rows = [['final', iv(s.final.mean), iv(s.final.iqm)]];
  if (s.best) rows.unshift(['best', iv(s.best.mean), iv(s.best.iqm)]);
  process.stdout.write(
    `Trained ${s.algo} on ${s.envId}, ${n} seeds (${seeds[0]}..${seeds[n - 1]}) in ${s.wallSeconds.toFixed(0)} s; ` +
      `test mean return over ${s.testEpisodes} episodes per model, 95% bootstrap CIs across seeds:\n`,
  );
  process.stdout.write(`${formatTable(['model', 'mean', 'IQM'], rows)}\n`);
  process.stdout.write(`${formatTable(['seed', 'best', 'final'], s.runs.map((r) => [String(r.seed), r.best?.toFixed(1) ?? '-', r.final.toFixed(1)]))}\n`);
  process.stdout.write(`  ${outDir}/aggregate.json, ${outDir}/learning-curve.svg (evaluation IQM with its band), runs in ${outDir}/seed-S\n`);
}

/** The human-readable run summary: what was trained, which model is best/ and which final/, how to use them. */
function summaryText(s: TrainSummary): string {
  const lines = [
    `${s.interrupted ? 'Interrupted' : 'Trained'} ${s.algo} on ${s.envId}: ${s.numTimesteps}/${s.totalTimesteps} steps ` +
      `in ${s.wallSeconds.toFixed(1)} s (${s.backend} backend)`,
  ];
  if (s.recentMeanReturn !== null) lines.push(`  recent mean return (20 training episodes): ${s.recentMeanReturn.toFixed(2)} over ${s.episodes} episodes`);
  if (s.best) {
    const ev = `evaluation mean return ${s.best.meanReturn.toFixed(2)}`;
    lines.push(`  best model:  ${s.best.dir} (step ${s.best.step}, ${ev}): eval/compare/serve use it for the run`);
  } else {
    lines.push('  best model:  none (no evaluation: --eval-every 0, a multi-agent env, or stopped before the first): the run stands for its final model');
  }
  const fin = s.final.meanReturn === null ? 'not evaluated' : `evaluation mean return ${s.final.meanReturn.toFixed(2)}`;
  lines.push(`  final model: ${s.final.dir} (step ${s.final.step}, ${fin}): pass it as --policy ${s.final.dir} to use it`);
  lines.push(`  run directory: ${s.runDir} (config.json, metrics.jsonl, episodes.csv, checkpoints/, best/, final/, learning-curve.svg)`);
  lines.push(`  evaluate: tsgym eval --env ${s.envId} --policy ${s.runDir} --episodes 20`);
  if (s.interrupted) lines.push(`  resume:   tsgym train --env ${s.envId} --algo ${s.algo} --resume ${s.runDir}`);
  return `${lines.join('\n')}\n`;
}

/** `--set k=v` of train: a training-config key as it is, anything else an env kwarg (under envKwargs). */
function asTrainSet(kv: string): string {
  const key = kv.slice(0, Math.max(0, kv.indexOf('='))).split('.')[0] ?? '';
  return key in TrainConfigSchema.shape ? kv : `envKwargs.${kv}`;
}

/** Loads the hyperparameter list shown by `tsgym train --help` (async: it imports the agents). */
export async function prepareTrainHelp(): Promise<void> {
  helpCache = await hyperparamHelp();
}
