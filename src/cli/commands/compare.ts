import type { Command } from 'commander';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { evaluate } from '../../eval/evaluate.js';
import { resolvePolicy } from '../../eval/resolvePolicy.js';
import { compareReport } from '../../eval/compareReport.js';
import type { EpisodeResult } from '../../policy/EpisodeResult.js';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import { barChartSvg } from '../../plot/barChartSvg.js';
import { CliError } from '../CliError.js';
import { loadEnv } from '../loadEnvs.js';
import { episodeCount, listOption } from '../parseArgs.js';
import { checkMetricNames, defaultMetric, metricInfo } from '../../eval/metricCatalog.js';
import { spec } from '../../registry/registry.js';
import { addEvalOptions, envKwargs } from '../envArgs.js';
import { startProgress } from '../progress.js';
import { compareCsv, compareTable } from '../compareOutput.js';
import { hcmLos, hcmTable } from '../hcmOutput.js';
import { backendTable, runBackendCompare } from '../backendCompare.js';

interface CompareOpts {
  env: string;
  import?: string[];
  policies: string;
  episodes: number;
  seed: number;
  workers?: number;
  redis?: string;
  queue?: string;
  config?: string;
  set?: string[];
  json?: boolean;
  csv?: string | boolean;
  chart?: string;
  metric?: string;
  metrics?: string;
  backends?: string;
}

/** Refuses, before any episode runs, an output path that cannot be written: under a file, or a folder itself. */
function checkOutputPath(flag: string, file: string): void {
  if (existsSync(file) && statSync(file).isDirectory()) throw new CliError(`Invalid ${flag} '${file}': it is a directory, expected a file`);
  let d = dirname(resolve(file));
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  if (!statSync(d).isDirectory()) throw new CliError(`Invalid ${flag} '${file}': '${d}' is a file, not a directory`);
}

function writeAtomic(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, text);
  } catch (e) {
    throw new CliError(`Cannot write '${file}': ${(e as Error).message}; any previous file there is unchanged`);
  }
}

/** `tsgym compare --env ID --policies A,B,... [--episodes N] [--seed S] [--workers K] [--json] [--csv [FILE]] [--chart FILE]`. */
export function register(program: Command): void {
  addEvalOptions(
    program
      .command('compare')
      .description('run several policies on the same seeds: means, 95% CIs and paired differences against the first')
      .requiredOption('--env <id>', 'environment id')
      .requiredOption(
        '--policies <list>',
        'comma-separated policy names or run directories (ensemble:DIR1+DIR2 for an ensemble); the first is the baseline of the differences',
      )
      .option('--episodes <n>', 'episodes per policy', episodeCount('--episodes', 2), 10),
  )
    .option('--csv [file]', 'write CSV (to stdout when no file is given)')
    .option('--chart <file>', 'write an SVG bar chart of one metric with 95% CI whiskers')
    .option('--metric <name>', "metric for --chart (default: the env's main metric: meanDelay for traffic, makespan or meanTardiness for factories)")
    .option('--metrics <list>', 'comma-separated metrics for the table (default: all domain metrics, main first; JSON always has all)')
    .option('--backends <a,b>', 'sim-to-sim: run every policy in both simulators (env kwarg backend, e.g. tsgym,sumo) and compare them per metric')
    .action(async (opts: CompareOpts, cmd: Command) => {
      opts.env = await loadEnv(opts);
      const names = opts.policies
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (names.length < 1) throw new CliError(`Invalid --policies '${opts.policies}': expected a comma-separated list such as fixed-time,max-pressure`);
      if (new Set(names).size !== names.length) throw new CliError(`Invalid --policies '${opts.policies}': a policy is listed twice`);
      const kwargs = envKwargs(opts);
      // inside a comma-separated list an ensemble joins its members with '+'
      const specs = names.map((n) => resolvePolicy(n.startsWith('ensemble:') ? n.replace(/\+/g, ',') : n, opts.env));
      const catalog = spec(opts.env).metrics;
      const tableMetrics = listOption(opts.metrics);
      if (tableMetrics !== undefined) checkMetricNames(tableMetrics, catalog, '--metrics', opts.env);
      if (opts.metric !== undefined) checkMetricNames([opts.metric], catalog, '--metric', opts.env);
      const quiet = Boolean(opts.json || opts.csv === true || cmd.optsWithGlobals().quiet);
      if (opts.backends !== undefined) {
        if (opts.redis !== undefined) throw new CliError('--backends runs on local threads: it does not take --redis');
        if (opts.csv !== undefined || opts.chart !== undefined)
          throw new CliError('--backends prints its own table (or --json); --csv and --chart compare policies within one backend');
        const { report, results } = await runBackendCompare({
          env: opts.env,
          kwargs,
          names,
          specs,
          backends: opts.backends,
          episodes: opts.episodes,
          seed: opts.seed,
          ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
          quiet,
        });
        if (opts.json)
          process.stdout.write(`${JSON.stringify({ env: opts.env, kwargs, episodes: opts.episodes, seed: opts.seed, ...report, perEpisode: results })}\n`);
        else process.stdout.write(`${opts.env}: ${names.join(', ')} in ${report.backends.join(' and ')}\n${backendTable(report)}`);
        return;
      }
      if (opts.chart !== undefined) checkOutputPath('--chart', opts.chart);
      if (typeof opts.csv === 'string') checkOutputPath('--csv', opts.csv);
      const total = names.length * opts.episodes;
      const bar = startProgress(total, `compare {bar} {value}/{total} episodes | {policy} | ETA {eta_formatted}`, quiet, { policy: names[0] ?? '' });
      const results: Record<string, EpisodeResult[]> = {};
      for (const [i, name] of names.entries()) {
        results[name] = await evaluate({
          envId: opts.env,
          kwargs,
          policy: specs[i] ?? name,
          episodes: opts.episodes,
          seed: opts.seed,
          workers: opts.workers ?? Math.min(availableParallelism(), opts.episodes),
          ...(opts.redis !== undefined ? { redis: opts.redis, queue: opts.queue } : {}),
          onProgress: (d) => bar.update(i * opts.episodes + d, { policy: name }),
        });
      }
      bar.stop();
      const rep = compareReport(results);
      if (opts.chart) {
        const metric = opts.metric ?? defaultMetric(rep.metrics, catalog);
        if (!rep.metrics.includes(metric)) throw new CliError(`Unknown --metric '${metric}': expected one of ${rep.metrics.join(', ')}`);
        const bars = rep.rows
          .filter((r) => r.metric === metric)
          .map((r) => ({ label: r.policy, value: r.summary.mean, low: r.summary.low, high: r.summary.high }));
        const info = metricInfo(metric, catalog);
        const what = info ? `${info.label}${info.unit ? ` (${info.unit})` : ''}` : metric;
        writeAtomic(opts.chart, barChartSvg(`${opts.env}: ${what}, mean and 95% CI over ${opts.episodes} seeds`, bars, { yLabel: what }));
      }
      if (typeof opts.csv === 'string') writeAtomic(opts.csv, compareCsv(rep));
      if (opts.json) {
        const json = { env: opts.env, kwargs, episodes: opts.episodes, seed: opts.seed, ...rep, los: hcmLos(rep), perEpisode: results };
        process.stdout.write(`${JSON.stringify(json)}\n`);
      } else if (opts.csv === true) {
        process.stdout.write(compareCsv(rep));
      } else {
        process.stdout.write(`${opts.env}: ${names.join(' vs ')}\n${compareTable(rep, catalog, tableMetrics)}${hcmTable(rep)}`);
      }
    });
}
