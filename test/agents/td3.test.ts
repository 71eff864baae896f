import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../src/registry/registry.js';
import { InvalidConfig } from '../../src/core/errors.js';
import { MlpPolicy } from '../../src/policy/MlpPolicy.js';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import { TD3, type Td3Config } from '../../agents/td3.js';
import { SAC } from '../../agents/sac.js';
import { asVecEnv } from '../../agents/common/asVecEnv.js';

let tf: Tf;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-td3-'));
beforeAll(async () => {
  tf = await loadTf({ backend: 'cpu', quiet: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAST: Td3Config = { learningStarts: 40, batchSize: 16, bufferSize: 500, netArch: [8], learningRate: 3e-3, seed: 5, logInterval: 50 };
const OBS = [Float32Array.of(1, 0, 0), Float32Array.of(-0.6, 0.8, 3), Float32Array.of(0, -1, -7)];

describe('TD3', () => {
  it('acts within the Box bounds, the same as its exported network in MlpPolicy', async () => {
    const agent = await TD3.create(make('Pendulum-v1'), FAST);
    await agent.learn({ totalTimesteps: 120 });
    const policy = new MlpPolicy(agent.exportPolicy());
    for (const o of OBS) {
      const a = agent.predict(o);
      expect(Math.abs(a[0] ?? NaN)).toBeLessThanOrEqual(2);
      expect((policy.act(o, {}) as Float32Array)[0]).toBeCloseTo(a[0] ?? NaN, 5);
      // the exploring action is the deterministic one plus noise, clipped to the bounds
      const noisy = agent.predict(o, { deterministic: false })[0] ?? NaN;
      expect(Math.abs(noisy)).toBeLessThanOrEqual(2);
      expect(noisy).not.toBe(a[0]);
    }
    agent.dispose();
  });

  it('learn(N) equals learn(N/2) + checkpoint + resume + learn(N/2) bit for bit', async () => {
    const full = await TD3.create(make('Pendulum-v1'), FAST);
    await full.learn({ totalTimesteps: 161 });
    const vec = asVecEnv(make('Pendulum-v1'));
    const half = await TD3.create(vec, FAST);
    await half.learn({ totalTimesteps: 81 }); // an odd number of gradient steps: the resumed run starts on a critic-only step
    await half.saveCheckpoint(join(dir, 'ck'));
    half.dispose();
    const resumed = await TD3.loadCheckpoint(join(dir, 'ck'), vec);
    await resumed.learn({ totalTimesteps: 80 });
    expect(resumed.numTimesteps).toBe(161);
    expect(resumed.nets.numGradientSteps).toBe(121);
    for (const k of ['actor', 'actorTarget'] as const) expect(Array.from(resumed.nets[k].getFlat())).toEqual(Array.from(full.nets[k].getFlat()));
    for (const k of ['q1', 'q2', 'q1Target', 'q2Target'] as const) {
      expect(Array.from(resumed.nets.critics[k].getFlat())).toEqual(Array.from(full.nets.critics[k].getFlat()));
    }
    full.dispose();
    resumed.dispose();
  });

  it('saves and loads a model (and a checkpoint) that predict the same actions; a SAC model is refused', async () => {
    const agent = await TD3.create(make('Pendulum-v1'), FAST);
    await agent.learn({ totalTimesteps: 60 });
    await agent.save(join(dir, 'model'));
    await agent.saveCheckpoint(join(dir, 'ck2'));
    const loaded = await TD3.load(join(dir, 'model'));
    const fromCk = await TD3.load(join(dir, 'ck2'));
    for (const o of OBS) {
      expect(Array.from(loaded.predict(o))).toEqual(Array.from(agent.predict(o)));
      expect(Array.from(fromCk.predict(o))).toEqual(Array.from(agent.predict(o)));
    }
    await expect(TD3.loadCheckpoint(join(dir, 'model'), make('Pendulum-v1'))).rejects.toThrow(/saved model, not a checkpoint: use TD3.load/);
    await expect(SAC.load(join(dir, 'model'))).rejects.toThrow(/td3/);
    agent.dispose();
    loaded.dispose();
    fromCk.dispose();
  });

  it('leaks no tensors: numTensors is the same after step 50 and step 150', async () => {
    const agent = await TD3.create(make('Pendulum-v1'), FAST);
    const seen: Record<number, number> = {};
    const onStep = (ctx: { numTimesteps: number }): boolean => {
      if (ctx.numTimesteps === 50 || ctx.numTimesteps === 150) seen[ctx.numTimesteps] = tf.memory().numTensors;
      return true;
    };
    await agent.learn({ totalTimesteps: 150, callbacks: [{ onStep }] });
    expect(seen[150]).toBe(seen[50]);
    agent.dispose();
  });

  it('refuses bad hyperparameters naming the key and the value, and a non-Box action space', async () => {
    await expect(TD3.create(make('Pendulum-v1'), { policyDelay: 0 })).rejects.toThrow(InvalidConfig);
    await expect(TD3.create(make('Pendulum-v1'), { policyDelay: 0 })).rejects.toThrow(/TD3 config.*policyDelay.*got 0/s);
    await expect(TD3.create(make('Pendulum-v1'), { targetNoiseClip: -0.5 })).rejects.toThrow(/targetNoiseClip.*got -0.5/s);
    await expect(TD3.create(make('Pendulum-v1'), { actionNoise: Number.NaN })).rejects.toThrow(/actionNoise.*got NaN/s);
    await expect(TD3.create(make('Pendulum-v1'), { entCoef: 0.1 } as Td3Config)).rejects.toThrow(/unknown key 'entCoef'/);
    await expect(TD3.create(make('CartPole-v1'))).rejects.toThrow(/needs a Box action space, got Discrete/);
  });
});
