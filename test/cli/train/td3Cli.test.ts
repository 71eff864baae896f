import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsgym } from '../../helpers/runCli.js';

// a small TD3 on Pendulum-v1: learning from step 100, evaluations (1 episode) and checkpoints every 200 steps
const SMALL = [
  '--env', 'Pendulum-v1', '--algo', 'td3', '--steps', '400', '--seed', '3', '--eval-every', '200', '--eval-episodes', '1',
  '--set', 'checkpointEvery=200', '--set', 'config.learningStarts=100', '--set', 'config.netArch=[16]', '--set', 'config.batchSize=32', '--quiet',
];

describe('tsgym train --algo td3', () => {
  it('trains with best/ and final/, resumes bit-identical, and its run is a policy for eval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-td3-cli-'));
    const full = join(dir, 'full');
    const cut = join(dir, 'cut');
    const r = await tsgym('train', ...SMALL, '--out', full, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ algo: 'td3', numTimesteps: 400 });
    for (const f of ['best/policy.json', 'final/policy.json', 'final/model.json', 'checkpoints/last/env-state.json']) {
      expect(existsSync(join(full, f)), f).toBe(true);
    }
    const first = await tsgym('train', ...SMALL, '--out', cut, '--stop-at', '250', '--json');
    expect(first.code).toBe(130);
    const second = await tsgym('train', '--env', 'Pendulum-v1', '--algo', 'td3', '--resume', cut, '--quiet', '--json');
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(join(cut, 'final', 'policy.json'), 'utf8')).toBe(readFileSync(join(full, 'final', 'policy.json'), 'utf8'));
    const ev = await tsgym('eval', '--env', 'Pendulum-v1', '--policy', full, '--episodes', '2', '--json');
    expect(ev.code, ev.stderr).toBe(0);
    const perEpisode = (JSON.parse(ev.stdout) as { perEpisode: { return: number }[] }).perEpisode;
    expect(perEpisode).toHaveLength(2);
    // a Pendulum episode is 200 steps of reward in [-16.27, 0]
    for (const e of perEpisode) expect(e.return).toBeLessThanOrEqual(0);
  }, 180_000);

  it('names a bad TD3 hyperparameter and its value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-td3-cli-'));
    const bad = await tsgym('train', '--env', 'Pendulum-v1', '--algo', 'td3', '--steps', '10', '--out', join(dir, 'a'), '--set', 'config.policyDelay=0');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/config\.policyDelay.*got 0/);
  });
});
