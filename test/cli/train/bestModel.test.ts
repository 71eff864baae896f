import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsgym } from '../../helpers/runCli.js';

/** The first seed of the training evaluations (documented in docs/agents.md). */
const EVAL_SEED = '2000000000';

// a PPO whose greedy policy changes from update to update within 2048 steps, evaluated every 384 steps (3 updates of 4 x 32) on 3 episodes
const SMALL = [
  '--algo', 'ppo', '--eval-every', '384', '--eval-episodes', '3',
  '--set', 'numEnvs=4', '--set', 'config.numSteps=32', '--set', 'config.netArch=[32]', '--set', 'checkpointEvery=512', '--quiet',
];

function evals(run: string): { step: number; meanReturn: number }[] {
  const lines = readFileSync(join(run, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"eval"'));
  return lines.map((l) => JSON.parse(l) as { step: number; meanReturn: number });
}

async function evalMean(policy: string): Promise<number> {
  const r = await tsgym('eval', '--env', 'CartPole-v1', '--policy', policy, '--episodes', '3', '--seed', EVAL_SEED, '--workers', '1', '--json');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { meanReturn: number }).meanReturn;
}

describe('tsgym train: periodic evaluation and the best model', () => {
  it('keeps best/ (the first argmax of the evaluations) beside final/; eval --policy RUN runs best/, RUN/final the final model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-best-'));
    const run = join(dir, 'run');
    const r = await tsgym('train', '--env', 'CartPole-v1', '--steps', '2048', '--seed', '3', '--out', run, ...SMALL, '--json');
    expect(r.code, r.stderr).toBe(0);
    const e = evals(run);
    // every 384 steps, then once more for the final model at 2048
    expect(e.map((x) => x.step)).toEqual([384, 768, 1152, 1536, 1920, 2048]);
    const max = Math.max(...e.map((x) => x.meanReturn));
    const argmax = e.find((x) => x.meanReturn === max)?.step;
    const info = JSON.parse(readFileSync(join(run, 'best', 'model-info.json'), 'utf8')) as { which: string; step: number; eval: { meanReturn: number } };
    expect(info).toMatchObject({ which: 'best', step: argmax, eval: { meanReturn: max } });
    const summary = JSON.parse(r.stdout) as { best: { step: number; meanReturn: number; dir: string }; final: { step: number; meanReturn: number } };
    expect(summary.best).toEqual({ dir: join(run, 'best'), step: argmax, meanReturn: max });
    expect(summary.final).toMatchObject({ step: 2048, meanReturn: e.at(-1)?.meanReturn });
    // independent of the training process: the exported networks, run by `tsgym eval` on the evaluation seeds, score what the evaluations recorded
    expect(await evalMean(run)).toBeCloseTo(max, 6);
    expect(await evalMean(join(run, 'final'))).toBeCloseTo(e.at(-1)?.meanReturn ?? Number.NaN, 6);
    // the learning had something to select from
    expect(max).toBeGreaterThan(Math.min(...e.map((x) => x.meanReturn)));
  }, 120_000);

  it('a run interrupted and resumed keeps the same best model as an uninterrupted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-best-'));
    const full = join(dir, 'full');
    const cut = join(dir, 'cut');
    expect((await tsgym('train', '--env', 'CartPole-v1', '--steps', '2048', '--seed', '3', '--out', full, ...SMALL)).code).toBe(0);
    // stopped after 8 updates of 128 steps, between the evaluations at 768 and 1152
    expect((await tsgym('train', '--env', 'CartPole-v1', '--steps', '2048', '--seed', '3', '--out', cut, '--stop-at', '1024', ...SMALL)).code).toBe(130);
    expect(existsSync(join(cut, 'final', 'policy.json'))).toBe(true);
    expect((await tsgym('train', '--env', 'CartPole-v1', '--algo', 'ppo', '--resume', cut, '--quiet')).code).toBe(0);
    for (const f of ['best/policy.json', 'best/model-info.json', 'final/policy.json', 'episodes.csv'])
      expect(readFileSync(join(cut, f), 'utf8'), f).toBe(readFileSync(join(full, f), 'utf8'));
    expect(evals(cut)).toEqual(evals(full).map((x) => expect.objectContaining(x)));
  }, 120_000);
});
