import { beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make, makeParallel } from '../../src/registry/registry.js';
import { loadTf } from '../../agents/loadTf.js';
import { DQN } from '../../agents/dqn.js';
import { PPO } from '../../agents/ppo.js';

beforeAll(async () => {
  await loadTf({ backend: 'cpu', quiet: true });
});

describe('agents on the tsgym envs', () => {
  it('PPO with parameter sharing steps TrafficGrid-v0 (one slot per intersection)', async () => {
    const env = makeParallel('TrafficGrid-v0');
    const agent = await PPO.create(env, { numSteps: 8, numMinibatches: 1, updateEpochs: 1, netArch: [16], seed: 1 });
    await agent.learn({ totalTimesteps: 8 * env.possibleAgents.length * 2 });
    expect(agent.iterations).toBe(2);
    agent.dispose();
  });

  it('DQN and PPO respect the actionMask of JobShop-v0 (an invalid dispatch would throw)', async () => {
    const env = make('JobShop-v0', { instance: 'ft06' });
    const dqn = await DQN.create(env, { learningStarts: 20, bufferSize: 500, batchSize: 16, netArch: [16], seed: 1 });
    await dqn.learn({ totalTimesteps: 120 });
    expect(dqn.numTimesteps).toBe(120);
    dqn.dispose();
    const ppo = await PPO.create(make('JobShop-v0', { instance: 'ft06' }), { numSteps: 32, numMinibatches: 1, updateEpochs: 1, netArch: [16], seed: 1 });
    await ppo.learn({ totalTimesteps: 64 });
    expect(ppo.numTimesteps).toBe(64);
    ppo.dispose();
  });
});
