import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../src/core/errors.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import { BoxScaling } from '../../agents/common/boxScaling.js';
import { EntropyTemperature } from '../../agents/common/EntropyTemperature.js';
import { Mlp } from '../../agents/common/Mlp.js';
import { squashedGaussian } from '../../agents/common/squashedGaussian.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf({ backend: 'cpu', quiet: true });
});

/** log p(a) of a = tanh(u), u ~ N(m, s^2), by the change of variables in float64: N(atanh a; m, s) / (1 - a^2). */
function closedForm(a: number, m: number, s: number): number {
  const u = Math.atanh(a);
  return -0.5 * ((u - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - a * a);
}

function sample(mean: number[][], logStd: number[][], noise: number[][]): { action: number[]; logProb: number[] } {
  return tf.tidy(() => {
    const s = squashedGaussian(tf, tf.tensor2d(mean), tf.tensor2d(logStd), tf.tensor2d(noise));
    return { action: Array.from(s.action.dataSync()), logProb: Array.from(s.logProb.dataSync()) };
  });
}

describe('squashed Gaussian', () => {
  it('has the density of tanh(N(m, s^2)) at hand-computed points', () => {
    // m = 0, s = 1, noise 0: a = 0, log p = -log(2 pi) / 2
    expect(sample([[0]], [[0]], [[0]]).logProb[0]).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 5);
    // m = 0.5, s = 0.5, noise 1: u = 1, a = tanh 1 = 0.761594, log p = -0.5 + log 2 - 0.918939 - log(1 - tanh(1)^2) = 0.141770
    const r = sample([[0.5]], [[Math.log(0.5)]], [[1]]);
    expect(r.action[0]).toBeCloseTo(0.761594, 5);
    expect(r.logProb[0]).toBeCloseTo(0.14177, 4);
    expect(r.logProb[0]).toBeCloseTo(closedForm(Math.tanh(1), 0.5, 0.5), 4);
  });

  it('sums the log-density over action dimensions', () => {
    const r = sample([[0.3, -1.2]], [[-0.7, 0.4]], [[-0.9, 0.25]]);
    const u = [0.3 + Math.exp(-0.7) * -0.9, -1.2 + Math.exp(0.4) * 0.25];
    const expected = closedForm(Math.tanh(u[0] ?? 0), 0.3, Math.exp(-0.7)) + closedForm(Math.tanh(u[1] ?? 0), -1.2, Math.exp(0.4));
    expect(r.logProb[0]).toBeCloseTo(expected, 4);
  });

  it('integrates to 1 over (-1, 1)', () => {
    const m = 0.8;
    const s = 0.6;
    const n = 4000;
    const noise: number[][] = [];
    for (let i = 0; i < n; i++) noise.push([(Math.atanh(-1 + (2 * (i + 0.5)) / n) - m) / s]);
    const { logProb } = sample(noise.map(() => [m]), noise.map(() => [Math.log(s)]), noise);
    const integral = logProb.reduce((acc, lp) => acc + Math.exp(lp) * (2 / n), 0);
    expect(integral).toBeCloseTo(1, 2);
  });

  it('stays finite where tanh saturates in float32 (u = 20: log(1 - tanh^2) = 2 (log 2 - 20 - softplus(-40)))', () => {
    const r = sample([[20]], [[0]], [[0]]);
    expect(r.action[0]).toBe(1);
    expect(r.logProb[0]).toBeCloseTo(-0.5 * Math.log(2 * Math.PI) - 2 * (Math.LN2 - 20), 3);
  });

  it('clips logStd to [-20, 2] as SB3', () => {
    const r = sample([[0]], [[5]], [[0]]);
    expect(r.logProb[0]).toBeCloseTo(-2 - 0.5 * Math.log(2 * Math.PI), 5);
  });
});

describe('BoxScaling', () => {
  it('maps [-1, 1] onto the Box bounds and back', () => {
    const s = new BoxScaling(new Box([0, -1], [4, 3]));
    expect(Array.from(s.toEnv([-1, -1]))).toEqual([0, -1]);
    expect(Array.from(s.toEnv([1, 1]))).toEqual([4, 3]);
    expect(Array.from(s.toEnv([0, 0.5, 0.5, 0]))).toEqual([2, 2, 3, 1]); // two rows of two entries
    expect(Array.from(s.fromEnv([3, 0]))).toEqual([0.5, -0.5]);
    expect(Array.from(new BoxScaling(new Box(-2, 2, [1])).toEnv([0.25]))).toEqual([0.5]);
  });

  it('refuses unbounded or non-Box action spaces', () => {
    expect(() => new BoxScaling(new Box(-Infinity, 1, [2]))).toThrow(InvalidConfig);
    expect(() => new BoxScaling(new Box(-Infinity, 1, [2]))).toThrow(/finite action bounds/);
    expect(() => new BoxScaling(new Discrete(3))).toThrow(/Box action space/);
  });
});

describe('soft target update', () => {
  it('moves each parameter by tau toward the source: p <- tau o + (1 - tau) p', () => {
    const a = Mlp.create(tf, { sizes: [2, 3, 1], hiddenActivation: 'relu', seed: 1 });
    const b = Mlp.create(tf, { sizes: [2, 3, 1], hiddenActivation: 'relu', seed: 2 });
    a.setFlat(new Float32Array(a.numParams).fill(1));
    b.setFlat(new Float32Array(b.numParams).fill(3));
    a.copyFrom(b, 0.005);
    for (const v of a.getFlat()) expect(v).toBeCloseTo(1.01, 6);
    a.copyFrom(b, 1);
    for (const v of a.getFlat()) expect(v).toBe(3);
    a.dispose();
    b.dispose();
  });
});

describe('EntropyTemperature', () => {
  it('raises alpha when the entropy -log pi is below the target and lowers it above', () => {
    const t = new EntropyTemperature(tf, { initial: 1, targetEntropy: -1, learningRate: 0.01 });
    // log pi = 3: entropy estimate -3 < -1; dJ/dlog alpha = -mean(3 - 1) = -2
    expect(t.gradient([3, 3])).toBe(-2);
    t.update([3, 3]);
    // Adam's first step is lr in the direction of -gradient
    expect(Math.log(t.alpha())).toBeCloseTo(0.01, 5);
    // log pi = -2: entropy 2 > -1; gradient -mean(-2 - 1) = 3 > 0: alpha falls
    expect(t.gradient([-2])).toBe(3);
    const before = t.alpha();
    t.update([-2]);
    expect(t.alpha()).toBeLessThan(before);
    t.dispose();
  });
});
