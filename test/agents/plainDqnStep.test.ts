import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import { PlainDqnStep } from '../../agents/common/PlainDqnStep.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf({ backend: 'cpu', quiet: true });
});

describe('PlainDqnStep (the bench floor)', () => {
  it('computes the same Huber TD loss and Adam update as tfjs autodiff', () => {
    const p = new PlainDqnStep([4, 8, 8, 2], 16, 5, 1e-2, 0.99, 1e9);
    const s = p.state();
    const snap = (a: Float32Array[]): Float32Array[] => a.map((x) => x.slice());
    const [w0, b0, tw, tb] = [snap(s.w), snap(s.b), snap(s.tw), snap(s.tb)];
    const loss = p.step();
    // the same step with tfjs: autodiff gradient, then Adam's first update = lr * sign(g) (m/sqrt(v) = g/|g|)
    const vars = w0.flatMap((w, l) => [tf.variable(tf.tensor2d(w, [[4, 8, 8][l], [8, 8, 2][l]])), tf.variable(tf.tensor1d(b0[l]))]);
    const fwd = (ps: ReturnType<typeof tf.tensor>[], x: ReturnType<typeof tf.tensor2d>): ReturnType<typeof tf.tensor2d> => {
      let h = x;
      for (let l = 0; l < 3; l++) {
        h = tf.add<ReturnType<typeof tf.tensor2d>>(tf.matMul(h, ps[2 * l]), ps[2 * l + 1]);
        if (l < 2) h = tf.relu(h);
      }
      return h;
    };
    const targetPs = tw.flatMap((w, l) => [tf.tensor2d(w, [[4, 8, 8][l], [8, 8, 2][l]]), tf.tensor1d(tb[l])]);
    const nextQ = tf.max(fwd(targetPs, tf.tensor2d(s.nextObs, [16, 4])), 1);
    const target = tf.add(tf.tensor1d(s.rewards), tf.mul(tf.mul(tf.sub(1, tf.tensor1d(s.dones)), nextQ), 0.99));
    const f = (): ReturnType<typeof tf.scalar> => {
      const qa = tf.sum(tf.mul(fwd(vars, tf.tensor2d(s.obs, [16, 4])), tf.oneHot(tf.tensor1d(s.actions, 'int32'), 2)), 1);
      return tf.losses.huberLoss<ReturnType<typeof tf.tensor>, ReturnType<typeof tf.scalar>>(target, qa);
    };
    const { value, grads } = tf.variableGrads(f, vars);
    expect(loss).toBeCloseTo(value.dataSync()[0], 5);
    vars.forEach((v, i) => {
      const g = grads[v.name].dataSync();
      const before = i % 2 === 0 ? w0[i / 2] : b0[(i - 1) / 2];
      const after = i % 2 === 0 ? s.w[i / 2] : s.b[(i - 1) / 2];
      for (let k = 0; k < g.length; k++) {
        const want = Math.abs(g[k]) < 1e-6 ? 0 : -1e-2 * Math.sign(g[k]);
        if (Math.abs(g[k]) >= 1e-6) expect(after[k] - before[k]).toBeCloseTo(want, 4);
      }
    });
  });
});
