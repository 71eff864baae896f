import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { recordRun } from '../../../renderers/recordRun.js';
import { CliError } from '../CliError.js';
import { envKwargs } from '../envArgs.js';
import { loadEnv } from '../loadEnvs.js';
import { collectSet, intAtLeast } from '../parseArgs.js';

interface RecordOpts {
  env: string;
  import?: string[];
  policy: string;
  seed: number;
  out: string;
  every: number;
  maxSteps?: number;
  config?: string;
  set?: string[];
  json?: boolean;
}

/**
 * `tsgym record --env ID --policy P --seed S --out FILE [--every N] [--max-steps N] [--config FILE]
 * [--set k=v]... [--json]`: runs one episode under RecordEpisode and writes the recording.
 *
 * @example
 * ```ts
 * register(program); // tsgym record --env JobShop-v0 --set instance=ft06 --policy spt --seed 0 --out ft06.json
 * ```
 */
export function register(program: Command): void {
  program
    .command('record')
    .description('run one episode and write a recording for `tsgym view` (.json, or .json.gz to gzip)')
    .requiredOption('--env <id>', 'environment id')
    .requiredOption('--policy <name|dir>', 'baseline policy name or run directory')
    .requiredOption('--out <file>', 'recording file to write (.json or .json.gz)')
    .option('--seed <s>', 'episode seed', intAtLeast('--seed', 0), 0)
    .option('--every <n>', 'env steps between frames', intAtLeast('--every', 1), 1)
    .option('--max-steps <n>', 'stop after n steps (written as unfinished)', intAtLeast('--max-steps', 1))
    .option('--config <file>', 'scenario/config file (JSON or YAML) passed as the env `config` kwarg')
    .option('--set <key=value>', 'env kwarg override, dotted keys (repeatable)', collectSet)
    .option('--json', 'print one JSON object on stdout')
    .option('--import <module>', 'a module that registers envs, imported first: a path or a package name (repeatable)', collectSet)
    .action(async (opts: RecordOpts) => {
      const dir = dirname(resolve(opts.out));
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`Cannot write --out '${opts.out}': folder '${dir}' does not exist`);
      if (!/\.json(\.gz)?$/.test(opts.out)) throw new CliError(`Invalid --out '${opts.out}': expected a .json or .json.gz file name`);
      opts.env = await loadEnv(opts);
      const t0 = performance.now();
      const rec = recordRun({
        env: opts.env,
        kwargs: envKwargs(opts),
        policy: opts.policy,
        seed: opts.seed,
        out: opts.out,
        every: opts.every,
        maxSteps: opts.maxSteps,
      });
      const bytes = statSync(opts.out).size;
      const s = rec.summary;
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({
            out: opts.out, bytes, env: rec.env, policy: rec.policy, seed: rec.seed, steps: s.steps, frames: s.frames,
            totalReward: s.totalReward, terminated: s.terminated, truncated: s.truncated, metrics: s.metrics,
          })}\n`,
        );
        return;
      }
      process.stdout.write(
        `Recorded ${rec.env} with ${rec.policy} (seed ${opts.seed}): ${s.steps} steps, ${s.frames} frames, return ` +
          `${+s.totalReward.toPrecision(6)}, ${(bytes / 1024).toFixed(0)} KiB in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${opts.out}\nView it: ` +
            `tsgym view ${opts.out}\n`,
      );
    });
}
