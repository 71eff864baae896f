import type { Command } from 'commander';
import { z } from 'zod';
import { ALGOS, TrainConfigSchema, type Algo } from '../train/trainConfig.js';
import { CliError } from '../CliError.js';
import { loadEnv } from '../loadEnvs.js';
import { applySets, collectSet, intAtLeast, loadConfigFile } from '../parseArgs.js';

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
  resume?: string;
  stopAt?: number;
  initFrom?: string;
  json?: boolean;
}

/** Lines of `key (default)` for an algorithm's zod schema, for `tsgym train --help`. */
async function hyperparamHelp(): Promise<string> {
  const m = await import('../../../agents/index.js');
  const schemas: Record<Algo, z.ZodObject> = { dqn: m.DqnConfigSchema, ppo: m.PpoConfigSchema, a2c: m.A2cConfigSchema, reinforce: m.ReinforceConfigSchema };
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
  parts.push('', 'Run-level keys: numEnvs, totalTimesteps, envKwargs, checkpointEvery (10000), evalEvery (10000), evalEpisodes (5).');
  parts.push('Example: tsgym train --env CartPole-v1 --algo ppo --steps 150000 --set config.learningRate=0.001 --out runs/ppo-cp');
  return parts.join('\n');
}

/** `tsgym train --env ID --algo dqn|ppo|a2c|reinforce [--steps N] [--seed S] [--config FILE] [--set k=v]... [--out DIR] [--workers K] [--resume DIR]`. */
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
    .option('--workers <k>', 'step sub-envs in K worker threads (async vector env)', intAtLeast('--workers', 1))
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
    if (opts.resume && (opts.config || opts.set?.length || opts.initFrom))
      throw new CliError('--resume continues a run with its saved config: drop --config/--set/--init-from');
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
    });
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      process.stdout.write(
        `${summary.interrupted ? 'Interrupted' : 'Trained'} ${summary.algo} on ${summary.envId}: ${summary.numTimesteps}/${summary.totalTimesteps} steps in ` +
          `${summary.wallSeconds.toFixed(1)} s (${summary.backend} backend)\n`,
      );
      if (summary.recentMeanReturn !== null)
        process.stdout.write(`  recent mean return (20 episodes): ${summary.recentMeanReturn.toFixed(2)} over ${summary.episodes} episodes\n`);
      if (summary.lastEval) process.stdout.write(`  last evaluation at step ${summary.lastEval.step}: mean return ${summary.lastEval.meanReturn.toFixed(2)}\n`);
      process.stdout.write(
        `  run directory: ${summary.runDir} (config.json, metrics.jsonl, episodes.csv, checkpoints/, model/, policy.json, learning-curve.svg)\n`,
      );
      process.stdout.write(`  evaluate: tsgym eval --env ${summary.envId} --policy ${summary.runDir} --episodes 20\n`);
      if (summary.interrupted) process.stdout.write(`  resume:   tsgym train --env ${summary.envId} --algo ${summary.algo} --resume ${summary.runDir}\n`);
    }
    if (summary.interrupted) process.exitCode = 130;
  });
}

let helpCache = '';

/** `--set k=v` of train: a training-config key as it is, anything else an env kwarg (under envKwargs). */
function asTrainSet(kv: string): string {
  const key = kv.slice(0, Math.max(0, kv.indexOf('='))).split('.')[0] ?? '';
  return key in TrainConfigSchema.shape ? kv : `envKwargs.${kv}`;
}

/** Loads the hyperparameter list shown by `tsgym train --help` (async: it imports the agents). */
export async function prepareTrainHelp(): Promise<void> {
  helpCache = await hyperparamHelp();
}
