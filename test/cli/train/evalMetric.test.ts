import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsgym } from '../../helpers/runCli.js';

/** The first seed of the training evaluations (docs/agents.md). */
const EVAL_SEED = '2000000000';

// a short TrafficSignal-v0 (5-minute episodes of 60 decisions), PPO evaluated every 240 decisions on 2 episodes
const SMALL = [
  '--algo', 'ppo', '--eval-every', '240', '--eval-episodes', '2', '--set', 'envKwargs.numSeconds=300',
  '--set', 'numEnvs=2', '--set', 'config.numSteps=60', '--set', 'config.netArch=[16]', '--quiet',
];

async function meanDelay(policy: string): Promise<number> {
  const r = await tsgym('eval', '--env', 'TrafficSignal-v0', '--set', 'numSeconds=300', '--policy', policy, '--episodes', '2', '--seed', EVAL_SEED,
    '--workers', '1', '--json');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { metrics: { meanDelay: { mean: number } } }).metrics.meanDelay.mean;
}

describe('tsgym train --eval-metric: the best model by an info.metrics value', () => {
  it('keeps the model with the lowest mean delay over the evaluations (the final one included)', async () => {
    const run = join(mkdtempSync(join(tmpdir(), 'tsgym-evalmetric-')), 'run');
    const r = await tsgym('train', '--env', 'TrafficSignal-v0', '--steps', '1200', '--seed', '1', '--out', run, ...SMALL, '--eval-metric', 'meanDelay');
    expect(r.code, r.stderr).toBe(0);
    const evals = readFileSync(join(run, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"eval"'))
      .map((l) => JSON.parse(l) as { step: number; score: number });
    expect(evals.map((e) => e.step)).toEqual([240, 480, 720, 960, 1200]);
    const best = JSON.parse(readFileSync(join(run, 'best', 'model-info.json'), 'utf8')) as { step: number };
    // the kept model is the first of the highest scores (score = minus the mean delay)
    const top = Math.max(...evals.map((e) => e.score));
    expect(best.step).toBe(evals.find((e) => e.score === top)?.step);
    // independent of the training process: tsgym eval on the evaluation seeds gives those delays, best <= final
    const dBest = await meanDelay(run);
    const dFinal = await meanDelay(join(run, 'final'));
    expect(dBest).toBeCloseTo(-top, 6);
    expect(dBest).toBeLessThanOrEqual(dFinal);
  }, 180_000);

  it('names a metric the env does not report, and the ones it does', async () => {
    const run = join(mkdtempSync(join(tmpdir(), 'tsgym-evalmetric-')), 'run');
    const r = await tsgym('train', '--env', 'TrafficSignal-v0', '--steps', '240', '--seed', '1', '--out', run, ...SMALL, '--eval-metric', 'meanDelai');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/evalMetric 'meanDelai': TrafficSignal-v0 reports no finite info\.metrics\.meanDelai .*meanDelay/);
  }, 120_000);
});
