import '../../../envs/classic/index.js';
import type { BenchFigure, BenchFn } from '../../bench/types.js';
import { Rng } from '../../rng/Rng.js';
import { makeVec } from '../../vector/makeVec.js';
import { DQN } from '../../../agents/dqn.js';
import { activeBackend, loadTf } from '../../../agents/loadTf.js';
import { PlainDqnStep } from '../../../agents/common/PlainDqnStep.js';
import { PPO } from '../../../agents/ppo.js';
import { RolloutBuffer } from '../../../agents/common/RolloutBuffer.js';

/** CPU milliseconds of this process: on a shared, loaded machine wall time counts other processes' work. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Median over `rounds` of the CPU time per call of `fn` run `reps` times (after one warm-up round). */
function medianMs(fn: () => void, reps: number, rounds: number): number {
  const per: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t = cpuMs();
    for (let i = 0; i < reps; i++) fn();
    if (r > 0) per.push((cpuMs() - t) / reps);
  }
  per.sort((a, b) => a - b);
  return per[Math.floor(per.length / 2)] ?? Number.NaN;
}

/** Fills a DQN's replay buffer with `n` random CartPole-like transitions. */
function fillReplay(agent: DQN, n: number): void {
  const rng = new Rng(0);
  const obs = new Float32Array(4);
  const next = new Float32Array(4);
  const rb = agent.replayBuffer();
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 4; k++) {
      obs[k] = rng.normal() * 0.1;
      next[k] = rng.normal() * 0.1;
    }
    rb.add(obs, [rng.integers(0, 2)], [1], next, [rng.random() < 0.05 ? 1 : 0], [0], [1]);
  }
}

/**
 * The agents section of `npm run bench`: one DQN gradient step (MLP 4-64-64-2, batch 64, Huber, global-norm
 * clipping, Adam) on the active tfjs backend and the same step in plain JS typed arrays (the floor), one
 * PPO update epoch, and env steps per second while DQN trains on CartPole-v1. Times are CPU time of this
 * process (medians), so a loaded machine inflates them less than wall time would.
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async ({ quick }) => {
  const tf = await loadTf({ quiet: true });
  const backend = `${activeBackend() ?? tf.getBackend()} backend`;
  const figures: BenchFigure[] = [];
  const rounds = quick ? 3 : 7;

  // DQN gradient step, through the agent's own trainStep (sample + target + loss + clip + Adam)
  const envs = makeVec('CartPole-v1', 1, { mode: 'sync' });
  const dqn = await DQN.create(envs, { netArch: [64, 64], batchSize: 64, bufferSize: 10_000, seed: 0 });
  fillReplay(dqn, 5000);
  // steady state: the first ~1,500 steps run slower (wasm/XNNPACK set-up, V8 optimising tfjs' dispatch code)
  for (let i = 0; i < (quick ? 300 : 1500); i++) dqn.trainStep(0.4);
  const dqnMs = medianMs(() => dqn.trainStep(0.4), quick ? 50 : 300, rounds);
  figures.push({
    key: 'dqnStepUs', value: Math.round(dqnMs * 1000), unit: 'us',
    scenario: `DQN gradient step, MLP 4-64-64-2, batch 64, replay sample + Huber + clip + Adam, tfjs ${backend}, CPU time`,
    anchor: { name: 'PyTorch 1.13 CPU, one thread', value: 321, measured: false },
  });
  dqn.dispose();

  // the same step in plain JS typed arrays
  const plain = new PlainDqnStep([4, 64, 64, 2], 64, 0);
  const plainMs = medianMs(() => plain.step(), quick ? 100 : 1000, rounds);
  figures.push({
    key: 'plainJsDqnStepUs', value: Math.round(plainMs * 1000), unit: 'us',
    scenario: 'the same DQN step (forward, target, Huber, backward, clip, Adam) in plain JS Float32Arrays, CPU time',
    anchor: { name: 'PyTorch 1.13 CPU, one thread', value: 321, measured: false },
  });

  // one PPO update epoch over a 4 x 128 rollout, 4 minibatches of 128
  const ppoEnvs = makeVec('CartPole-v1', 4, { mode: 'sync' });
  const ppo = await PPO.create(ppoEnvs, { numSteps: 128, numMinibatches: 4, updateEpochs: 1, seed: 0 });
  const buf = new RolloutBuffer(128, 4, 4, 1);
  const rng = new Rng(1);
  for (let i = 0; i < buf.obs.length; i++) buf.obs[i] = rng.normal() * 0.1;
  for (let i = 0; i < 512; i++) {
    buf.actions[i] = rng.integers(0, 2);
    buf.logProbs[i] = Math.log(0.5);
    buf.advantages[i] = rng.normal();
    buf.returns[i] = rng.normal() + 10;
    buf.values[i] = 10;
    buf.valid[i] = 1;
  }
  const ppoMs = medianMs(() => ppo.update(buf), quick ? 2 : 10, rounds);
  figures.push({
    key: 'ppoEpochMs', value: Math.round(ppoMs * 100) / 100, unit: 'ms',
    scenario: `one PPO update epoch: 512 transitions (4 envs x 128 steps), 4 minibatches, MLP 64-64 tanh actor + critic, tfjs ${backend}, CPU time`,
  });
  ppo.dispose();
  await ppoEnvs.close();

  // env steps per second while DQN trains on CartPole (rl-zoo schedule: 128 gradient steps every 256 env steps)
  const trainEnvs = makeVec('CartPole-v1', 1, { mode: 'sync' });
  const learner = await DQN.create(trainEnvs, {
    netArch: [64, 64],
    batchSize: 64,
    learningStarts: 1000,
    trainFreq: 256,
    gradientSteps: 128,
    targetUpdateInterval: 10,
    learningRate: 2.3e-3,
    explorationFraction: 0.16,
    explorationFinalEps: 0.04,
    seed: 0,
  });
  await learner.learn({ totalTimesteps: 1000 });
  const steps = quick ? 1024 : 4096;
  const t0 = cpuMs();
  await learner.learn({ totalTimesteps: steps });
  const sps = (steps * 1000) / (cpuMs() - t0);
  figures.push({
    key: 'trainEnvStepsPerSec', value: Math.round(sps), unit: 'steps/s',
    scenario: `env steps/s (CPU time) while DQN trains on CartPole-v1: 1 env, MLP 64-64, 128 gradient steps of batch 64 every 256 steps, tfjs ${backend}`,
  });
  learner.dispose();
  await trainEnvs.close();
  await envs.close();
  return figures;
};
