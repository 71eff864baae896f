import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsgym } from '../../helpers/runCli.js';
import { JINAN_FEATURES } from '../../envs/traffic/env/jinanLayoutNames.js';
import { checkObservationLayout } from '../../../src/cli/train/observationLayout.js';
import { InvalidConfig } from '../../../src/core/errors.js';

const FIX = new URL('../../fixtures/cityflow/jinan1x1', import.meta.url).pathname;
const SMALL = [
  '--set',
  'evalEvery=0',
  '--set',
  'checkpointEvery=1000',
  '--set',
  'config.learningStarts=100',
  '--set',
  'config.netArch=[16]',
  '--set',
  'envKwargs.numSeconds=300',
  '--quiet',
];
const CANON = ['--set', 'envKwargs.layout=canonical'];

describe('tsgym train --init-from across intersections (canonical layout)', () => {
  it('a model trained on the synthetic jinan preset fine-tunes on an imported CityFlow intersection; mismatches are refused, naming what differs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-transfer-'));
    const src = join(dir, 'src');
    expect(
      (
        await tsgym(
          'train',
          '--env',
          'TrafficSignal-v0',
          '--algo',
          'dqn',
          '--steps',
          '150',
          '--out',
          src,
          ...SMALL,
          ...CANON,
          '--set',
          'envKwargs.preset=jinan',
        )
      ).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(join(src, 'config.json'), 'utf8')).observationNames).toEqual(JINAN_FEATURES);
    const net = ['--set', `envKwargs.network=${FIX}`];
    const warm = await tsgym(
      'train',
      '--env',
      'TrafficNetwork-v0',
      '--algo',
      'dqn',
      '--steps',
      '150',
      '--out',
      join(dir, 'warm'),
      ...SMALL,
      ...CANON,
      ...net,
      '--init-from',
      src,
      '--stop-at',
      '1',
    );
    expect(warm.stderr).not.toMatch(/Cannot warm-start/);
    expect(warm.code).toBe(130); // stopped after one step, before any gradient step
    const a = JSON.parse(readFileSync(join(src, 'final', 'policy.json'), 'utf8')) as { layers: unknown[] };
    const b = JSON.parse(readFileSync(join(dir, 'warm', 'final', 'policy.json'), 'utf8')) as { layers: unknown[] };
    expect(b.layers).toEqual(a.layers);
    // the native layout of the same intersection has the same size (8 + 1 + 2 x 12) but another order: refused
    const native = await tsgym(
      'train',
      '--env',
      'TrafficNetwork-v0',
      '--algo',
      'dqn',
      '--steps',
      '150',
      '--out',
      join(dir, 'native'),
      ...SMALL,
      ...net,
      '--init-from',
      src,
    );
    expect(native.code).not.toBe(0);
    expect(native.stderr).toMatch(/observation layout is 'canonical', this env's is 'native'/);
    // the default 2-lane, 4-phase scenario: 4 actions instead of 8
    const other = await tsgym(
      'train',
      '--env',
      'TrafficSignal-v0',
      '--algo',
      'dqn',
      '--steps',
      '150',
      '--out',
      join(dir, 'other'),
      ...SMALL,
      ...CANON,
      '--init-from',
      src,
    );
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/action space is Discrete\(8\), this env's is Discrete\(4\)/);
  }, 120_000);

  it('refuses a source whose features have the same count but other names, naming the first that differs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-layout-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ train: { envKwargs: { layout: 'canonical' } }, observationNames: JINAN_FEATURES }));
    const swapped = [...JINAN_FEATURES];
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    expect(() => checkObservationLayout(dir, { layout: 'canonical', names: JINAN_FEATURES })).not.toThrow();
    expect(() => checkObservationLayout(dir, { layout: 'canonical', names: swapped })).toThrow(InvalidConfig);
    expect(() => checkObservationLayout(dir, { layout: 'canonical', names: swapped })).toThrow(
      "observation feature 2 is 'phase=N.s+S.s' there but 'phase=E.l+E.s' here",
    );
  });
});
