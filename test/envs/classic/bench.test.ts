import { describe, expect, it } from 'vitest';
import { bench } from '../../../envs/classic/bench.js';
import { sections } from '../../../src/cli/bench/suite.js';

describe('classic bench section', () => {
  it('is listed in the suite and reports both CartPole figures with their Gymnasium anchors', async () => {
    const section = sections.find((s) => s.name === 'classic');
    expect(section).toBeDefined();
    expect(await section?.load()).toBe(bench);
    const figures = await bench({ quick: true });
    expect(figures.map((f) => f.key)).toEqual(['cartpoleRawStepsPerSec', 'cartpoleMakeStepsPerSec']);
    for (const f of figures) {
      expect(f.unit).toBe('steps/s');
      expect(Number.isFinite(f.value) && f.value > 0).toBe(true);
      expect(f.scenario).toContain('CartPole-v1');
    }
    expect(figures.map((f) => f.anchor?.value)).toEqual([179_000, 153_000]);
  });
});
