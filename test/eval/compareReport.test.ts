import { describe, expect, it } from 'vitest';
import { compareReport } from '../../src/eval/compareReport.js';
import type { EpisodeResult } from '../../src/policy/EpisodeResult.js';

function ep(seed: number, ret: number, delay: number): EpisodeResult {
  return { episode: seed, seed, return: ret, length: 10, metrics: { meanDelay: delay } };
}

describe('compareReport', () => {
  const a = [ep(0, 1, 30), ep(1, 2, 32), ep(2, 3, 34)];
  const b = [ep(0, 2, 20), ep(1, 4, 23), ep(2, 6, 23)];

  it('summarizes every metric per policy and pairs differences on the same seeds', () => {
    const rep = compareReport({ fixed: a, mp: b });
    expect(rep.metrics).toEqual(['return', 'length', 'meanDelay']);
    const delayB = rep.rows.find((r) => r.metric === 'meanDelay' && r.policy === 'mp');
    expect(delayB?.summary.mean).toBeCloseTo(22, 12);
    // paired differences: -10, -9, -11 -> mean -10, sd 1, half-width t(0.975, 2) * 1/sqrt(3)
    expect(delayB?.diff?.mean).toBeCloseTo(-10, 12);
    expect(delayB?.diff?.halfWidth).toBeCloseTo(4.302653 / Math.sqrt(3), 4);
    expect(rep.rows.find((r) => r.policy === 'fixed')?.diff).toBeUndefined();
  });

  it('refuses results on different seeds', () => {
    expect(() => compareReport({ fixed: a, mp: [ep(5, 1, 1), ep(1, 1, 1), ep(2, 1, 1)] })).toThrow(/same seeds/);
  });
});
