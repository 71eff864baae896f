import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../../agents/loadTf.js';
import { A2C } from '../../agents/a2c.js';
import { REINFORCE, type ReinforceConfig } from '../../agents/reinforce.js';
import { asVecEnv } from '../../agents/common/asVecEnv.js';
import { MatchEnv, matchScore } from './tinyEnvs.js';

const dir = mkdtempSync(join(tmpdir(), 'tsgym-pg-'));
beforeAll(async () => {
  await loadTf({ backend: 'cpu', quiet: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('A2C', () => {
  it('learns a trivially learnable env', async () => {
    const agent = await A2C.create(asVecEnv([new MatchEnv(), new MatchEnv(), new MatchEnv(), new MatchEnv()]), {
      netArch: [16],
      learningRate: 1e-2,
      gamma: 0.5,
      seed: 1,
    });
    await agent.learn({ totalTimesteps: 2000 });
    expect(matchScore((o) => agent.predict(o) as number)).toBeGreaterThanOrEqual(7.5);
    agent.dispose();
  });
});

describe('REINFORCE', () => {
  const cfg: ReinforceConfig = { netArch: [16], learningRate: 2e-2, gamma: 0.5, episodesPerUpdate: 4, numSteps: 16, seed: 4 };

  it('learns a trivially learnable env', async () => {
    const agent = await REINFORCE.create(asVecEnv([new MatchEnv(), new MatchEnv()]), cfg);
    await agent.learn({ totalTimesteps: 2000 });
    expect(matchScore((o) => agent.predict(o) as number)).toBeGreaterThanOrEqual(7.5);
    agent.dispose();
  });

  it('resumes from a checkpoint taken mid-episode exactly', async () => {
    const mk = (): ReturnType<typeof asVecEnv> => asVecEnv([new MatchEnv(13), new MatchEnv(13)]); // 13 does not divide the 16-step rounds
    const full = await REINFORCE.create(mk(), cfg);
    await full.learn({ totalTimesteps: 320 });
    const vec = mk();
    const half = await REINFORCE.create(vec, cfg);
    await half.learn({ totalTimesteps: 160 });
    await half.saveCheckpoint(join(dir, 'ck'));
    half.dispose();
    const resumed = await REINFORCE.loadCheckpoint(join(dir, 'ck'), vec);
    await resumed.learn({ totalTimesteps: 160 });
    expect(full.iterations).toBeGreaterThan(2);
    expect(resumed.iterations).toBe(full.iterations);
    expect(Array.from(resumed.ac.actor.getFlat())).toEqual(Array.from(full.ac.actor.getFlat()));
    full.dispose();
    resumed.dispose();
  });
});
