import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsgym } from '../../helpers/runCli.js';

interface Iv { point: number; low: number; high: number }
interface Aggregate {
  runs: { seed: number; runDir: string; final: number; best: number | null }[];
  final: { n: number; mean: Iv; iqm: Iv };
  best: { n: number; mean: Iv; iqm: Iv } | null;
  curve: { steps: number[] };
}

describe('tsgym train --seeds', () => {
  it('trains one run per seed, tests best and final models, and aggregates them with intervals that hold the runs', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tsgym-seeds-')), 'x3');
    const r = await tsgym(
      'train', '--env', 'CartPole-v1', '--algo', 'ppo', '--steps', '768', '--seed', '7', '--seeds', '3', '--eval-every', '256', '--eval-episodes', '2',
      '--test-episodes', '3', '--set', 'numEnvs=4', '--set', 'config.numSteps=32', '--set', 'config.netArch=[16]', '--out', out, '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/model\s+mean\s+IQM/);
    const a = JSON.parse(readFileSync(join(out, 'aggregate.json'), 'utf8')) as Aggregate;
    expect(a.runs.map((x) => x.seed)).toEqual([7, 8, 9]);
    // each run's test figure is what tsgym eval measures on seeds 0.. for that model
    for (const run of [a.runs[0], a.runs[2]]) {
      for (const which of ['final', 'best'] as const) {
        const ev = await tsgym('eval', '--env', 'CartPole-v1', '--policy', join(run?.runDir ?? '', which), '--episodes', '3', '--workers', '1', '--json');
        expect(JSON.parse(ev.stdout).meanReturn, `${run?.seed} ${which}`).toBeCloseTo(run?.[which] ?? Number.NaN, 9);
      }
    }
    const finals = a.runs.map((x) => x.final);
    const sorted = [...finals].sort((x, y) => x - y);
    expect(a.final.n).toBe(3);
    expect(a.final.mean.point).toBeCloseTo(finals.reduce((s, x) => s + x, 0) / 3, 9);
    expect(a.final.iqm.point).toBeCloseTo(a.final.mean.point, 9); // n = 3: floor(3/4) = 0 runs trimmed
    for (const iv of [a.final.mean, a.final.iqm, a.best?.mean, a.best?.iqm]) {
      expect(iv?.low).toBeGreaterThanOrEqual(Math.min(...a.runs.flatMap((x) => [x.final, x.best ?? Infinity])) - 1e-9);
      expect(iv?.low).toBeLessThanOrEqual(iv?.point ?? Number.NaN);
      expect(iv?.high).toBeGreaterThanOrEqual(iv?.point ?? Number.NaN);
    }
    expect(a.final.mean.high).toBeLessThanOrEqual((sorted[2] ?? 0) + 1e-9);
    expect(a.curve.steps).toEqual([256, 512, 768]);
    expect(readFileSync(join(out, 'learning-curve.svg'), 'utf8')).toContain('class="band"');
  }, 180_000);
});
