import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsgym } from '../../helpers/runCli.js';

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

describe('tsgym train --init-from (transfer)', () => {
  it('starts from the source run exact weights, and refuses a model whose input size differs, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-warm-'));
    const src = join(dir, 'src');
    expect((await tsgym('train', '--env', 'TrafficSignal-v0', '--algo', 'dqn', '--steps', '300', '--out', src, ...SMALL)).code).toBe(0);
    // stop after the first step, before any gradient step (learningStarts 100): the weights are the source's
    const warm = await tsgym(
      'train',
      '--env',
      'TrafficSignal-v0',
      '--algo',
      'dqn',
      '--steps',
      '300',
      '--out',
      join(dir, 'warm'),
      ...SMALL,
      '--init-from',
      src,
      '--stop-at',
      '1',
    );
    expect(warm.code).toBe(130);
    const a = JSON.parse(readFileSync(join(src, 'final', 'policy.json'), 'utf8')) as { layers: unknown[] };
    const b = JSON.parse(readFileSync(join(dir, 'warm', 'final', 'policy.json'), 'utf8')) as { layers: unknown[] };
    expect(b.layers).toEqual(a.layers);
    expect(JSON.parse(readFileSync(join(dir, 'warm', 'config.json'), 'utf8')).initFrom).toBe(src);
    // 3 lanes per approach: 12 incoming lanes -> observation 4 phases + 1 + 2 x 12 = 29 instead of 21
    const bad = await tsgym(
      'train',
      '--env',
      'TrafficSignal-v0',
      '--algo',
      'dqn',
      '--steps',
      '300',
      '--out',
      join(dir, 'bad'),
      ...SMALL,
      '--set',
      'envKwargs.scenario={"lanes":3}',
      '--init-from',
      src,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/layer 0 weights are \[21 x 16\] there but \[29 x 16\] here \(its input: the observation size\)/);
  });
});
