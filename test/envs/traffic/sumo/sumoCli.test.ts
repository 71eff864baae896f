import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tsgym } from '../../../helpers/runCli.js';
import { CROSS, SUMO } from './sumoHelpers.js';

// the CLI runs the compiled dist/ (npm test builds it first)
describe.skipIf(!SUMO)('the CLI with --set backend=sumo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsgym-sumo-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compare --backends tsgym,sumo prints both values and their paired difference per policy and metric', async () => {
    const r = await tsgym(
      'compare',
      '--env',
      'TrafficNetwork-v0',
      '--set',
      `network=${CROSS}`,
      '--set',
      'numSeconds=600',
      '--policies',
      'program,max-pressure',
      '--backends',
      'tsgym,sumo',
      '--episodes',
      '2',
      '--seed',
      '4',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      backends: string[];
      seeds: number[];
      rows: { policy: string; metric: string; a: { mean: number }; b: { mean: number }; diff: { mean: number } }[];
      perEpisode: Record<string, Record<string, { metrics: Record<string, number> }[]>>;
    };
    expect(out.backends).toEqual(['tsgym', 'sumo']);
    expect(out.seeds).toEqual([4, 5]);
    const row = out.rows.find((x) => x.policy === 'max-pressure' && x.metric === 'arrived');
    const a = out.perEpisode['max-pressure']?.tsgym?.map((e) => e.metrics.arrived ?? 0) ?? [];
    const b = out.perEpisode['max-pressure']?.sumo?.map((e) => e.metrics.arrived ?? 0) ?? [];
    expect(row?.a.mean).toBeCloseTo((a[0] + a[1]) / 2, 9);
    expect(row?.b.mean).toBeCloseTo((b[0] + b[1]) / 2, 9);
    expect(row?.diff.mean).toBeCloseTo((b[0] - a[0] + b[1] - a[1]) / 2, 9);
    expect(out.rows.some((x) => x.metric === 'meanIntersectionDelay')).toBe(false);
  });

  it('record writes a recording of a SUMO run the viewer can replay, and train trains on SUMO', async () => {
    const file = join(dir, 'sumo.json');
    const r = await tsgym(
      'record',
      '--env',
      'TrafficNetwork-v0',
      '--set',
      `network=${CROSS}`,
      '--set',
      'backend=sumo',
      '--policy',
      'max-pressure',
      '--seed',
      '1',
      '--max-steps',
      '30',
      '--out',
      file,
      '--json',
    );
    expect(r.code).toBe(0);
    const rec = JSON.parse(readFileSync(file, 'utf8')) as {
      format: string;
      frames: { t: number; vehicles: { n: number }; signals: string }[];
      scene: { lanes: unknown[] };
    };
    expect(rec.format).toBe('tsgym-episode');
    expect(rec.scene.lanes.length).toBeGreaterThan(0);
    expect(rec.frames[rec.frames.length - 1]?.t).toBe(150);
    expect(rec.frames.some((f) => f.vehicles.n > 0)).toBe(true);
    const t = await tsgym(
      'train',
      '--env',
      'TrafficNetwork-v0',
      '--algo',
      'reinforce',
      '--steps',
      '300',
      '--set',
      `network=${CROSS}`,
      '--set',
      'backend=sumo',
      '--set',
      'numSeconds=300',
      '--eval-every',
      '0', // no evaluations: ten more SUMO episodes would not test anything more here
      '--out',
      join(dir, 'run'),
      '--json',
    );
    expect(t.code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'run', 'config.json'), 'utf8')) as { train: { envKwargs: Record<string, unknown> } };
    expect(config.train.envKwargs).toEqual({ network: CROSS, backend: 'sumo', numSeconds: 300 });
  });
});
