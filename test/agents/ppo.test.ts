import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlpPolicy } from '../../src/policy/MlpPolicy.js';
import { Box } from '../../src/spaces/Box.js';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import { PPO, ppoLoss, type PpoConfig } from '../../agents/ppo.js';
import { asVecEnv } from '../../agents/common/asVecEnv.js';
import { MaskedEnv, MatchEnv, MatchParallelEnv, matchScore } from './tinyEnvs.js';

let tf: Tf;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-ppo-'));
beforeAll(async () => {
  tf = await loadTf({ backend: 'cpu', quiet: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAST: PpoConfig = {
  numSteps: 32,
  numMinibatches: 2,
  updateEpochs: 4,
  learningRate: 1e-2,
  netArch: [16],
  gamma: 0.5,
  gaeLambda: 0.9,
  entCoef: 0,
  seed: 2,
};

describe('ppoLoss', () => {
  it('matches a hand-computed clipped objective, clipped value loss, entropy and approx KL', () => {
    const r = tf.tidy(() => {
      const p = ppoLoss(tf, {
        newLogProb: tf.tensor1d([Math.log(1.5), Math.log(0.5)]), oldLogProb: tf.tensor1d([0, 0]), advantages: tf.tensor1d([1, -1]),
        newValue: tf.tensor1d([1, 2]), oldValue: tf.tensor1d([0.5, 2.5]), returns: tf.tensor1d([1.2, 1]), entropy: tf.tensor1d([0.6, 0.4]),
      }, { clipCoef: 0.2, clipVloss: true, entCoef: 0.01, vfCoef: 0.5 });
      return [p.loss, p.pgLoss, p.vLoss, p.entropyLoss, p.approxKl, p.clipFrac].map((t) => t.dataSync()[0] ?? Number.NaN);
    });
    // pg: sample 1 max(-1.5, -1.2) = -1.2; sample 2 max(0.5, 0.8) = 0.8 -> mean -0.2
    // v: max(0.04, (0.7-1.2)^2 = 0.25), max(1, (2.3-1)^2 = 1.69) -> 0.5 * mean = 0.485
    const kl = (0.5 - Math.log(1.5) + (-0.5 - Math.log(0.5))) / 2;
    const want = [-0.2 - 0.01 * 0.5 + 0.5 * 0.485, -0.2, 0.485, 0.5, kl, 1];
    want.forEach((w, i) => expect(r[i]).toBeCloseTo(w, 5));
  });

  it('without value clipping uses 0.5 mean((V - R)^2)', () => {
    const v = tf.tidy(() => ppoLoss(tf, {
      newLogProb: tf.tensor1d([0]), oldLogProb: tf.tensor1d([0]), advantages: tf.tensor1d([1]), newValue: tf.tensor1d([2]),
      oldValue: tf.tensor1d([0]), returns: tf.tensor1d([1]), entropy: tf.tensor1d([0]),
    }, { clipCoef: 0.2, clipVloss: false, entCoef: 0, vfCoef: 1 }).vLoss.dataSync()[0]);
    expect(v).toBeCloseTo(0.5, 6);
  });
});

describe('PPO', () => {
  it('learns a trivially learnable env', async () => {
    const agent = await PPO.create(asVecEnv([new MatchEnv(), new MatchEnv()]), FAST);
    await agent.learn({ totalTimesteps: 1024 });
    expect(matchScore((o) => agent.predict(o) as number)).toBeGreaterThanOrEqual(7.5);
    agent.dispose();
  });

  it('never samples a masked action and trains one shared network on a ParallelEnv', async () => {
    const env = new MaskedEnv();
    const masked = await PPO.create(env, { ...FAST, numSteps: 16 });
    await masked.learn({ totalTimesteps: 128 });
    expect(env.invalidTaken).toBe(0);
    masked.dispose();
    const shared = await PPO.create(new MatchParallelEnv(), FAST);
    await shared.learn({ totalTimesteps: 1024 });
    expect(matchScore((o) => shared.predict(o) as number)).toBeGreaterThanOrEqual(7.5);
    shared.dispose();
  });

  it('learn(N) equals learn(N/2) + checkpoint + resume + learn(N/2) bit for bit; save/load keeps predictions', async () => {
    const full = await PPO.create(asVecEnv([new MatchEnv(), new MatchEnv()]), FAST);
    await full.learn({ totalTimesteps: 256 });
    const vec = asVecEnv([new MatchEnv(), new MatchEnv()]);
    const half = await PPO.create(vec, FAST);
    await half.learn({ totalTimesteps: 128, horizon: 256 });
    await half.saveCheckpoint(join(dir, 'ck'));
    half.dispose();
    const resumed = await PPO.loadCheckpoint(join(dir, 'ck'), vec);
    await resumed.learn({ totalTimesteps: 128, horizon: 256 });
    expect(Array.from(resumed.ac.actor.getFlat())).toEqual(Array.from(full.ac.actor.getFlat()));
    expect(Array.from(resumed.ac.critic.getFlat())).toEqual(Array.from(full.ac.critic.getFlat()));
    await full.save(join(dir, 'm'));
    const loaded = await PPO.load(join(dir, 'm'), new MatchEnv());
    expect(Array.from(loaded.ac.actor.getFlat())).toEqual(Array.from(full.ac.actor.getFlat()));
    for (const o of [Float32Array.of(1, 0), Float32Array.of(0, 1)]) expect(loaded.predict(o)).toBe(full.predict(o));
    full.dispose();
    resumed.dispose();
    loaded.dispose();
  });

  it('leaks no tensors: numTensors is the same after iteration 10 and iteration 1000', async () => {
    const agent = await PPO.create(new MatchEnv(), { ...FAST, numSteps: 1, numMinibatches: 1, updateEpochs: 1 });
    const seen: Record<number, number> = {};
    await agent.learn({
      totalTimesteps: 1000,
      callbacks: [
        {
          onStep: () => {
            if (agent.iterations === 10 || agent.iterations === 1000) seen[agent.iterations] = tf.memory().numTensors;
          },
        },
      ],
    });
    expect(seen[10]).toBeDefined();
    expect(seen[1000]).toBe(seen[10]);
    agent.dispose();
  });

  it('exports logits and Gaussian policies that MlpPolicy evaluates like tfjs (within 1e-5)', async () => {
    const disc = await PPO.create(new MatchEnv(), { ...FAST, netArch: [32, 32] });
    const pol = new MlpPolicy(disc.exportPolicy());
    const o = Float32Array.of(0.4, -1.3);
    const want = tf.tidy(() => disc.ac.actor.apply(tf.tensor2d(o, [1, 2])).dataSync());
    const got = pol.forward(o);
    for (let k = 0; k < 2; k++) expect(Math.abs((got[k] ?? 0) - (want[k] ?? 0))).toBeLessThan(1e-5);
    disc.dispose();
    // a Box action space gives a Gaussian head with logStd
    const boxEnv = new MatchEnv();
    Object.defineProperty(boxEnv, 'actionSpace', { value: new Box(-1, 1, [2]) });
    const gauss = await PPO.create(boxEnv, { ...FAST, logStdInit: -0.5 });
    const net = gauss.exportPolicy();
    expect(net.output).toBe('gaussian');
    expect(net.logStd).toEqual([-0.5, -0.5]);
    const mean = tf.tidy(() => gauss.ac.actor.apply(tf.tensor2d(o, [1, 2])).dataSync());
    const m = new MlpPolicy(net).forward(o);
    for (let k = 0; k < 2; k++) expect(Math.abs((m[k] ?? 0) - (mean[k] ?? 0))).toBeLessThan(1e-5);
    gauss.dispose();
  });
});
