import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsgym } from '../helpers/runCli.js';

describe('tsgym CLI (compiled dist/)', () => {
  it('list --json lists the classic envs with their spaces and policies', async () => {
    const r = await tsgym('list', '--json');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { envs: { id: string; actionSpace: string; maxEpisodeSteps: number }[]; policies: { name: string }[] };
    const cp = data.envs.find((e) => e.id === 'CartPole-v1');
    expect(cp?.actionSpace).toBe('Discrete(2)');
    expect(cp?.maxEpisodeSteps).toBe(500);
    expect(data.policies.map((p) => p.name)).toContain('random');
  });

  it('eval of the CartPole controller reports mean return 500 as one JSON object', async () => {
    const r = await tsgym('eval', '--env', 'CartPole-v1', '--policy', 'pd', '--episodes', '10', '--seed', '0', '--json');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const data = JSON.parse(lines[0] ?? '{}') as { meanReturn: number; perEpisode: { seed: number }[] };
    expect(data.meanReturn).toBe(500);
    expect(data.perEpisode.map((e) => e.seed)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('eval gives the same episodes whatever the worker count', async () => {
    const a = JSON.parse(
      (await tsgym('eval', '--env', 'CartPole-v1', '--policy', 'random', '--episodes', '6', '--seed', '3', '--workers', '1', '--json')).stdout,
    );
    const b = JSON.parse(
      (await tsgym('eval', '--env', 'CartPole-v1', '--policy', 'random', '--episodes', '6', '--seed', '3', '--workers', '2', '--json')).stdout,
    );
    expect(b.perEpisode).toEqual(a.perEpisode);
  });

  it('bad flags and ids give one clear line on stderr and a non-zero exit', async () => {
    const unknownEnv = await tsgym('eval', '--env', 'CartPol-v1', '--policy', 'pd');
    expect(unknownEnv.code).not.toBe(0);
    expect(unknownEnv.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknownEnv.stderr).toMatch(/'CartPol-v1'.*Did you mean: CartPole-v1/);
    const negative = await tsgym('eval', '--env', 'CartPole-v1', '--policy', 'pd', '--episodes', '-5');
    expect(negative.code).not.toBe(0);
    expect(negative.stderr).toMatch(/--episodes '-5': expected an integer >= 1/);
    const badPolicy = await tsgym('eval', '--env', 'CartPole-v1', '--policy', 'nosuch');
    expect(badPolicy.stderr).toMatch(/Unknown policy 'nosuch'.*pd/);
    const badSet = await tsgym('eval', '--env', 'CartPole-v1', '--policy', 'pd', '--set', 'gravity=9.8', '--episodes', '1');
    expect(badSet.code).not.toBe(0);
    expect(badSet.stderr).toMatch(/gravity/);
    expect(badSet.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  });

  it('compare writes a CSV and an SVG chart with one bar per policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-cmp-'));
    const r = await tsgym(
      'compare',
      '--env',
      'CartPole-v1',
      '--policies',
      'random,pd',
      '--episodes',
      '4',
      '--csv',
      join(dir, 'c.csv'),
      '--chart',
      join(dir, 'c.svg'),
      '--metric',
      'return',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/diff vs random/);
    const csv = readFileSync(join(dir, 'c.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^metric,policy,n,mean/);
    const pdReturn = csv.find((l) => l.startsWith('return,pd,'));
    expect(pdReturn?.split(',')[3]).toBe('500');
    expect(readFileSync(join(dir, 'c.svg'), 'utf8').match(/class="bar"/g)).toHaveLength(2);
  });

  it('a --config file that is not an object is refused naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-cfg-'));
    const f = join(dir, 'bad.json');
    writeFileSync(f, '[1, 2]');
    const r = await tsgym('eval', '--env', 'CartPole-v1', '--policy', 'pd', '--config', f);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('bad.json');
    expect(r.stderr).toMatch(/must hold an object/);
  });

  it('--config FILE fills the env scenario kwarg: a dumped built-in scenario gives the same episodes as naming it', async () => {
    const { BUILTIN_SCENARIOS } = await import('../../envs/factory/scenarios.js');
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-cfg-'));
    const f = join(dir, 'serial5.json');
    writeFileSync(f, JSON.stringify(BUILTIN_SCENARIOS.serial5));
    const byFile = await tsgym('eval', '--env', 'FactoryLine-v0', '--config', f, '--policy', 'fifo', '--episodes', '2', '--json');
    const byName = await tsgym('eval', '--env', 'FactoryLine-v0', '--set', 'scenario=serial5', '--policy', 'fifo', '--episodes', '2', '--json');
    expect(byFile.code).toBe(0);
    const a = JSON.parse(byFile.stdout) as { perEpisode: { metrics: { throughput: number } }[] };
    expect(a.perEpisode[0]?.metrics.throughput).toBeGreaterThan(0);
    expect(a.perEpisode).toEqual(JSON.parse(byName.stdout).perEpisode);
  });

  it('eval --live streams episodes through the view server and scores them exactly as the worker pool does', async () => {
    const args = ['eval', '--env', 'TrafficSignal-v0', '--set', 'numSeconds=300', '--policy', 'max-pressure', '--episodes', '2', '--json'];
    const live = await tsgym(...args, '--live', '--no-open');
    expect(live.code).toBe(0);
    expect(live.stderr).toMatch(/live viewer at http:\/\/127\.0\.0\.1:\d+\/\?live=1/);
    const pool = await tsgym(...args);
    expect(JSON.parse(live.stdout).perEpisode).toEqual(JSON.parse(pool.stdout).perEpisode);
  });
});
