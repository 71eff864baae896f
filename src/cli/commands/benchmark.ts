import type { Command } from 'commander';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '../CliError.js';
import { intAtLeast } from '../parseArgs.js';

interface RescoOpts {
  scenarios: string;
  algos: string;
  seeds: number;
  budget: string;
  maxEpisodes: number;
  backends: string;
  window?: number;
  data?: string;
  out: string;
  json?: boolean;
}

/** Every controller, the default of `--algos` (the module with RESCO_ALGOS loads only when the command runs). */
const ALGOS = 'fixed,greedy,max-pressure,idqn,ippo,mplight,phase-dqn,guided-dqn';

/**
 * `tsgym benchmark resco [--scenarios a,b] [--algos ...] [--seeds N] [--budget T] [--out DIR] [--json]`:
 * RESCO's protocol on its scenarios (../shared/data/resco), every controller evaluated in tsgym and in
 * SUMO; writes DIR/results.json, DIR/README.md and the learning curves (SVG).
 *
 * @example
 * ```ts
 * register(program); // tsgym benchmark resco --scenarios cologne1 --algos greedy --seeds 1
 * ```
 */
export function register(program: Command): void {
  const bench = program.command('benchmark').description('published benchmarks reproduced with tsgym (resco)');
  bench
    .command('resco')
    .description("RESCO (Ault & Sharon 2021): its protocol, fixed/greedy/max-pressure and four learners in tsgym and SUMO, beside RESCO's delays")
    .option('--scenarios <list>', 'comma-separated RESCO scenarios', 'cologne1,cologne8,ingolstadt1,ingolstadt7,grid4x4,arterial4x4')
    .option('--algos <list>', 'controllers: fixed, greedy, max-pressure, idqn, ippo, mplight, phase-dqn, guided-dqn', ALGOS)
    .option('--seeds <n>', 'evaluation seeds 1..n (training uses others)', intAtLeast('--seeds', 1), 3)
    .option('--budget <t>', 'training wall time per scenario and learner (300, 300s, 5m)', '15m')
    .option('--max-episodes <n>', 'training episodes at most (RESCO IDQN: 100)', intAtLeast('--max-episodes', 1), 100)
    .option('--backends <list>', 'where to evaluate: tsgym, sumo', 'tsgym,sumo')
    .option('--window <s>', "simulated seconds from the scenario's begin (default RESCO's hour)", intAtLeast('--window', 1))
    .option('--data <dir>', 'folder of the RESCO scenarios (default ../shared/data/resco beside the repository)')
    .option('--out <dir>', 'output folder', 'runs/resco')
    .option('--json', 'print results.json on stdout')
    .action(async (opts: RescoOpts, cmd: Command) => {
      const args = await import('../resco/rescoArgs.js');
      const { runResco } = await import('../resco/runResco.js');
      const { writeRescoOutputs } = await import('../resco/writeResco.js');
      const { repoRoot } = await import('../../../envs/traffic/validate/repoRoot.js');
      const { findSumo } = await import('../../../envs/traffic/validate/sumoProcess.js');
      const dir = resolve(opts.data ?? join(repoRoot(), '..', 'shared', 'data', 'resco'));
      if (!existsSync(dir)) throw new CliError(`RESCO scenarios not found at '${dir}': expected a folder of NAME/NAME.sumocfg (give it with --data)`);
      const backends = args.parseBackendList(opts.backends);
      if (backends.includes('sumo') && !findSumo())
        throw new CliError("backend 'sumo': sumo not found ($SUMO_BINARY or sumo on the PATH); use --backends tsgym");
      const quiet = Boolean(opts.json || cmd.optsWithGlobals().quiet);
      const run = {
        dir,
        scenarios: args.parseScenarios(opts.scenarios),
        algos: args.parseAlgos(opts.algos),
        seeds: opts.seeds,
        backends,
        budgetSeconds: args.parseBudget(opts.budget),
        maxEpisodes: opts.maxEpisodes,
        ...(opts.window !== undefined ? { seconds: opts.window } : {}),
      };
      const results = await runResco({ ...run, ...(quiet ? {} : { onProgress: (m: string) => process.stderr.write(`${m}\n`) }) });
      mkdirSync(opts.out, { recursive: true });
      const json = writeRescoOutputs(opts.out, results, run, `tsgym benchmark resco ${process.argv.slice(4).join(' ')}`.trim());
      if (opts.json) process.stdout.write(`${json}\n`);
      else process.stdout.write(`wrote ${join(opts.out, 'results.json')} and ${join(opts.out, 'README.md')}\n`);
    });
}
