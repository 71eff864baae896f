import { describe, expect, it } from 'vitest';
import { FlatAdam } from '../../agents/common/FlatAdam.js';
import { DQN } from '../../agents/dqn.js';
import { loadTf } from '../../agents/loadTf.js';
import { make } from '../../src/index.js';
import '../../envs/index.js';

describe('DQN annealLr', () => {
  it("FlatAdam's first step moves each parameter by the learning rate set just before it, against the gradient's sign", async () => {
    const tf = await loadTf();
    const p = tf.variable(tf.tensor1d([1, 1, 1]));
    const opt = new FlatAdam(tf, [p], { learningRate: 0.1, epsilon: 1e-12 });
    opt.learningRate = 0.01;
    opt.applyGradients([tf.tensor1d([3, -0.5, 2e-3])]);
    const v = Array.from(p.dataSync());
    expect(v[0]).toBeCloseTo(0.99, 6);
    expect(v[1]).toBeCloseTo(1.01, 6);
    expect(v[2]).toBeCloseTo(0.99, 6);
    opt.dispose();
    p.dispose();
  });

  it('the learning rate falls linearly with the run: at the last training round of 600 steps (step 600, every 100) it is lr x (1 - 600/800)', async () => {
    const cfg = { seed: 1, learningRate: 0.004, annealLr: true, learningStarts: 100, trainFreq: 100, gradientSteps: 1, batchSize: 8, netArch: [8] };
    const agent = await DQN.create(make('CartPole-v1'), cfg);
    const opt = (agent as unknown as { optimizer: FlatAdam }).optimizer;
    expect(opt.learningRate).toBe(0.004);
    await agent.learn({ totalTimesteps: 650, horizon: 800 });
    expect(opt.learningRate).toBeCloseTo(0.004 * (1 - 600 / 800), 12);
    agent.dispose();
    const fixed = await DQN.create(make('CartPole-v1'), { ...cfg, annealLr: false });
    await fixed.learn({ totalTimesteps: 650, horizon: 800 });
    expect((fixed as unknown as { optimizer: FlatAdam }).optimizer.learningRate).toBe(0.004);
    fixed.dispose();
  });
});
