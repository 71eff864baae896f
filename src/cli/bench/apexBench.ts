import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFigure } from '../../bench/types.js';
import '../../vector/BusyStepEnv.js';
import { runTraining } from '../train/runTraining.js';

/** The latency-bound env of the measurement: BusyStep-v0 steps that wait 2 ms with the core free, episodes of 50-100 steps. */
export const SLEEPY_KWARGS = { stepUs: 2000, episodeLength: 100, wait: 'sleep' } as const;

/** Seconds of one DQN run on BusyStep-v0 with its actors on the workers of `queue`, `actorLag` rounds ahead. */
async function dqnRun(url: string, queue: string, actorLag: number, steps: number, dir: string): Promise<number> {
  const out = join(dir, `lag${actorLag}-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  await runTraining({
    envId: 'BusyStep-v0', algo: 'dqn', seed: 1, steps, outDir: out, quiet: true, collectOn: { redis: url, queue },
    overrides: [{
      numEnvs: 2, evalEvery: 0, checkpointEvery: 1_000_000, envKwargs: SLEEPY_KWARGS,
      config: { learningStarts: 0, trainFreq: 50, gradientSteps: 48, batchSize: 64, netArch: [64, 64], actorLag },
    }],
  });
  const s = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  return s;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/**
 * Wall time of DQN training with its actors on `tsgym worker` processes (those of `queue`, at least 2),
 * on the latency-bound BusyStep-v0: actors and learner taking turns (`actorLag` 0) against actors one round
 * ahead (`actorLag` 1, the default), in alternating rounds. Each round of the run is 2 actor jobs of 50
 * steps (about 0.2 s of waiting env steps with the episode replay) and 48 gradient steps of a 64-64 MLP on
 * batches of 64.
 *
 * @example
 * ```ts
 * const figures = await apexFigures(redis.url, 'apex', { quick: true });
 * ```
 */
export async function apexFigures(url: string, queue: string, o: { quick: boolean }): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tsgym-apex-bench-'));
  const steps = o.quick ? 1000 : 2000;
  const rounds = o.quick ? 1 : 3;
  try {
    await dqnRun(url, queue, 1, 200, dir); // warm-up: the workers build the env, the backend starts
    const times: [number[], number[]] = [[], []];
    for (let r = 0; r < rounds; r++) for (const lag of [0, 1]) times[lag]?.push(await dqnRun(url, queue, lag, steps, dir));
    const [sync, piped] = [median(times[0]), median(times[1])];
    const what = `DQN on BusyStep-v0 in sleep mode (2 ms steps), ${steps} steps: 2 actors x rounds of 50 steps on 2 tsgym worker processes, ` +
      `48 gradient steps (64-64 MLP, batch 64) per round, median of ${rounds}`;
    return [
      { key: 'dqnTurnsSeconds', value: sync, unit: 's', scenario: `${what}; actors and learner take turns (actorLag 0)` },
      { key: 'dqnPipelinedSeconds', value: piped, unit: 's', scenario: `${what}; actors one round ahead of the learner (actorLag 1)` },
      {
        key: 'dqnPipelineSpeedup', value: sync / piped, unit: 'x',
        scenario: 'actorLag 1 over actorLag 0 (ideal: (actors + learner) / max(actors, learner) per round, 2 when equal)',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
