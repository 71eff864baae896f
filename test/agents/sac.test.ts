import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../src/registry/registry.js';
import { InvalidConfig } from '../../src/core/errors.js';
import { MlpPolicy } from '../../src/policy/MlpPolicy.js';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import { SAC, type SacConfig } from '../../agents/sac.js';
import { asVecEnv } from '../../agents/common/asVecEnv.js';

let tf: Tf;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-sac-'));
beforeAll(async () => {
  tf = await loadTf({ backend: 'cpu', quiet: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAST: SacConfig = { learningStarts: 40, batchSize: 16, bufferSize: 500, netArch: [8], learningRate: 3e-3, seed: 5, logInterval: 50 };
const OBS = [Float32Array.of(1, 0, 0), Float32Array.of(-0.6, 0.8, 3), Float32Array.of(0, -1, -7)];

describe('SAC', () => {
  it('acts within the Box bounds, the same as its exported network in MlpPolicy', async () => {
    const agent = await SAC.create(make('Pendulum-v1'), FAST);
    await agent.learn({ totalTimesteps: 120 });
    const policy = new MlpPolicy(agent.exportPolicy());
    for (const o of OBS) {
      const a = agent.predict(o);
      expect(Math.abs(a[0] ?? NaN)).toBeLessThanOrEqual(2);
      expect((policy.act(o, {}) as Float32Array)[0]).toBeCloseTo(a[0] ?? NaN, 5);
    }
    agent.dispose();
  });

  it('learn(N) equals learn(N/2) + checkpoint + resume + learn(N/2) bit for bit', async () => {
    const full = await SAC.create(make('Pendulum-v1'), FAST);
    await full.learn({ totalTimesteps: 160 });
    const vec = asVecEnv(make('Pendulum-v1'));
    const half = await SAC.create(vec, FAST);
    await half.learn({ totalTimesteps: 80 });
    await half.saveCheckpoint(join(dir, 'ck'));
    half.dispose();
    const resumed = await SAC.loadCheckpoint(join(dir, 'ck'), vec);
    await resumed.learn({ totalTimesteps: 80 });
    expect(resumed.numTimesteps).toBe(160);
    expect(Array.from(resumed.nets.actor.getFlat())).toEqual(Array.from(full.nets.actor.getFlat()));
    for (const k of ['q1', 'q2', 'q1Target', 'q2Target'] as const) {
      expect(Array.from(resumed.nets.critics[k].getFlat())).toEqual(Array.from(full.nets.critics[k].getFlat()));
    }
    expect(resumed.nets.alpha()).toBe(full.nets.alpha());
    full.dispose();
    resumed.dispose();
  });

  it('saves and loads a model that predicts the same actions', async () => {
    const agent = await SAC.create(make('Pendulum-v1'), FAST);
    await agent.learn({ totalTimesteps: 60 });
    await agent.save(join(dir, 'model'));
    const loaded = await SAC.load(join(dir, 'model'));
    for (const o of OBS) expect(Array.from(loaded.predict(o))).toEqual(Array.from(agent.predict(o)));
    agent.dispose();
    loaded.dispose();
  });

  it('leaks no tensors: numTensors is the same after step 50 and step 150', async () => {
    const agent = await SAC.create(make('Pendulum-v1'), FAST);
    const seen: Record<number, number> = {};
    const onStep = (ctx: { numTimesteps: number }): boolean => {
      if (ctx.numTimesteps === 50 || ctx.numTimesteps === 150) seen[ctx.numTimesteps] = tf.memory().numTensors;
      return true;
    };
    await agent.learn({ totalTimesteps: 150, callbacks: [{ onStep }] });
    expect(seen[150]).toBe(seen[50]);
    agent.dispose();
  });

  it('refuses an action space that is not a bounded Box', async () => {
    await expect(SAC.create(make('CartPole-v1'))).rejects.toThrow(InvalidConfig);
    await expect(SAC.create(make('CartPole-v1'))).rejects.toThrow(/needs a Box action space, got Discrete/);
  });
});
