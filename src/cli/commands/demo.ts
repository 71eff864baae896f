import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';
import { compareReport } from '../../eval/compareReport.js';
import { evaluate } from '../../eval/evaluate.js';
import type { EpisodeResult } from '../../policy/EpisodeResult.js';
import { resolvePolicy } from '../../eval/resolvePolicy.js';
import { barChartSvg } from '../../plot/barChartSvg.js';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import { compareTable } from '../compareOutput.js';
import { spec } from '../../registry/registry.js';
import { loadEnvs } from '../loadEnvs.js';
import { episodeCount, intAtLeast } from '../parseArgs.js';

const ENV = 'TrafficSignal-v0';
const BASELINES = ['fixed-time', 'actuated', 'max-pressure'] as const;
/** The metrics a traffic engineer reads first (SUMO definitions; see docs/traffic.md). */
const KEY_METRICS = ['meanDelay', 'meanWaitingTime', 'meanTravelTime', 'arrived', 'meanStops', 'return'];

/**
 * DQN settings for the demo's short budget on the single intersection (5 s decisions, 720 per hour):
 * sumo-rl's DQN settings (lr 1e-3, train every step, target every 500, 5 % exploration) with gamma 0.9,
 * since the diff-waiting-time reward is dense. 20k steps of this reached a mean delay of 16 s against
 * 29 s for Webster fixed-time and 25 s for max-pressure (3 evaluation seeds).
 */
const DEMO_DQN = {
  numEnvs: 1,
  checkpointEvery: 5_000,
  evalEvery: 0,
  config: {
    learningRate: 1e-3, bufferSize: 50_000, learningStarts: 1_000, batchSize: 64, gamma: 0.9,
    trainFreq: 1, gradientSteps: 1, targetUpdateInterval: 500, explorationFraction: 0.05,
    explorationFinalEps: 0.01, netArch: [64, 64], logInterval: 1_000,
  },
};

interface DemoOpts {
  steps: number;
  episodes: number;
  seed: number;
  out?: string;
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * `tsgym demo` (what `npm start` runs): on the built-in single intersection, train a DQN signal
 * controller briefly, compare it with fixed-time (Webster), actuated and max-pressure control on the same
 * seeds, record one episode of each and print the `tsgym view` command that replays them side by side.
 */
export function register(program: Command): void {
  program
    .command('demo')
    .description('the main job: train a DQN signal controller, compare it with classic control, record episodes to view')
    .option('--steps <n>', 'DQN training steps (5 simulated seconds each)', intAtLeast('--steps', 100), 20_000)
    .option('--episodes <n>', 'evaluation episodes (one simulated hour each) per policy', episodeCount('--episodes', 2), 5)
    .option('--seed <s>', 'training seed; evaluation uses seeds 1000, 1001, ...', intAtLeast('--seed', 0), 0)
    .option('--out <dir>', 'output folder (default runs/demo-DATE)')
    .action(async (opts: DemoOpts, cmd: Command) => {
      const quiet = Boolean(cmd.optsWithGlobals().quiet);
      const say = (s: string): void => {
        process.stdout.write(`${s}\n`);
      };
      await loadEnvs();
      const out = opts.out ?? join('runs', `demo-${stamp()}`);
      mkdirSync(out, { recursive: true });
      const runDir = join(out, 'dqn');
      say(`tsgym demo: ${ENV}, one 4-arm signalized intersection (5 s decisions, 3 s yellow, one simulated hour per episode)`);
      say(`1/3 Training DQN for ${opts.steps} steps into ${runDir} ...`);
      const { runTraining } = await import('../train/runTraining.js');
      const s = await runTraining({ envId: ENV, algo: 'dqn', seed: opts.seed, overrides: [DEMO_DQN], outDir: runDir, steps: opts.steps, quiet });
      const recent = s.recentMeanReturn !== null ? `, recent training return ${s.recentMeanReturn.toFixed(1)}` : '';
      say(`    ${s.numTimesteps} steps in ${s.wallSeconds.toFixed(0)} s on the ${s.backend} backend${recent}`);
      const policies = [...BASELINES, runDir];
      const names = [...BASELINES, 'dqn'];
      const evalSeed = 1000;
      say(`2/3 Evaluating ${names.join(', ')} on the same ${opts.episodes} seeds (${evalSeed}..${evalSeed + opts.episodes - 1}) ...`);
      const results: Record<string, EpisodeResult[]> = {};
      for (const [i, p] of policies.entries()) {
        results[names[i] ?? p] = await evaluate({
          envId: ENV, kwargs: {}, policy: resolvePolicy(p, ENV), episodes: opts.episodes, seed: evalSeed,
          workers: Math.min(availableParallelism(), opts.episodes),
        });
      }
      const rep = compareReport(results);
      say('');
      say(compareTable(rep, spec(ENV).metrics, KEY_METRICS));
      const bars = rep.rows
        .filter((r) => r.metric === 'meanDelay')
        .map((r) => ({ label: r.policy, value: r.summary.mean, low: r.summary.low, high: r.summary.high }));
      const chart = join(out, 'mean-delay.svg');
      writeFileAtomic(chart, barChartSvg(`${ENV}: mean delay per vehicle (s), 95% CI over ${opts.episodes} seeds`, bars, { yLabel: 'mean delay (s)' }));
      writeFileAtomic(join(out, 'compare.json'), `${JSON.stringify({ env: ENV, ...rep, perEpisode: results })}\n`);
      say(`3/3 Recording one episode (seed ${evalSeed}) of each policy ...`);
      const { recordRun } = await import('../../../renderers/recordRun.js');
      const recDir = join(out, 'recordings');
      mkdirSync(recDir, { recursive: true });
      for (const [i, p] of policies.entries()) recordRun({ env: ENV, policy: p, seed: evalSeed, out: join(recDir, `${names[i] ?? 'policy'}.json.gz`) });
      const r = relative(process.cwd(), recDir);
      const rel = r && !r.startsWith('..') ? r : recDir;
      say('');
      say(`Results: ${join(out, 'compare.json')}, chart ${chart}, learning curve ${join(runDir, 'learning-curve.svg')}`);
      say(`Watch the episodes (pick one, or two to compare side by side):`);
      say(`  npx tsgym view ${rel}`);
    });
}
