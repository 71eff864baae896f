import { afterAll, describe, expect, it } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import { FlatAdam } from '../../agents/common/FlatAdam.js';
import { clipByGlobalNorm, globalNormScale } from '../../agents/common/clipByGlobalNorm.js';
import { Mlp } from '../../agents/common/Mlp.js';
import { DQN } from '../../agents/dqn.js';
import { Rng } from '../../src/rng/Rng.js';
import { MatchEnv } from './tinyEnvs.js';

// The lean DQN step (hand-written backprop, FlatAdam, flat clipping) against hand-computed cases and
// against tfjs' own autodiff + tf.train.adam (an independent implementation of the same maths).

const BACKENDS = ['cpu', 'wasm'] as const;
afterAll(async () => {
  await loadTf({ backend: 'cpu', quiet: true });
});

const vals = (t: tfjs.Tensor): number[] => Array.from(t.dataSync());

describe('FlatAdam', () => {
  it('equals the textbook Adam update on a hand-computed 2-step example (two variables of different shapes)', async () => {
    const tf = await loadTf({ backend: 'cpu', quiet: true });
    const a = tf.variable(tf.tensor1d([1, -2]));
    const b = tf.variable(tf.tensor2d([[0.5]]));
    const opt = new FlatAdam(tf, [a, b], { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    // step 1: m = 0.1 g, v = 0.001 g^2, m^ = g, v^ = g^2: the update is lr * sign(g)
    opt.applyGradients([tf.tensor1d([0.5, -1]), tf.tensor2d([[2]])]);
    expect(vals(a)[0]).toBeCloseTo(0.9, 6);
    expect(vals(a)[1]).toBeCloseTo(-1.9, 6);
    expect(vals(b)[0]).toBeCloseTo(0.4, 6);
    // step 2, a[0] (g 0.5 then -0.5): m = 0.9 * 0.05 - 0.05 = -0.005, v = 0.999 * 0.00025 + 0.00025 = 0.00049975,
    //   m^ = -0.005 / 0.19, v^ = 0.00049975 / 0.001999 = 0.25: a = 0.9 + 0.1 * (0.005 / 0.19) / 0.5 = 0.9052632
    // a[1] (g -1 then 1): m = 0.01, v = 0.001999, v^ = 1: a = -1.9 - 0.1 * 0.01 / 0.19 = -1.9052632
    // b (g 2 then 1): m = 0.28, v = 0.004996, m^ = 1.4736842, v^ = 2.4992496: b = 0.4 - 0.1 * 1.4736842 / 1.5809015 = 0.3067820
    opt.applyGradients([tf.tensor1d([-0.5, 1]), tf.tensor2d([[1]])]);
    expect(vals(a)[0]).toBeCloseTo(0.9052632, 6);
    expect(vals(a)[1]).toBeCloseTo(-1.9052632, 6);
    expect(vals(b)[0]).toBeCloseTo(0.306782, 6);
    expect(opt.iterations).toBe(2);
    opt.dispose();
    tf.dispose([a, b]);
  });

  it('clips the gradient to the global norm before the moments (hand-computed)', async () => {
    const tf = await loadTf({ backend: 'cpu', quiet: true });
    const p = tf.variable(tf.zeros([2]));
    const opt = new FlatAdam(tf, [p], { learningRate: 0.1, epsilon: 1e-8, maxGradNorm: 1 });
    // g1 = [3, 4]: norm 5, clipped to [0.6, 0.8]; the first update is lr * sign either way
    opt.applyGradients([tf.tensor1d([3, 4])]);
    expect(vals(p)[0]).toBeCloseTo(-0.1, 6);
    // g2 = [0.3, -0.4] (norm 0.5: unclipped). m = 0.09 [0.6, 0.8] + 0.1 g2 = [0.084, 0.032],
    // v = 0.000999 [0.36, 0.64] + 0.001 [0.09, 0.16] = [0.00044964, 0.00079936]; m^ = m / 0.19, v^ = v / 0.001999
    // p = -0.1 - 0.1 m^ / sqrt(v^) = [-0.1 - 0.0932180, -0.1 - 0.0266337] (unclipped g1 would give -0.17408, -0.15926)
    opt.applyGradients([tf.tensor1d([0.3, -0.4])]);
    expect(vals(p)[0]).toBeCloseTo(-0.193218, 5);
    expect(vals(p)[1]).toBeCloseTo(-0.1266337, 5);
    opt.dispose();
    p.dispose();
  });

  for (const backend of BACKENDS) {
    it(`matches tf.train.adam step for step and resumes from its getWeights (${backend})`, async () => {
      const tf = await loadTf({ backend, quiet: true });
      const rng = new Rng(7);
      const init = [[3, 5], [5], [5, 2]].map((s) => Float32Array.from({ length: s.reduce((x, y) => x * y, 1) }, () => rng.normal()));
      const shapes = [[3, 5], [5], [5, 2]];
      const mk = (): tfjs.Variable[] => init.map((v, i) => tf.variable(tf.tensor(v, shapes[i])));
      const ref = mk();
      const mine = mk();
      const adam = tf.train.adam(0.01);
      const flat = new FlatAdam(tf, mine, { learningRate: 0.01 });
      const gradsAt = (): Float32Array[] => init.map((v) => Float32Array.from(v, () => rng.normal()));
      for (let step = 0; step < 3; step++) {
        const g = gradsAt();
        tf.tidy(() => {
          adam.applyGradients(Object.fromEntries(ref.map((v, i) => [v.name, tf.tensor(g[i], shapes[i])])));
          flat.applyGradients(g.map((x, i) => tf.tensor(x, shapes[i])));
        });
      }
      ref.forEach((v, i) => vals(mine[i]).forEach((x, k) => expect(x).toBeCloseTo(vals(v)[k] ?? Number.NaN, 5)));
      // tfjs Adam's saved state (iterations, m per variable, v per variable) continues identically in a FlatAdam
      const resumed = new FlatAdam(tf, mine, { learningRate: 0.01 });
      await resumed.setWeights(await adam.getWeights());
      expect(resumed.iterations).toBe(3);
      const g = gradsAt();
      tf.tidy(() => {
        adam.applyGradients(Object.fromEntries(ref.map((v, i) => [v.name, tf.tensor(g[i], shapes[i])])));
        resumed.applyGradients(g.map((x, i) => tf.tensor(x, shapes[i])));
      });
      ref.forEach((v, i) => vals(mine[i]).forEach((x, k) => expect(x).toBeCloseTo(vals(v)[k] ?? Number.NaN, 5)));
      // its own state round-trips; a state for other variables is refused naming the count
      const w = await resumed.getWeights();
      expect(w.map((x) => x.tensor.shape)).toEqual([[], [3, 5], [5], [5, 2], [3, 5], [5], [5, 2]]);
      await expect(flat.setWeights(w.slice(0, 5))).rejects.toThrow(/4 moment tensors, expected 6/);
      [adam, flat, resumed].forEach((o) => o.dispose());
      tf.dispose([...ref, ...mine]);
    });
  }
});

describe('clipByGlobalNorm', () => {
  it('scales all gradients by maxNorm / global norm when above it and leaves them alone below', async () => {
    const tf = await loadTf({ backend: 'cpu', quiet: true });
    const grads = { a: tf.tensor1d([3]), b: tf.tensor2d([[0, 4]]) }; // global norm 5
    const clipped = clipByGlobalNorm(tf, grads, 2.5);
    expect(vals(clipped.a)[0]).toBeCloseTo(1.5, 5);
    expect(vals(clipped.b)).toEqual([0, expect.closeTo(2, 5)]);
    expect(clipped.b?.shape).toEqual([1, 2]);
    const kept = clipByGlobalNorm(tf, grads, 10);
    expect(vals(kept.a)[0]).toBeCloseTo(3, 6);
    expect(vals(kept.b)[1]).toBeCloseTo(4, 6);
    expect(vals(globalNormScale(tf, tf.tensor1d([3, 0, 4]), 1))[0]).toBeCloseTo(0.2, 6);
  });
});

describe('Mlp.backward', () => {
  for (const act of ['relu', 'tanh'] as const) {
    it(`equals tfjs autodiff of sum(out * dOut) for a ${act} net, per tensor and flat`, async () => {
      const tf = await loadTf({ backend: 'wasm', quiet: true });
      const net = Mlp.create(tf, { sizes: [3, 6, 5, 2], hiddenActivation: act, seed: 4 });
      tf.tidy(() => {
        const rng = new Rng(2);
        const x = tf.tensor2d(Float32Array.from({ length: 24 }, () => rng.normal()), [8, 3]);
        const dOut = tf.tensor2d(Float32Array.from({ length: 16 }, () => rng.normal()), [8, 2]);
        const auto = tf.variableGrads(() => tf.sum<tfjs.Scalar>(tf.mul(net.apply(x), dOut)), net.params).grads;
        const mine = net.backward(net.trace(x), dOut);
        const flat = vals(net.backwardFlat(net.trace(x), dOut));
        let off = 0;
        net.params.forEach((p, i) => {
          const want = vals(auto[p.name]);
          expect((mine[i]).shape).toEqual(p.shape);
          vals(mine[i]).forEach((g, k) => expect(g).toBeCloseTo(want[k] ?? Number.NaN, 5));
          want.forEach((g, k) => expect(flat[off + k]).toBeCloseTo(g, 5));
          off += p.size;
        });
        expect(flat.length).toBe(net.numParams);
      });
      net.dispose();
    });
  }
});

/** One DQN step computed the textbook way: autodiff of mean(w * huber(Q(s,a) - target)), clip, tf.train.adam. */
function referenceStep(
  tf: Tf,
  batch: {
    obs: Float32Array;
    nextObs: Float32Array;
    actions: Float32Array;
    rewards: Float32Array;
    dones: Float32Array;
    discounts: Float32Array;
    weights: Float32Array;
  },
  vars: tfjs.Variable[],
  target: tfjs.Tensor[],
  adam: tfjs.AdamOptimizer,
): void {
  const B = batch.rewards.length;
  const fwd = (ps: tfjs.Tensor[], x: tfjs.Tensor2D): tfjs.Tensor2D => {
    let h = x;
    for (let l = 0; l < ps.length / 2; l++) {
      h = tf.add(tf.matMul(h, ps[2 * l] as tfjs.Tensor2D), ps[2 * l + 1]);
      if (l < ps.length / 2 - 1) h = tf.relu(h);
    }
    const v = tf.slice(h, [0, 0], [-1, 1]);
    const a = tf.slice(h, [0, 1], [-1, 2]);
    return tf.add(v, tf.sub(a, tf.mean(a, 1, true))); // dueling
  };
  tf.tidy(() => {
    const obs = tf.tensor2d(batch.obs, [B, 2]);
    const next = tf.tensor2d(batch.nextObs, [B, 2]);
    const aStar = tf.argMax(fwd(vars, next), 1); // double DQN
    const nextQ = tf.sum(tf.mul(fwd(target, next), tf.oneHot(aStar, 2)), 1);
    const boot = tf.mul(tf.tensor1d(batch.discounts), tf.sub(1, tf.tensor1d(batch.dones)));
    const tdTarget = tf.add(tf.tensor1d(batch.rewards), tf.mul(boot, nextQ));
    const { grads } = tf.variableGrads(() => {
      const qa = tf.sum(tf.mul(fwd(vars, obs), tf.oneHot(tf.tensor1d(batch.actions, 'int32'), 2)), 1);
      const huber = tf.losses.huberLoss(tdTarget, qa, undefined, 1, tf.Reduction.NONE);
      return tf.mean<tfjs.Scalar>(tf.mul(huber, tf.tensor1d(batch.weights)));
    }, vars);
    adam.applyGradients(clipByGlobalNorm(tf, grads, 0.5) as Record<string, tfjs.Variable>);
  });
}

describe('DQN.trainStep', () => {
  for (const backend of BACKENDS) {
    it(`equals autodiff + clipping + tf.train.adam on the same batches (dueling, double, prioritized; ${backend})`, async () => {
      const tf = await loadTf({ backend, quiet: true });
      const agent = await DQN.create(new MatchEnv(), {
        netArch: [16, 16],
        batchSize: 32,
        dueling: true,
        doubleQ: true,
        prioritized: true,
        maxGradNorm: 0.5,
        learningRate: 1e-3,
        gamma: 0.9,
        nStep: 2,
        seed: 5,
      });
      const rb = agent.replayBuffer();
      const rng = new Rng(11);
      for (let i = 0; i < 200; i++) {
        const o = [rng.random(), rng.random()];
        rb.add(o, [rng.integers(0, 2)], [rng.normal()], [rng.random(), rng.random()], [rng.random() < 0.2 ? 1 : 0], [0], [1]);
      }
      // distinct target weights, so a mix-up of online and target net would show
      agent.qTarget.setFlat(agent.q.getFlat().map((x, i) => x + 0.05 * Math.sin(i)));
      const vars = agent.q.params.map((p) => tf.variable(p.clone()));
      const target = agent.qTarget.params.map((p) => p.clone());
      const adam = tf.train.adam(1e-3);
      const agentRng = (agent as unknown as { rng: Rng }).rng;
      for (let step = 0; step < 3; step++) {
        const s = rb.sample(Rng.fromState(agentRng.getState()), 0.4); // the batch trainStep will draw
        const batch = {
          obs: s.obs.slice(),
          nextObs: s.nextObs.slice(),
          actions: Float32Array.from(s.actions),
          rewards: s.rewards.slice(),
          dones: Float32Array.from(s.dones),
          discounts: Float32Array.from(s.discounts),
          weights: Float32Array.from(s.weights),
        };
        agent.trainStep(0.4);
        referenceStep(tf, batch, vars, target, adam);
      }
      vars.forEach((v, i) => {
        const got = vals(agent.q.params[i]);
        vals(v).forEach((x, k) => expect(got[k]).toBeCloseTo(x, 5));
      });
      expect(Number.isFinite(agent.lastLoss)).toBe(true);
      adam.dispose();
      tf.dispose([...vars, ...target]);
      agent.dispose();
    });
  }
});
