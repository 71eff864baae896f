import { describe, expect, it } from 'vitest';
import '../../envs/classic/index.js';
import { ExplainingPolicy } from '../../src/explain/ExplainingPolicy.js';
import { frameExplanations, toFrameExplanation } from '../../src/explain/frameExplanation.js';
import { MlpExplainer } from '../../src/explain/MlpExplainer.js';
import { MlpPolicy, type SerializedMlp } from '../../src/policy/MlpPolicy.js';
import { Rng } from '../../src/rng/Rng.js';
import { randomLayer, randomMlp } from '../serve/helpers.js';

/** q = W^T x + b over Box(-8, 8, [3]) with dyadic weights, so every product and sum is exact in float64. */
function linearNet(): SerializedMlp {
  return {
    format: 'tsgym-mlp', version: 1, output: 'q',
    layers: [{ inputSize: 3, outputSize: 2, activation: 'linear', weights: [0.5, -1, 0.25, 2, -0.75, 0.125], bias: [1.5, -0.5] }],
    observationSpace: { type: 'Box', low: [-8, -8, -8], high: [8, 8, 8], shape: [3], dtype: 'float32' },
    actionSpace: { type: 'Discrete', n: 2, start: 0 },
  };
}

describe('MlpExplainer', () => {
  it('on a linear model: attribution_i = w_i x_i and they sum to output minus output at zero input, exactly', () => {
    const ex = new MlpExplainer(linearNet(), { featureNames: ['queue', 'wait', 'phase'] });
    const e = ex.explain(Float32Array.of(2, 1, -4));
    // q0 = 0.5*2 + 0.25*1 - 0.75*-4 + 1.5 = 5.75; q1 = -1*2 + 2*1 + 0.125*-4 - 0.5 = -1
    expect(e.values).toEqual([5.75, -1]);
    expect(e.action).toBe(0);
    expect(e.kind).toBe('q');
    expect(e.features).toEqual(['queue', 'wait', 'phase']);
    const o = e.outputs[0];
    expect(o?.output).toBe(0);
    expect(Array.from(o?.attribution ?? [])).toEqual([1, 0.25, 3]);
    expect(o?.baseline).toBe(1.5);
    expect(o?.sum).toBe((o?.value ?? 0) - (o?.baseline ?? 0)); // exactly
  });

  it('completeness holds on random linear models (two linear layers) to rounding', () => {
    const rng = new Rng(3);
    const net = randomMlp(11, 6, [5], 3);
    net.layers = [randomLayer(rng, 6, 5, 'linear'), randomLayer(rng, 5, 3, 'linear')];
    const ex = new MlpExplainer(net);
    for (let t = 0; t < 50; t++) {
      const o = ex.explain(Float32Array.from({ length: 6 }, () => rng.uniform(-10, 10))).outputs[0];
      expect(Math.abs((o?.sum ?? 0) - ((o?.value ?? 0) - (o?.baseline ?? 0)))).toBeLessThan(1e-9);
    }
  });

  it('on a bias-free relu network the attributions sum to the output (Euler: f is positively homogeneous)', () => {
    const net = randomMlp(5, 4, [16, 16], 3);
    for (const l of net.layers) l.bias = l.bias.map(() => 0);
    const ex = new MlpExplainer(net);
    const rng = new Rng(9);
    for (let t = 0; t < 50; t++) {
      const o = ex.explain(Float32Array.from({ length: 4 }, () => rng.uniform(-10, 10))).outputs[0];
      expect(o?.baseline).toBe(0);
      expect(Math.abs((o?.sum ?? 0) - (o?.value ?? 0))).toBeLessThan(1e-9 * Math.max(1, Math.abs(o?.value ?? 0)));
    }
  });

  it('gradients of a tanh network match central finite differences', () => {
    const rng = new Rng(2);
    const net = randomMlp(1, 5, [8], 2);
    net.layers = [randomLayer(rng, 5, 8, 'tanh'), randomLayer(rng, 8, 2, 'linear')];
    const ex = new MlpExplainer(net);
    const ref = new MlpPolicy(net);
    const x = Float32Array.from({ length: 5 }, () => rng.uniform(-2, 2));
    const e = ex.explain(x);
    const k = e.outputs[0]?.output ?? 0;
    const h = 1e-3;
    for (let i = 0; i < 5; i++) {
      if (Math.abs(x[i] ?? 0) < 0.05) continue;
      const up = Float64Array.from(x);
      const dn = Float64Array.from(x);
      up[i] = (up[i] ?? 0) + h;
      dn[i] = (dn[i] ?? 0) - h;
      const fd = ((ref.forward(up)[k] ?? 0) - (ref.forward(dn)[k] ?? 0)) / (2 * h);
      expect((e.outputs[0]?.attribution[i] ?? 0) / (x[i] ?? 1)).toBeCloseTo(fd, 5);
    }
  });

  it('acts as MlpPolicy and explains over the normalised input (zero = training mean)', () => {
    const net = linearNet();
    net.obsNormalization = { mean: [1, 1, 1], var: [4, 4, 4], clip: 10, epsilon: 0 };
    const ex = new MlpExplainer(net);
    const e = ex.explain(Float32Array.of(1, 1, 1)); // at the mean: z = 0, nothing to attribute
    expect(Array.from(e.outputs[0]?.attribution ?? [], (v) => v + 0)).toEqual([0, 0, 0]); // -0 + 0 = 0
    const p = new ExplainingPolicy(randomMlp(4, 8, [16], 4, 'logits'));
    const mlp = new MlpPolicy(randomMlp(4, 8, [16], 4, 'logits'));
    const rng = new Rng(1);
    for (let t = 0; t < 30; t++) {
      const obs = Float32Array.from({ length: 8 }, () => rng.uniform(-10, 10));
      expect(p.act(obs, {})).toBe(mlp.act(obs, {}));
      const probs = p.last?.values ?? [];
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('names features from the observation space and gives a compact frame form', () => {
    const net: SerializedMlp = {
      format: 'tsgym-mlp', version: 1, output: 'q',
      layers: [{ inputSize: 4, outputSize: 2, activation: 'linear', weights: [1, 0, 0, 1, 0.5, 0.5, 0, 0], bias: [0, 0] }],
      observationSpace: { type: 'Dict', keys: ['queue', 'phase', 'actionMask'], spaces: {
        queue: { type: 'Box', low: [0, 0], high: [9, 9], shape: [2], dtype: 'float32' },
        phase: { type: 'Discrete', n: 2, start: 0 },
        actionMask: { type: 'Box', low: [0, 0], high: [1, 1], shape: [2], dtype: 'int8' },
      } },
      actionSpace: { type: 'Discrete', n: 2, start: 0 },
    };
    const ex = new MlpExplainer(net);
    expect(ex.featureNames).toEqual(['queue[0]', 'queue[1]', 'phase=0', 'phase=1']);
    const obs = { queue: Float32Array.of(3, 1), phase: 0, actionMask: Int8Array.of(0, 1) };
    const e = ex.explain(obs); // q = [3.5, 1.5]; action 0 masked -> 1
    expect(e.action).toBe(1);
    expect(Array.from(e.outputs[0]?.attribution ?? [])).toEqual([0, 1, 0.5, 0]);
    const f = toFrameExplanation(ex.explain({ ...obs, queue: Float32Array.of(1 / 3, 0) }), 3);
    expect(f.values).toEqual([0.833, 0.5]);
    expect(JSON.parse(JSON.stringify(frameExplanations(ex, { J0: obs })))).toEqual({
      J0: { action: 1, kind: 'q', values: [3.5, 1.5], outputs: [{ output: 1, value: 1.5, baseline: 0, attribution: [0, 1, 0.5, 0] }] },
    });
  });
});
