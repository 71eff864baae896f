import { describe, expect, it } from 'vitest';
import { PhaseNet } from '../../../src/cli/resco/phaseNet.js';
import { phasePolicy } from '../../../src/cli/resco/phaseDqn.js';

/** A net [2, 2, 1] with hand-set weights: h = relu(W1 x + b1), score = w2 . h + b2. */
function handNet(): PhaseNet {
  const net = new PhaseNet(2, [2], 1);
  net.setWeights({ sizes: [2, 2, 1], w: [Float64Array.of(1, 0, -1, 2), Float64Array.of(2, 1)], b: [Float64Array.of(0, -1), Float64Array.of(0.5)] });
  return net;
}

describe('phase competition (PhaseNet)', () => {
  it('scores each phase row with the same network, for any number of phases', () => {
    const net = handNet();
    // row (3, 1): h = relu(3, -3 + 2 - 1) = (3, 0) -> 2 * 3 + 0.5 = 6.5
    // row (0, 2): h = relu(0, 0 + 4 - 1) = (0, 3) -> 3 + 0.5 = 3.5
    // row (-1, 0): h = relu(-1, 1 - 1) = (0, 0) -> 0.5
    expect(Array.from(net.scores(Float32Array.of(3, 1, 0, 2)))).toEqual([6.5, 3.5]);
    expect(Array.from(net.scores(Float32Array.of(0, 2, -1, 0, 3, 1)))).toEqual([3.5, 0.5, 6.5]);
    expect(net.best(Float32Array.of(0, 2, -1, 0, 3, 1))).toBe(2);
    // a tie goes to the first phase
    expect(net.best(Float32Array.of(3, 1, 3, 1))).toBe(0);
  });

  it('with context, a phase row is followed by the mean of the signal rows', () => {
    const net = new PhaseNet(2, [4], 1, true);
    const obs = Float32Array.of(3, 1, 0, 2, -3, 0);
    expect(Array.from(net.input(obs, 1))).toEqual([0, 2, 0, 1]);
    expect(net.sizes).toEqual([4, 4, 1]);
  });

  it('the policy gives every signal its best phase', () => {
    const act = phasePolicy('mplight', handNet()).act({ a: Float32Array.of(0, 2, 3, 1), b: Float32Array.of(3, 1, 0, 2, -1, 0) }, {});
    expect(act).toEqual({ a: 1, b: 0 });
  });

  it('the Huber loss gradient matches finite differences, and only the chosen phase row is trained', () => {
    const net = new PhaseNet(3, [5, 4], 7, true);
    const obs = [Float32Array.of(0.2, -0.4, 1, 0.5, 0.1, -0.3), Float32Array.of(1, 1, 0, -0.2, 0.3, 0.9, 0.4, 0, 1)];
    const actions = [1, 2];
    const targets = [0.3, -2.5]; // the second error is beyond 1: the linear part of the Huber loss
    net.gradient(obs, actions, targets);
    const g = net.grads;
    const h = 1e-6;
    for (let k = 0; k < 3; k++) {
      for (const [params, grad] of [[net.w[k], g.w[k]], [net.b[k], g.b[k]]] as const) {
        for (let i = 0; i < params.length; i++) {
          const v = params[i];
          params[i] = v + h;
          const up = net.gradient(obs, actions, targets);
          params[i] = v - h;
          const down = net.gradient(obs, actions, targets);
          params[i] = v;
          net.gradient(obs, actions, targets);
          expect(grad[i]).toBeCloseTo((up - down) / (2 * h), 5);
        }
      }
    }
  });

  it('training moves the chosen phase score towards its target', () => {
    const net = handNet();
    const x = Float32Array.of(3, 1, 0, 2);
    for (let i = 0; i < 200; i++) net.train([x], [1], [1], 1e-2);
    expect(net.scores(x)[1]).toBeCloseTo(1, 2);
  });
});
