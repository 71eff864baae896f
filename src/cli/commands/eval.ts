import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { evaluate } from '../../eval/evaluate.js';
import { resolvePolicy } from '../../eval/resolvePolicy.js';
import { compareReport } from '../../eval/compareReport.js';
import type { EpisodeResult } from '../../policy/EpisodeResult.js';
import { CliError } from '../CliError.js';
import { loadEnv } from '../loadEnvs.js';
import { episodeCount } from '../parseArgs.js';
import { addEvalOptions, envKwargs } from '../envArgs.js';
import { listOption } from '../parseArgs.js';
import { startProgress } from '../progress.js';
import { evalTable } from '../compareOutput.js';
import { hcmLos, hcmTable } from '../hcmOutput.js';
import { checkMetricNames } from '../../eval/metricCatalog.js';
import { spec } from '../../registry/registry.js';

interface EvalOpts {
  env: string;
  import?: string[];
  policy: string;
  episodes: number;
  seed: number;
  workers?: number;
  redis?: string;
  queue?: string;
  config?: string;
  set?: string[];
  json?: boolean;
  quiet?: boolean;
  live?: boolean;
  open?: boolean;
  metrics?: string;
}

/**
 * `--live`: plays the episodes one after the other in this thread under RecordEpisode, streaming every
 * frame over the view server's WebSocket to the open viewer; returns what each episode scored.
 */
async function evaluateLive(opts: EvalOpts, kwargs: Record<string, unknown>): Promise<EpisodeResult[]> {
  const { startViewServer, openViewer } = await import('../../../renderers/server/index.js');
  const { recordRun } = await import('../../../renderers/recordRun.js');
  const server = await startViewServer({ recordings: [] });
  const url = `${server.url}?live=1`;
  process.stderr.write(`tsgym: live viewer at ${url}\n`);
  if (opts.open !== false) openViewer(url);
  const out: EpisodeResult[] = [];
  try {
    for (let i = 0; i < opts.episodes; i++) {
      const rec = recordRun({ env: opts.env, kwargs, policy: opts.policy, seed: opts.seed + i, live: server.live });
      const s = rec.summary;
      out.push({ episode: i, seed: opts.seed + i, return: s.totalReward, length: s.steps, metrics: s.metrics ?? {} });
    }
  } finally {
    await server.close();
  }
  return out;
}

/** `tsgym eval --env ID --policy NAME|DIR [--episodes N] [--seed S] [--workers K] [--config FILE] [--set k=v]... [--json]`. */
export function register(program: Command): void {
  addEvalOptions(program
    .command('eval')
    .description('evaluate a baseline policy or a trained run over seeded episodes (seed, seed+1, ...)')
    .requiredOption('--env <id>', 'environment id (see tsgym list)')
    .requiredOption('--policy <name|dir>', 'baseline policy name, a run directory written by tsgym train, or ensemble:DIR1,DIR2,...')
    .option('--episodes <n>', 'number of episodes', episodeCount('--episodes', 1), 10))
    .option('--metrics <list>', 'comma-separated metrics for the table (default: all domain metrics, main first; JSON always has all)')
    .option('--live', 'stream the episodes (played one by one) to the browser viewer as they run')
    .option('--no-open', 'with --live: print the viewer URL instead of opening the browser')
    .action(async (opts: EvalOpts, cmd: Command) => {
      opts.env = await loadEnv(opts);
      if (opts.live && opts.redis !== undefined) throw new CliError('--live plays the episodes here, one by one: it does not take --redis');
      const kwargs = envKwargs(opts);
      const policy = resolvePolicy(opts.policy, opts.env);
      const catalog = spec(opts.env).metrics;
      const metrics = listOption(opts.metrics);
      if (metrics !== undefined) checkMetricNames(metrics, catalog, '--metrics', opts.env);
      const quiet = Boolean(opts.json || cmd.optsWithGlobals().quiet);
      const bar = startProgress(opts.episodes, `eval ${opts.policy} {bar} {value}/{total} episodes | ETA {eta_formatted}`, quiet || Boolean(opts.live));
      const results = opts.live ? await evaluateLive(opts, kwargs) : await evaluate({
        envId: opts.env, kwargs, policy, episodes: opts.episodes, seed: opts.seed,
        workers: opts.workers ?? Math.min(availableParallelism(), opts.episodes),
        ...(opts.redis !== undefined ? { redis: opts.redis, queue: opts.queue } : {}),
        onProgress: (d) => bar.update(d),
      });
      bar.stop();
      const rep = compareReport({ [opts.policy]: results });
      const summary = Object.fromEntries(rep.rows.map((r) => [r.metric, { mean: r.summary.mean, std: r.summary.std, ci95: [r.summary.low, r.summary.high] }]));
      const ret = summary.return;
      const len = summary.length;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({
          env: opts.env, policy: opts.policy, episodes: opts.episodes, seed: opts.seed, kwargs,
          meanReturn: ret?.mean, stdReturn: ret?.std, meanLength: len?.mean, stdLength: len?.std,
          metrics: summary, los: hcmLos(rep)[opts.policy], perEpisode: results,
        })}\n`);
        return;
      }
      process.stdout.write(`${opts.env}, policy ${opts.policy}, ${opts.episodes} episodes from seed ${opts.seed}\n`);
      process.stdout.write(evalTable(rep, catalog, metrics) + hcmTable(rep));
    });
}
