import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../src/registry/registry.js';
import { InvalidConfig } from '../../src/core/errors.js';
import { loadTf } from '../../agents/loadTf.js';
import { TD3, type Td3Config } from '../../agents/td3.js';
import { SAC } from '../../agents/sac.js';

const dir = mkdtempSync(join(tmpdir(), 'tsgym-td3-'));
beforeAll(async () => {
  await loadTf({ backend: 'cpu', quiet: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAST: Td3Config = { learningStarts: 40, batchSize: 16, bufferSize: 500, netArch: [8], learningRate: 3e-3, seed: 5 };

describe('TD3 (its own parts; the shared ones in offPolicyBox.test.ts)', () => {
  it('explores with clipped Gaussian noise around the deterministic action, and none with actionNoise 0', async () => {
    const agent = await TD3.create(make('Pendulum-v1'), FAST);
    const quiet = await TD3.create(make('Pendulum-v1'), { ...FAST, actionNoise: 0 });
    const o = Float32Array.of(-0.6, 0.8, 3);
    const a = agent.predict(o)[0] ?? NaN;
    const draws = Array.from({ length: 400 }, () => agent.predict(o, { deterministic: false })[0] ?? NaN);
    for (const d of draws) expect(Math.abs(d)).toBeLessThanOrEqual(2);
    // noise sd 0.1 in [-1, 1] units is 0.2 N m on Pendulum's [-2, 2]: the mean of 400 draws is within 0.05 of the action
    const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, d) => s + (d - mean) ** 2, 0) / draws.length);
    expect(Math.abs(a)).toBeLessThan(1.4); // the untrained actor of seed 5 acts away from the bounds: the clip rarely bites
    expect(mean).toBeCloseTo(a, 1);
    expect(sd).toBeGreaterThan(0.16);
    expect(sd).toBeLessThan(0.24);
    expect(quiet.predict(o, { deterministic: false })).toEqual(quiet.predict(o));
    agent.dispose();
    quiet.dispose();
  });

  it('counts gradient steps as SB3 (every env step after learningStarts) and keeps them through a checkpoint', async () => {
    const agent = await TD3.create(make('Pendulum-v1'), FAST);
    await agent.learn({ totalTimesteps: 81 });
    expect(agent.nets.numGradientSteps).toBe(41); // steps 41..81
    await agent.saveCheckpoint(join(dir, 'ck'));
    const resumed = await TD3.loadCheckpoint(join(dir, 'ck'), make('Pendulum-v1'));
    expect(resumed.nets.numGradientSteps).toBe(41);
    await agent.save(join(dir, 'model'));
    await expect(SAC.load(join(dir, 'model'))).rejects.toThrow(/td3/);
    agent.dispose();
    resumed.dispose();
  });

  it('refuses bad hyperparameters naming the key and the value', async () => {
    await expect(TD3.create(make('Pendulum-v1'), { policyDelay: 0 })).rejects.toThrow(InvalidConfig);
    await expect(TD3.create(make('Pendulum-v1'), { policyDelay: 0 })).rejects.toThrow(/TD3 config.*policyDelay.*got 0/s);
    await expect(TD3.create(make('Pendulum-v1'), { targetNoiseClip: -0.5 })).rejects.toThrow(/targetNoiseClip.*got -0.5/s);
    await expect(TD3.create(make('Pendulum-v1'), { actionNoise: Number.NaN })).rejects.toThrow(/actionNoise.*got NaN/s);
    await expect(TD3.create(make('Pendulum-v1'), { entCoef: 0.1 } as Td3Config)).rejects.toThrow(/unknown key 'entCoef'/);
  });
});
