import { describe, expect, it } from 'vitest';
import {
  Box,
  Dict,
  Discrete,
  InvalidFile,
  InvalidObservation,
  MlpPolicy,
  MultiBinary,
  MultiDiscrete,
  Rng,
  type SerializedMlp,
  type SerializedMlpLayer,
} from '../../src/index.js';

function layer(
  inputSize: number,
  outputSize: number,
  weights: number[],
  bias: number[],
  activation: SerializedMlpLayer['activation'] = 'linear',
): SerializedMlpLayer {
  return { inputSize, outputSize, activation, weights, bias };
}

function net(
  layers: SerializedMlpLayer[],
  output: SerializedMlp['output'],
  obs: Box | Dict,
  act: Discrete | MultiDiscrete | Box,
  extra: Partial<SerializedMlp> = {},
): SerializedMlp {
  return { format: 'tsgym-mlp', version: 1, layers, output, observationSpace: obs.toJSON(), actionSpace: act.toJSON(), ...extra };
}

// 2 -> 2 (relu) -> 2 (linear); W row-major [in][out]: W1 = [[1, -1], [2, 0.5]], b1 = [0, 1]; W2 = [[1, 0], [-3, 1]], b2 = [0.5, 0]
const tiny = net([layer(2, 2, [1, -1, 2, 0.5], [0, 1], 'relu'), layer(2, 2, [1, 0, -3, 1], [0.5, 0])], 'q', new Box(-10, 10, [2]), new Discrete(2));

