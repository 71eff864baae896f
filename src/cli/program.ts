import { Command } from 'commander';
import { createRequire } from 'node:module';
import { register as registerBench } from './commands/bench.js';
import { register as registerBenchmark } from './commands/benchmark.js';
import { register as registerList } from './commands/list.js';
import { register as registerEval } from './commands/eval.js';
import { register as registerCompare } from './commands/compare.js';
import { register as registerRecord } from './commands/record.js';
import { register as registerTrain } from './commands/train.js';
import { register as registerDemo } from './commands/demo.js';
import { register as registerView } from './commands/view.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerValidate } from './commands/validate.js';
import { register as registerJobShop } from './commands/jobshop.js';
import { register as registerWorker } from './commands/worker.js';
import { register as registerPlan } from './commands/plan.js';
import { register as registerReport } from './commands/report.js';

const require = createRequire(import.meta.url);

function packageVersion(): string {
  for (const p of ['../../package.json', '../../../package.json']) {
    try {
      return (require(p) as { version: string }).version;
    } catch {
      // try the next layout (src/ when run from source, dist/src/ when compiled)
    }
  }
  return '0.0.0';
}

/**
 * Builds the `tsgym` commander program with every subcommand registered.
 *
 * @example
 * ```ts
 * await createProgram().parseAsync(['node', 'tsgym', 'list', '--json']);
 * ```
 */
export function createProgram(): Command {
  const program = new Command('tsgym')
    .description('Gym-compatible RL environments, simulators and agents: classic control, traffic signals, factory lines')
    .version(packageVersion())
    .option('--debug', 'show stack traces on errors')
    .option('--quiet', 'no progress bars or logs on stderr')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerList(program);
  registerEval(program);
  registerCompare(program);
  registerTrain(program);
  registerDemo(program);
  registerRecord(program);
  registerView(program);
  registerServe(program);
  registerBench(program);
  registerBenchmark(program);
  registerValidate(program);
  registerJobShop(program);
  registerWorker(program);
  registerPlan(program);
  registerReport(program);
  return program;
}
