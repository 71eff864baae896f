import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Env } from '../../src/core/Env.js';
import { InvalidConfig } from '../../src/core/errors.js';
import type { ResetResult, StepResult } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { MlpPolicy } from '../../src/policy/MlpPolicy.js';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import { DQN, type DqnConfig } from '../../agents/dqn.js';
import { asVecEnv } from '../../agents/common/asVecEnv.js';
import { MaskedEnv, MatchEnv, MatchParallelEnv, matchScore } from './tinyEnvs.js';

let tf: Tf;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-dqn-'));
beforeAll(async () => {
  tf = await loadTf({ backend: 'cpu', quiet: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAST: DqnConfig = {
  learningStarts: 100, bufferSize: 2000, batchSize: 32, trainFreq: 1, gradientSteps: 1, targetUpdateInterval: 50,
  explorationFraction: 0.3, netArch: [16], learningRate: 1e-2, gamma: 0.5, seed: 3, logInterval: 100,
};

class ThreeObsEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [3]);
  readonly actionSpace = new Discrete(2);
  reset(): ResetResult<Float32Array> { return [new Float32Array(3), {}]; }
  step(): StepResult<Float32Array> { return [new Float32Array(3), 0, true, false, {}]; }
}

describe('DQN', () => {
  it('learns a trivially learnable env (optimal return 8, random 4)', async () => {
    const agent = await DQN.create(new MatchEnv(), { ...FAST, trainFreq: 2 });
    await agent.learn({ totalTimesteps: 800 });
    expect(matchScore((o) => agent.predict(o))).toBeGreaterThanOrEqual(7.5);
    agent.dispose();
  });

  it('save/load round-trips to identical predictions; a different observation space is refused naming the dimension', async () => {
    const agent = await DQN.create(new MatchEnv(), { ...FAST, dueling: true });
    await agent.learn({ totalTimesteps: 300 });
    await agent.save(join(dir, 'm'));
    const loaded = await DQN.load(join(dir, 'm'));
    for (const o of [Float32Array.of(1, 0), Float32Array.of(0, 1), Float32Array.of(0.3, 0.8)]) {
      expect(Array.from(loaded.qOf(o))).toEqual(Array.from(agent.qOf(o)));
    }
    await expect(DQN.load(join(dir, 'm'), new ThreeObsEnv())).rejects.toThrow(InvalidConfig);
    await expect(DQN.load(join(dir, 'm'), new ThreeObsEnv())).rejects.toThrow(/dimension 2.*has 3/);
    // saving again over an existing model replaces it atomically
    await agent.save(join(dir, 'm'));
    expect(Array.from((await DQN.load(join(dir, 'm'))).qOf(Float32Array.of(1, 0)))).toEqual(Array.from(agent.qOf(Float32Array.of(1, 0))));
    agent.dispose();
    loaded.dispose();
  });

  it('is deterministic under a seed', async () => {
    const run = async (): Promise<Float32Array> => {
      const a = await DQN.create(new MatchEnv(), { ...FAST, prioritized: true, nStep: 2 });
      await a.learn({ totalTimesteps: 250 });
      const f = a.q.getFlat();
      a.dispose();
      return f;
    };
    expect(Array.from(await run())).toEqual(Array.from(await run()));
  });

  it('learn(N) equals learn(N/2) + checkpoint + resume + learn(N/2) bit for bit', async () => {
    const cfg: DqnConfig = { ...FAST, doubleQ: true, dueling: true, nStep: 3, prioritized: true, tau: 0.5 };
    const full = await DQN.create(asVecEnv([new MatchEnv(), new MatchEnv()]), cfg);
    await full.learn({ totalTimesteps: 600 });
    const vec = asVecEnv([new MatchEnv(), new MatchEnv()]);
    const half = await DQN.create(vec, cfg);
    await half.learn({ totalTimesteps: 300, horizon: 600 });
    await half.saveCheckpoint(join(dir, 'ck'));
    half.dispose();
    const resumed = await DQN.loadCheckpoint(join(dir, 'ck'), vec);
    await resumed.learn({ totalTimesteps: 300, horizon: 600 });
    expect(resumed.numTimesteps).toBe(600);
    expect(Array.from(resumed.q.getFlat())).toEqual(Array.from(full.q.getFlat()));
    expect(Array.from(resumed.qTarget.getFlat())).toEqual(Array.from(full.qTarget.getFlat()));
    full.dispose();
    resumed.dispose();
  });

  it('leaks no tensors: numTensors is the same after step 10 and step 1000', async () => {
    const agent = await DQN.create(new MatchEnv(), { ...FAST, learningStarts: 5, trainFreq: 4, prioritized: true, doubleQ: true });
    const seen: Record<number, number> = {};
    await agent.learn({
      totalTimesteps: 1000,
      callbacks: [
        {
          onStep: (ctx) => {
            if (ctx.numTimesteps === 10 || ctx.numTimesteps === 1000) seen[ctx.numTimesteps] = tf.memory().numTensors;
          },
        },
      ],
    });
    expect(seen[10]).toBeDefined();
    expect(seen[1000]).toBe(seen[10]);
    agent.dispose();
  });

  it('never takes a masked action (exploring or greedy)', async () => {
    const env = new MaskedEnv();
    const agent = await DQN.create(env, { ...FAST, learningStarts: 50, explorationFraction: 0.5 });
    await agent.learn({ totalTimesteps: 300 }); // MaskedEnv throws on an invalid action
    expect(env.invalidTaken).toBe(0);
    let [obs] = env.reset({ seed: 7 });
    for (let i = 0; i < 5; i++) [obs] = env.step(agent.predict(obs));
    expect(env.invalidTaken).toBe(0);
    agent.dispose();
  });

  it('trains one shared network for every agent of a ParallelEnv', async () => {
    const agent = await DQN.create(new MatchParallelEnv(), FAST);
    await agent.learn({ totalTimesteps: 1000 }); // 500 steps of 2 agents
    expect(matchScore((o) => agent.predict(o))).toBeGreaterThanOrEqual(7.5);
    agent.dispose();
  });

  it('exports a SerializedMlp whose typed-array forward (MlpPolicy) equals tfjs within 1e-5, dueling heads folded', async () => {
    for (const dueling of [false, true]) {
      const agent = await DQN.create(new MatchEnv(), { ...FAST, dueling, netArch: [32, 32] });
      await agent.learn({ totalTimesteps: 120 });
      const policy = new MlpPolicy(agent.exportPolicy());
      for (const o of [Float32Array.of(1, 0), Float32Array.of(0, 1), Float32Array.of(0.25, -0.7)]) {
        const want = agent.qOf(o);
        const got = policy.forward(o);
        for (let k = 0; k < 2; k++) expect(Math.abs((got[k] ?? 0) - (want[k] ?? 0))).toBeLessThan(1e-5);
      }
      agent.dispose();
    }
  });
});
