/**
 * Model selection on validation seeds: for each DQN run directory, evaluates every checkpoint
 * (`RUN/checkpoints/step-N`) greedily on validation episodes whose seeds are disjoint from the test seeds,
 * with the env kwargs the run was trained with, and writes the best one as `OUT/<run name>/policy.json`
 * (a policy `tsgym eval` / `tsgym compare` read like a run directory) beside `selection.json` (every
 * checkpoint's validation score). The score is an episode metric (default `meanDelay`, lower is better);
 * a checkpoint with vehicles left waiting to enter (`pending` > 0) in any validation episode is never
 * selected, because `meanDelay` counts arrived vehicles only and a gridlocking policy scores low on it.
 *
 * This is SB3's EvalCallback "best model" done after training: the test seeds stay unseen.
 *
 * ```sh
 * node dist/examples/selectCheckpoint.js --out runs/tsig/best --seed 2000 --episodes 5 runs/tsig/long4-s0 runs/tsig/long4-s1
 * npx tsgym compare --env TrafficSignal-v0 --config examples/configs/trafficSignalPeak.scenario.json \\
 *   --policies fixed-time,runs/tsig/best/long4-s0,... --episodes 5 --seed 1000
 * ```
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import '../envs/index.js';
import { writeFileAtomic } from '../src/io/writeFileAtomic.js';
import { DQN } from '../agents/index.js';
import { InvalidConfig, make, MlpPolicy, runEpisode } from '../src/index.js';

interface Args {
  out: string;
  seed: number;
  episodes: number;
  metric: string;
  runs: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { out: 'runs/selected', seed: 2000, episodes: 5, metric: 'meanDelay', runs: [] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new InvalidConfig(`selectCheckpoint: ${k} needs a value`);
      return x;
    };
    if (k === '--out') a.out = v();
    else if (k === '--seed') a.seed = Number(v());
    else if (k === '--episodes') a.episodes = Number(v());
    else if (k === '--metric') a.metric = v();
    else if (k.startsWith('--')) throw new InvalidConfig(`selectCheckpoint: unknown option '${k}' (expected --out, --seed, --episodes, --metric)`);
    else a.runs.push(k);
  }
  if (!Number.isInteger(a.seed) || !Number.isInteger(a.episodes) || a.episodes < 1)
    throw new InvalidConfig(`selectCheckpoint: --seed and --episodes must be integers, episodes >= 1 (got ${a.seed}, ${a.episodes})`);
  if (a.runs.length === 0) throw new InvalidConfig('selectCheckpoint: expected one or more DQN run directories');
  return a;
}

interface Score {
  checkpoint: string;
  step: number;
  score: number;
  pendingMax: number;
}

async function scoreCheckpoint(
  dir: string,
  envId: string,
  kwargs: Record<string, unknown>,
  args: Args,
): Promise<{ score: number; pendingMax: number; network: unknown }> {
  const agent = await DQN.load(dir);
  const network = agent.exportPolicy();
  agent.dispose();
  const policy = new MlpPolicy(network, { deterministic: true });
  const env = make(envId, kwargs);
  let sum = 0;
  let pendingMax = 0;
  for (let e = 0; e < args.episodes; e++) {
    const r = runEpisode(env, policy, args.seed + e, { episode: e });
    const m = r.metrics[args.metric];
    if (m === undefined) throw new InvalidConfig(`selectCheckpoint: ${envId} reports no metric '${args.metric}' (has ${Object.keys(r.metrics).join(', ')})`);
    sum += m;
    pendingMax = Math.max(pendingMax, r.metrics.pending ?? 0);
  }
  env.close();
  return { score: sum / args.episodes, pendingMax, network };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  for (const run of args.runs) {
    const cfg = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as { envId: string; algo: string; train: { envKwargs?: Record<string, unknown> } };
    if (cfg.algo !== 'dqn') throw new InvalidConfig(`selectCheckpoint: ${run} is a '${cfg.algo}' run, expected dqn`);
    const ckDir = join(run, 'checkpoints');
    const steps = readdirSync(ckDir).filter((d) => /^step-\d+$/.test(d)).sort((x, y) => Number(x.slice(5)) - Number(y.slice(5)));
    const scores: Score[] = [];
    let best: { score: number; step: number; network: unknown } | undefined;
    for (const s of steps) {
      const r = await scoreCheckpoint(join(ckDir, s), cfg.envId, cfg.train.envKwargs ?? {}, args);
      const step = Number(s.slice(5));
      scores.push({ checkpoint: s, step, score: r.score, pendingMax: r.pendingMax });
      if (r.pendingMax === 0 && (best === undefined || r.score < best.score)) best = { score: r.score, step, network: r.network };
    }
    if (best === undefined) throw new InvalidConfig(`selectCheckpoint: no checkpoint of ${run} kept pending at 0 on the validation seeds`);
    const out = join(args.out, basename(run));
    mkdirSync(out, { recursive: true });
    const write = (name: string, data: unknown): void => {
      writeFileAtomic(join(out, name), `${JSON.stringify(data, null, 2)}\n`);
    };
    write('policy.json', best.network);
    write('selection.json', {
      run,
      envId: cfg.envId,
      metric: args.metric,
      validationSeeds: [args.seed, args.seed + args.episodes - 1],
      selected: best.step,
      scores,
    });
    console.log(
      `${run}: step ${best.step} (${args.metric} ${best.score.toFixed(2)} on seeds ` +
        `${args.seed}-${args.seed + args.episodes - 1}) -> ${join(out, 'policy.json')}`,
    );
  }
}

await main();
