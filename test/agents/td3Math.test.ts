import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import type { ReplayBatch } from '../../agents/common/ReplayBuffer.js';
import { Td3ConfigSchema } from '../../agents/td3Config.js';
import { Td3Networks } from '../../agents/td3Networks.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf({ backend: 'cpu', quiet: true });
});

const LR = 0.01;
const TAU = 0.1;
const SIGMA = 0.2;
const CLIP = 0.5;

/** Linear networks (no hidden layer) on 1-d observations and actions: actor mu(s) = w s + b, critics Q(s, a) = ws s + wa a + b. */
function tinyNets(): Td3Networks {
  const cfg = Td3ConfigSchema.parse({ netArch: [], learningRate: LR, tau: TAU, policyDelay: 2, targetPolicyNoise: SIGMA, targetNoiseClip: CLIP, batchSize: 2 });
  const n = new Td3Networks(tf, cfg, 1, 1);
  n.actor.setFlat([-0.4, 0.2]);
  n.actorTarget.setFlat([0.5, 0.1]);
  n.critics.q1.setFlat([0.3, 0.2, 0.1]);
  n.critics.q2.setFlat([-0.1, 0.4, 0]);
  n.critics.q1Target.setFlat([1, 2, 0]);
  n.critics.q2Target.setFlat([1, -1, 0.5]);
  return n;
}

const BATCH: ReplayBatch = {
  obs: Float32Array.of(1, -2), actions: Float32Array.of(0.5, -0.25), rewards: Float32Array.of(1, -1), nextObs: Float32Array.of(2, 3),
  dones: Float32Array.of(0, 1), discounts: Float32Array.of(0.9, 0.9), weights: Float32Array.of(1, 1), indices: Int32Array.of(0, 1),
};
const NOISE = Float32Array.of(3, -0.5); // sigma noise = 0.6 (clipped to 0.5) and -0.1

const q = (p: ArrayLike<number>, s: number, a: number): number => (p[0] ?? 0) * s + (p[1] ?? 0) * a + (p[2] ?? 0);
const flat = (m: { getFlat(): Float32Array }): number[] => Array.from(m.getFlat());
/** Adam's first step from zero moments: each parameter moves by lr against the sign of its gradient. */
const adamFirst = (p: number[], g: number[]): number[] => p.map((v, i) => v - LR * Math.sign(g[i] ?? 0));

describe('TD3 update (hand-computed on linear networks)', () => {
  it('smooths the target action: clip(tanh(mu\'(s\')) + clip(sigma noise, -c, c), -1, 1)', () => {
    const n = tinyNets();
    const a = tf.tidy(() => Array.from(n.targetAction(tf.tensor2d([[2], [3]]), tf.tensor2d([[3], [-0.5]])).dataSync()));
    expect(a[0]).toBe(1); // tanh(1.1) + 0.5 = 1.3005 clipped to the bound
    expect(a[1]).toBeCloseTo(Math.tanh(1.6) - 0.1, 6);
    n.dispose();
  });

  it('fits both critics to y = r + gamma (1 - done) min(Q1\', Q2\')(s\', a\') on sum_i mean((Q_i - y)^2)', () => {
    const n = tinyNets();
    const q1 = flat(n.critics.q1);
    const q2 = flat(n.critics.q2);
    // a'_0 = 1: Q1' = 2 + 2 = 4, Q2' = 2 - 1 + 0.5 = 1.5, y_0 = 1 + 0.9 x 1.5; y_1 = -1 (terminal)
    const y = [1 + 0.9 * Math.min(4, 1.5), -1];
    const s = [1, -2];
    const act = [0.5, -0.25];
    const loss = (p: number[]): number => ((q(p, 1, 0.5) - (y[0] ?? 0)) ** 2 + (q(p, -2, -0.25) - (y[1] ?? 0)) ** 2) / 2;
    const grad = (p: number[]): number[] => {
      const e = s.map((si, i) => 2 * (q(p, si, act[i] ?? 0) - (y[i] ?? 0)));
      return [((e[0] ?? 0) * 1 + (e[1] ?? 0) * -2) / 2, ((e[0] ?? 0) * 0.5 + (e[1] ?? 0) * -0.25) / 2, ((e[0] ?? 0) + (e[1] ?? 0)) / 2];
    };
    const stats = n.trainStep(BATCH, NOISE);
    expect(stats.criticLoss).toBeCloseTo(loss(q1) + loss(q2), 4);
    flat(n.critics.q1).forEach((v, i) => expect(v).toBeCloseTo(adamFirst(q1, grad(q1))[i] ?? NaN, 5));
    flat(n.critics.q2).forEach((v, i) => expect(v).toBeCloseTo(adamFirst(q2, grad(q2))[i] ?? NaN, 5));
    n.dispose();
  });

  it('updates the actor on -mean Q1(s, pi(s)) and the targets by Polyak only every policyDelay-th step', () => {
    const n = tinyNets();
    const actor0 = flat(n.actor);
    const targets0 = { actor: flat(n.actorTarget), q1: flat(n.critics.q1Target), q2: flat(n.critics.q2Target) };
    const first = n.trainStep(BATCH, NOISE);
    expect(Number.isNaN(first.actorLoss)).toBe(true);
    expect(flat(n.actor)).toEqual(actor0);
    expect(flat(n.actorTarget)).toEqual(targets0.actor);
    expect(flat(n.critics.q1Target)).toEqual(targets0.q1);
    expect(flat(n.critics.q2Target)).toEqual(targets0.q2);
    const second = n.trainStep(BATCH, NOISE);
    // the actor step follows this step's critic update: Q1 now is what the actor climbs
    const q1 = flat(n.critics.q1);
    const u = [1, -2].map((s) => (actor0[0] ?? 0) * s + (actor0[1] ?? 0));
    expect(second.actorLoss).toBeCloseTo(-(q(q1, 1, Math.tanh(u[0] ?? 0)) + q(q1, -2, Math.tanh(u[1] ?? 0))) / 2, 5);
    const dPi = u.map((x) => (q1[1] ?? 0) * (1 - Math.tanh(x) ** 2)); // dQ1/du
    const g = [-((dPi[0] ?? 0) * 1 + (dPi[1] ?? 0) * -2) / 2, -((dPi[0] ?? 0) + (dPi[1] ?? 0)) / 2];
    const actor1 = flat(n.actor);
    actor1.forEach((v, i) => expect(v).toBeCloseTo(adamFirst(actor0, g)[i] ?? NaN, 5));
    const polyak = (net: number[], t: number[]): number[] => t.map((v, i) => TAU * (net[i] ?? 0) + (1 - TAU) * v);
    flat(n.actorTarget).forEach((v, i) => expect(v).toBeCloseTo(polyak(actor1, targets0.actor)[i] ?? NaN, 6));
    flat(n.critics.q1Target).forEach((v, i) => expect(v).toBeCloseTo(polyak(q1, targets0.q1)[i] ?? NaN, 6));
    flat(n.critics.q2Target).forEach((v, i) => expect(v).toBeCloseTo(polyak(flat(n.critics.q2), targets0.q2)[i] ?? NaN, 6));
    // a third step is a critic step only
    n.trainStep(BATCH, NOISE);
    expect(flat(n.actor)).toEqual(actor1);
    expect(n.numGradientSteps).toBe(3);
    n.dispose();
  });
});
