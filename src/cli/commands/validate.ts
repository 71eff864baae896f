import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { CliError } from '../CliError.js';
import { intAtLeast } from '../parseArgs.js';
import { startProgress } from '../progress.js';

interface ValidateOpts {
  seeds: number;
  end?: number;
  sumo?: string;
  json?: boolean;
}

function endTime(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new CliError(`Invalid --end '${v}': expected a simulation time in seconds > 0`);
  return n;
}

function checkConfig(file: string): void {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new CliError(`Cannot read SUMOCFG '${file}': no such file (expected a SUMO configuration, NAME.sumocfg)`);
  }
  // the names isSumoConfigName accepts (not imported: it would load the XML parser before every command)
  if (!isFile || !/\.(sumocfg|cfg)$/i.test(file)) throw new CliError(`Invalid SUMOCFG '${file}': expected a SUMO configuration file NAME.sumocfg (or NAME.sumo.cfg)`);
}

/**
 * `tsgym validate SUMOCFG [--seeds N] [--end T] [--sumo PATH] [--json]`: runs SUMO and tsgym's engine on
 * the same untouched files with the same seeds, prints the side-by-side table (or one JSON object) and
 * exits 1 when a judged figure is beyond its tolerance (2 on bad input or when SUMO is missing or fails).
 *
 * @example
 * ```ts
 * register(program); // tsgym validate test/fixtures/sumo/cross/cross.sumocfg --seeds 2 --end 600
 * ```
 */
export function register(program: Command): void {
  program
    .command('validate')
    .description('run SUMO and tsgym on the same .sumocfg and seeds: side-by-side table with 95% intervals, non-zero exit beyond tolerance')
    .argument('<sumocfg>', 'SUMO configuration (.sumocfg or .sumo.cfg), used as it is by both simulators')
    .option('--seeds <n>', 'seeds 1..n on each side (SUMO --seed s, tsgym reset(s))', intAtLeast('--seeds', 1), 3)
    .option('--end <t>', "simulation end (s), instead of the configuration's time/end (without either: until every vehicle has left, as SUMO)", endTime)
    .option('--sumo <path>', 'SUMO binary (default: $SUMO_BINARY, else sumo on the PATH)')
    .option('--json', 'print one JSON object on stdout (the table\'s figures, every run, the verdict)')
    .action(async (file: string, opts: ValidateOpts, cmd: Command) => {
      checkConfig(file);
      const { validateConfig } = await import('../../../envs/traffic/validate/validateConfig.js');
      const { formatValidation } = await import('../../../envs/traffic/validate/formatValidation.js');
      const quiet = Boolean(opts.json || cmd.optsWithGlobals().quiet);
      const bar = startProgress(2 * opts.seeds, 'validate {bar} {value}/{total} runs | {what}', quiet, { what: 'importing' });
      let report;
      try {
        report = validateConfig(file, {
          seeds: opts.seeds,
          ...(opts.end !== undefined ? { end: opts.end } : {}),
          ...(opts.sumo !== undefined ? { sumo: opts.sumo } : {}),
          onProgress: (done, _total, what) => bar.update(done, { what }),
        });
      } finally {
        bar.stop();
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
      } else {
        if (!quiet) for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
        process.stdout.write(`${formatValidation(report)}\n`);
      }
      if (!report.pass) process.exitCode = 1;
    });
}
