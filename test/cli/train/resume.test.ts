import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsgym as cli } from '../../helpers/runCli.js';

const tsgym = (args: string[]) => cli(...args);

const SMALL = [
  '--set',
  'checkpointEvery=200',
  '--set',
  'evalEvery=0',
  '--set',
  'config.learningStarts=100',
  '--set',
  'config.trainFreq=4',
  '--set',
  'config.gradientSteps=1',
  '--set',
  'config.netArch=[16]',
  '--set',
  'config.targetUpdateInterval=100',
  '--quiet',
];


describe('tsgym train', () => {
  it('an interrupted run resumed from its checkpoint ends bit-identical to an uninterrupted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-resume-'));
    const full = join(dir, 'full');
    const cut = join(dir, 'cut');
    expect((await tsgym(['train', '--env', 'CartPole-v1', '--algo', 'dqn', '--steps', '700', '--out', full, ...SMALL])).code).toBe(0);
    const first = await tsgym(['train', '--env', 'CartPole-v1', '--algo', 'dqn', '--steps', '700', '--out', cut, '--stop-at', '333', '--json', ...SMALL]);
    expect(first.code).toBe(130); // stopped as by Ctrl-C, with a checkpoint
    expect(JSON.parse(first.stdout)).toMatchObject({ interrupted: true, numTimesteps: 333 });
    const second = await tsgym(['train', '--env', 'CartPole-v1', '--algo', 'dqn', '--resume', cut, '--quiet', '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ interrupted: false, numTimesteps: 700 });
    expect(readFileSync(join(cut, 'final', 'policy.json'), 'utf8')).toBe(readFileSync(join(full, 'final', 'policy.json'), 'utf8'));
    expect(readFileSync(join(cut, 'episodes.csv'), 'utf8')).toBe(readFileSync(join(full, 'episodes.csv'), 'utf8'));
    // the run directory holds what the docs promise
    const promised = ['config.json', 'metrics.jsonl', 'learning-curve.svg', 'final/model.json', 'final/config.json', 'final/model-info.json',
      'checkpoints/last'];
    for (const f of promised) {
      expect(() => readFileSync(join(full, f.endsWith('last') ? `${f}/env-state.json` : f))).not.toThrow();
    }
    // a trained run is a policy for eval
    const ev = await tsgym(['eval', '--env', 'CartPole-v1', '--policy', full, '--episodes', '2', '--json']);
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.stdout).perEpisode).toHaveLength(2);
  }, 120_000); // three CLI runs and an eval

  it.each([
    ['TrafficSignal-v0', 'envKwargs.numSeconds=300'],
    ['FactoryLine-v0', 'envKwargs.horizon=1500'],
  ])('%s: a run interrupted mid-episode and resumed ends bit-identical to an uninterrupted one (domain env snapshots)', async (env, kw) => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-resume-'));
    const small = [
      '--set',
      kw,
      '--set',
      'checkpointEvery=100',
      '--set',
      'evalEvery=0',
      '--set',
      'config.learningStarts=50',
      '--set',
      'config.trainFreq=4',
      '--set',
      'config.netArch=[16]',
      '--set',
      'config.targetUpdateInterval=50',
      '--set',
      'config.batchSize=16',
      '--quiet',
    ];
    const full = join(dir, 'full');
    const cut = join(dir, 'cut');
    expect((await tsgym(['train', '--env', env, '--algo', 'dqn', '--steps', '400', '--out', full, ...small])).code).toBe(0);
    expect((await tsgym(['train', '--env', env, '--algo', 'dqn', '--steps', '400', '--out', cut, '--stop-at', '170', ...small])).code).toBe(130);
    const state = JSON.parse(readFileSync(join(cut, 'checkpoints', 'last', 'env-state.json'), 'utf8')) as { numTimesteps: number; env: unknown };
    expect(state.numTimesteps).toBe(170);
    expect(state.env).not.toBeNull(); // the env state was saved, not refused
    const second = await tsgym(['train', '--env', env, '--algo', 'dqn', '--resume', cut, '--quiet', '--json']);
    expect(second.code).toBe(0);
    for (const f of ['final/policy.json', 'episodes.csv', 'checkpoints/last/env-state.json'])
      expect(readFileSync(join(cut, f), 'utf8'), f).toBe(readFileSync(join(full, f), 'utf8'));
    // episodes ended on both sides of the cut (300 s / 5 s = 60 steps per traffic episode; the line's 1500 s horizon is shorter still)
    expect(readFileSync(join(full, 'episodes.csv'), 'utf8').trim().split('\n').length - 1).toBeGreaterThan(4);
  }, 180_000); // three CLI runs

  it('refuses bad configs naming the key, and an existing run directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-train-'));
    const bad = await tsgym(['train', '--env', 'CartPole-v1', '--algo', 'dqn', '--steps', '10', '--out', join(dir, 'a'), '--set', 'config.learningRate=-1']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/config\.learningRate/);
    const unknown = await tsgym(['train', '--env', 'CartPole-v1', '--algo', 'dqn', '--steps', '10', '--out', join(dir, 'b'), '--set', 'config.lr=3']);
    expect(unknown.stderr).toMatch(/unknown key 'lr'/);
    const algo = await tsgym(['train', '--env', 'CartPole-v1', '--algo', 'sarsa']);
    expect(algo.stderr).toMatch(/--algo 'sarsa': expected one of dqn, ppo, a2c, reinforce, sac, td3/);
    const steps = await tsgym(['train', '--env', 'CartPole-v1', '--algo', 'dqn', '--steps', '-5']);
    expect(steps.stderr).toMatch(/--steps '-5'/);
    mkdirSync(join(dir, 'busy'));
    writeFileSync(join(dir, 'busy', 'keep.txt'), 'precious');
    const busy = await tsgym(['train', '--env', 'CartPole-v1', '--algo', 'dqn', '--steps', '10', '--out', join(dir, 'busy')]);
    expect(busy.stderr).toMatch(/already holds files/);
    expect(readFileSync(join(dir, 'busy', 'keep.txt'), 'utf8')).toBe('precious');
  });
});
