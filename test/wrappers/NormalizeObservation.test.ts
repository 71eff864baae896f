import { describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../src/core/errors.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { NormalizeObservation } from '../../src/wrappers/NormalizeObservation.js';
import { ScriptEnv } from '../core/toyEnvs.js';

/** numpy: combining the prior (mean 0, var 1, count 1e-4) with samples, per column. */
function expected(rows: number[][], col: number): { mean: number; var: number } {
  const eps = 1e-4;
  const xs = rows.map((r) => r[col]);
  const n = eps + xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const m2 = eps + eps * mean * mean + xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, var: m2 / n };
}

describe('NormalizeObservation', () => {
  const rows = [[1, 10], [3, 20], [5, -30], [7, 40]];
  const make = () => new NormalizeObservation(new ScriptEnv(rows.slice(1).map((obs) => ({ obs })), rows[0], new Box(-100, 100, [2]) as never));

  it('updates mean/var with every observation (reset included) and returns (x - mean) / sqrt(var + 1e-8) as float32', () => {
    const env = make();
    env.reset();
    env.step(0);
    env.step(0);
    const [obs] = env.step(0);
    for (let c = 0; c < 2; c++) {
      const e = expected(rows, c);
      expect(env.obsRms.mean[c]).toBeCloseTo(e.mean, 10);
      expect(env.obsRms.var[c]).toBeCloseTo(e.var, 10);
      expect(obs[c]).toBe(Math.fround((rows[3][c] - e.mean) / Math.sqrt(e.var + 1e-8)));
    }
    expect(obs).toBeInstanceOf(Float32Array);
    expect(env.observationSpace.toString()).toBe('Box(-inf, inf, [2], float32)');
  });

  it('with updateRunningMean false uses frozen statistics, which can be restored from a checkpoint', () => {
    const a = make();
    a.reset();
    a.step(0);
    const saved = a.obsRms.getState();
    const b = make();
    b.obsRms.setState(saved);
    b.updateRunningMean = false;
    const [obs] = b.reset();
    expect(b.obsRms.getState()).toEqual(saved);
    expect(obs[0]).toBe(Math.fround((1 - saved.mean[0]) / Math.sqrt(saved.var[0] + 1e-8)));
  });

  it('refuses observation spaces without a fixed numeric shape', () => {
    expect(() => new NormalizeObservation(new ScriptEnv([], [0], new Discrete(3) as never))).toThrow(InvalidConfig);
  });
});
