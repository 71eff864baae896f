import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../src/registry/registry.js';
import { InvalidConfig } from '../../src/core/errors.js';
import { MlpPolicy } from '../../src/policy/MlpPolicy.js';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import { SAC } from '../../agents/sac.js';
import { TD3 } from '../../agents/td3.js';
import { asVecEnv, type AgentEnv } from '../../agents/common/asVecEnv.js';
import type { TwinCritics } from '../../agents/common/twinCritics.js';

let tf: Tf;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-offpolicy-'));
beforeAll(async () => {
  tf = await loadTf({ backend: 'cpu', quiet: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAST = { learningStarts: 40, batchSize: 16, bufferSize: 500, netArch: [8], learningRate: 3e-3, seed: 5, logInterval: 50 };
const OBS = [Float32Array.of(1, 0, 0), Float32Array.of(-0.6, 0.8, 3), Float32Array.of(0, -1, -7)];

/** What the shared tests need of SAC and TD3. */
interface BoxAgent {
  numTimesteps: number;
  predict(obs: unknown, opts?: { deterministic?: boolean }): Float32Array;
  learn(o: { totalTimesteps: number; callbacks?: { onStep(ctx: { numTimesteps: number }): boolean }[] }): Promise<unknown>;
  save(dir: string): Promise<void>;
  saveCheckpoint(dir: string): Promise<void>;
  exportPolicy(): ReturnType<SAC['exportPolicy']>;
  dispose(): void;
}
interface Algo {
  create(env: AgentEnv, cfg: typeof FAST): Promise<BoxAgent>;
  load(dir: string): Promise<BoxAgent>;
  loadCheckpoint(dir: string, env: AgentEnv): Promise<BoxAgent>;
  /** Every learned number of the agent: networks, targets (and SAC's temperature). */
  state(a: BoxAgent): number[][];
}

const critics = (c: TwinCritics): number[][] => [c.q1, c.q2, c.q1Target, c.q2Target].map((m) => Array.from(m.getFlat()));
const ALGOS: [string, Algo][] = [
  ['SAC', {
    create: (env, c) => SAC.create(env, c), load: (d) => SAC.load(d), loadCheckpoint: (d, env) => SAC.loadCheckpoint(d, env),
    state: (a) => { const n = (a as SAC).nets; return [Array.from(n.actor.getFlat()), ...critics(n.critics), [n.alpha()]]; },
  }],
  ['TD3', {
    create: (env, c) => TD3.create(env, c), load: (d) => TD3.load(d), loadCheckpoint: (d, env) => TD3.loadCheckpoint(d, env),
    state: (a) => { const n = (a as TD3).nets; return [n.actor, n.actorTarget].map((m) => Array.from(m.getFlat())).concat(critics(n.critics)); },
  }],
];

describe.each(ALGOS)('%s (the off-policy Box agent)', (name, algo) => {
  it('acts within the Box bounds, the same as its exported network in MlpPolicy', async () => {
    const agent = await algo.create(make('Pendulum-v1'), FAST);
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
    const full = await algo.create(make('Pendulum-v1'), FAST);
    await full.learn({ totalTimesteps: 161 });
    const vec = asVecEnv(make('Pendulum-v1'));
    const half = await algo.create(vec, FAST);
    await half.learn({ totalTimesteps: 81 }); // an odd number of gradient steps: TD3 resumes on a critic-only step
    await half.saveCheckpoint(join(dir, `${name}-ck`));
    half.dispose();
    const resumed = await algo.loadCheckpoint(join(dir, `${name}-ck`), vec);
    await resumed.learn({ totalTimesteps: 80 });
    expect(resumed.numTimesteps).toBe(161);
    expect(algo.state(resumed)).toEqual(algo.state(full));
    full.dispose();
    resumed.dispose();
  });

  it('saves and loads a model (and a checkpoint as a model) that predict the same actions', async () => {
    const agent = await algo.create(make('Pendulum-v1'), FAST);
    await agent.learn({ totalTimesteps: 60 });
    await agent.save(join(dir, `${name}-model`));
    await agent.saveCheckpoint(join(dir, `${name}-ck2`));
    const loaded = await algo.load(join(dir, `${name}-model`));
    const fromCk = await algo.load(join(dir, `${name}-ck2`));
    for (const o of OBS) {
      expect(Array.from(loaded.predict(o))).toEqual(Array.from(agent.predict(o)));
      expect(Array.from(fromCk.predict(o))).toEqual(Array.from(agent.predict(o)));
    }
    await expect(algo.loadCheckpoint(join(dir, `${name}-model`), make('Pendulum-v1'))).rejects.toThrow(`saved model, not a checkpoint: use ${name}.load`);
    agent.dispose();
    loaded.dispose();
    fromCk.dispose();
  });

  it('leaks no tensors: numTensors is the same after step 50 and step 150', async () => {
    const agent = await algo.create(make('Pendulum-v1'), FAST);
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
    await expect(algo.create(make('CartPole-v1'), FAST)).rejects.toThrow(InvalidConfig);
    await expect(algo.create(make('CartPole-v1'), FAST)).rejects.toThrow(/needs a Box action space, got Discrete/);
  });
});