describe('MlpPolicy', () => {
  it('computes the forward pass of a hand-computed tiny network', () => {
    const p = new MlpPolicy(tiny);
    // x = [1, 2]: h = relu([1 + 4, -1 + 1 + 1]) = [5, 1]; q = [5 - 3 + 0.5, 1] = [2.5, 1]
    expect(Array.from(p.forward(Float32Array.of(1, 2)))).toEqual([2.5, 1]);
    expect(p.act(Float32Array.of(1, 2), {})).toBe(0);
    // x = [-1, 1]: h = relu([-1 + 2, 1 + 0.5 + 1]) = [1, 2.5]; q = [1 - 7.5 + 0.5, 2.5] = [-6, 2.5]
    expect(Array.from(p.forward(Float32Array.of(-1, 1)))).toEqual([-6, 2.5]);
    expect(p.act(Float32Array.of(-1, 1), {})).toBe(1);
    // relu clips the first hidden unit: x = [-3, 0] -> h = relu([-3, 4]) = [0, 4]; q = [-11.5, 4]
    expect(Array.from(p.forward(Float32Array.of(-3, 0)))).toEqual([-11.5, 4]);
  });

  it('refuses an observation of another size instead of reading it silently (an env built with other kwargs)', () => {
    const p = new MlpPolicy(tiny);
    expect(() => p.act(Float32Array.of(1, 2, 3), {})).toThrow(InvalidObservation);
    expect(() => p.act(Float32Array.of(1), {})).toThrow(/observation has 1 entries, expected 2/);
    expect(p.act(Float32Array.of(1, 2), {})).toBe(0);
  });

  it('normalises observations: clip((x - mean) / sqrt(var + eps), -clip, clip)', () => {
    const n = net([layer(2, 2, [1, 0, 0, 1], [0, 0])], 'q', new Box(-10, 10, [2]), new Discrete(2), {
      obsNormalization: { mean: [1, 2], var: [4, 1], clip: 0.4, epsilon: 0 },
    });
    const p = new MlpPolicy(n);
    // [(3 - 1) / 2, (1.8 - 2) / 1] = [1, -0.2] -> clipped [0.4, -0.2]
    const y = Array.from(p.forward(Float32Array.of(3, 1.8)));
    expect(y[0]).toBe(0.4);
    expect(y[1]).toBeCloseTo(-0.2, 6);
  });

  it('gaussian: tanh mean clipped to the Box; stochastic samples have std exp(logStd)', () => {
    const n = net([layer(1, 1, [2], [0], 'tanh')], 'gaussian', new Box(-10, 10, [1]), new Box(-0.5, 0.5, [1]), { logStd: [Math.log(0.5)] });
    const p = new MlpPolicy(n);
    expect((p.act(Float32Array.of(0.1), {}) as Float32Array)[0]).toBe(Math.fround(Math.tanh(0.2)));
    expect((p.act(Float32Array.of(3), {}) as Float32Array)[0]).toBe(0.5);
    const wide = net([layer(1, 1, [1], [1])], 'gaussian', new Box(-10, 10, [1]), new Box(-100, 100, [1]), { logStd: [Math.log(0.5)] });
    const s = new MlpPolicy(wide, { deterministic: false, rng: new Rng(3) });
    const xs = Array.from({ length: 4000 }, () => (s.act(Float32Array.of(2), {}) as Float32Array)[0]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    expect(Math.abs(mean - 3)).toBeLessThan((4 * 0.5) / Math.sqrt(4000)); // mean = 1 * 2 + 1
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.03);
  });

  it('logits: argmax when deterministic, softmax samples otherwise, reproducible after reset(seed)', () => {
    const n = net([layer(1, 2, [0, Math.log(3)], [0, 0])], 'logits', new Box(-10, 10, [1]), new Discrete(2, 5));
    expect(new MlpPolicy(n).act(Float32Array.of(1), {})).toBe(6);
    const s = new MlpPolicy(n, { deterministic: false });
    s.reset(42);
    const draws = Array.from({ length: 4000 }, () => s.act(Float32Array.of(1), {}) as number);
    const share = draws.filter((a) => a === 6).length / draws.length; // softmax([0, ln 3]) = [0.25, 0.75]
    expect(Math.abs(share - 0.75)).toBeLessThan(4 * Math.sqrt((0.75 * 0.25) / 4000));
    expect(draws.every((a) => a === 5 || a === 6)).toBe(true);
    s.reset(42);
    expect(Array.from({ length: 50 }, () => s.act(Float32Array.of(1), {}))).toEqual(draws.slice(0, 50));
  });

  it('takes the input from the non-mask Dict keys and never picks a masked action', () => {
    const obs = new Dict({ actionMask: new MultiBinary(3), x: new Box(-1, 1, [1]) });
    const n = net([layer(1, 3, [1, 2, 3], [0, 0, 0])], 'q', obs, new Discrete(3));
    const p = new MlpPolicy(n);
    expect(p.inputSize).toBe(1);
    expect(p.act({ actionMask: Int8Array.of(1, 1, 1), x: Float32Array.of(1) }, {})).toBe(2);
    expect(p.act({ actionMask: Int8Array.of(1, 1, 0), x: Float32Array.of(1) }, {})).toBe(1);
    expect(p.act({ actionMask: Int8Array.of(1, 0, 0), x: Float32Array.of(1) }, {})).toBe(0);
    const s = new MlpPolicy({ ...n, output: 'logits' }, { deterministic: false, rng: new Rng(1) });
    const picks = new Set(Array.from({ length: 300 }, () => s.act({ actionMask: Int8Array.of(1, 0, 1), x: Float32Array.of(0.1) }, {})));
    expect([...picks].sort()).toEqual([0, 2]);
  });

  it('splits MultiDiscrete logits per sub-action', () => {
    const n = net([layer(1, 5, [1, 0, 0, 2, 1], [0, 0, 0, 0, 0])], 'q', new Box(-1, 1, [1]), new MultiDiscrete([2, 3], [1, 10]));
    expect(Array.from(new MlpPolicy(n).act(Float32Array.of(1), {}) as Int32Array)).toEqual([1, 11]);
  });

  it('refuses malformed networks with InvalidFile naming the field', () => {
    expect(() => new MlpPolicy({ ...tiny, format: 'other' })).toThrow(InvalidFile);
    expect(() => new MlpPolicy({ ...tiny, layers: [layer(2, 2, [1, 2, 3], [0, 0]), tiny.layers[1]] })).toThrow(
      /layers\[0\]\.weights has 3 entries, expected inputSize x outputSize = 4/,
    );
    expect(() => new MlpPolicy({ ...tiny, layers: [layer(3, 2, [1, 2, 3, 4, 5, 6], [0, 0]), tiny.layers[1]] })).toThrow(
      /layers\[0\]\.inputSize is 3, expected 2/,
    );
    expect(() => new MlpPolicy({ ...tiny, output: 'gaussian' })).toThrow(/does not fit action space Discrete\(2\)/);
    expect(() => new MlpPolicy({ ...tiny, layers: [layer(2, 3, [1, 2, 3, 4, 5, 6], [0, 0, 0])] })).toThrow(
      /the last layer has 3 outputs, expected 2 for action space Discrete\(2\)/,
    );
  });
});
