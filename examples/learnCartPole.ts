/**
 * Learning results on CartPole-v1 (not a unit test): trains `--seeds` seeds of one algorithm with the
 * defaults of `agents/hyperparams/CartPole-v1.json`, evaluates 20 deterministic episodes every
 * `--eval-every` steps (stopping a seed once the mean reaches 475) and at the end, and prints one JSON line
 * per seed plus a summary.
 *
 *   node dist/examples/learnCartPole.js --algo dqn --seeds 5
 *   node dist/examples/learnCartPole.js --algo ppo --seeds 5 --first-seed 1 --steps 150000
 */
import { parseArgs } from 'node:util';
import '../envs/classic/index.js';
import { make } from '../src/registry/registry.js';
import { makeVec } from '../src/vector/makeVec.js';
import { A2C } from '../agents/a2c.js';
import type { Agent } from '../agents/common/Agent.js';
import { EvalCallback } from '../agents/common/EvalCallback.js';
import { evaluatePolicy } from '../agents/common/evaluate.js';
import { DQN } from '../agents/dqn.js';
import { loadHyperparams } from '../agents/hyperparams.js';
import { activeBackend, loadTf } from '../agents/loadTf.js';
import { PPO } from '../agents/ppo.js';
import { REINFORCE } from '../agents/reinforce.js';

const { values } = parseArgs({
  options: {
    algo: { type: 'string', default: 'dqn' },
    seeds: { type: 'string', default: '5' },
    'first-seed': { type: 'string', default: '1' },
    steps: { type: 'string' },
    'eval-every': { type: 'string', default: '10000' },
    target: { type: 'string', default: '475' },
  },
});
const algo = values.algo as 'dqn' | 'ppo' | 'a2c' | 'reinforce';
if (!['dqn', 'ppo', 'a2c', 'reinforce'].includes(algo)) {
  process.stderr.write(`--algo must be dqn, ppo, a2c or reinforce, got '${algo}'\n`);
  process.exit(2);
}
const hp = loadHyperparams('CartPole-v1', algo);
if (hp === undefined) throw new Error(`no CartPole-v1 hyperparameters for ${algo}`);
const steps = Number(values.steps ?? hp.totalTimesteps);
const target = Number(values.target);
const results: { seed: number; finalMean: number; finalStd: number; reachedAt: number | null; seconds: number }[] = [];
await loadTf();
for (let s = 0; s < Number(values.seeds); s++) {
  const seed = Number(values['first-seed']) + s;
  const envs = makeVec('CartPole-v1', hp.numEnvs, { mode: 'sync' });
  const config = { ...hp.config, seed };
  const agent: Agent = algo === 'dqn' ? await DQN.create(envs, config) : algo === 'ppo' ? await PPO.create(envs, config)
    : algo === 'a2c' ? await A2C.create(envs, config) : await REINFORCE.create(envs, config);
  const ev = new EvalCallback({ env: make('CartPole-v1'), everySteps: Number(values['eval-every']), episodes: 20, seed: 100_000, stopAtReturn: target });
  const t0 = performance.now();
  await agent.learn({ totalTimesteps: steps, callbacks: [ev], horizon: steps });
  const final = evaluatePolicy(agent, make('CartPole-v1'), { episodes: 20, seed: 200_000 });
  const reached = ev.history.find((h) => h.meanReturn >= target);
  const r = {
    seed,
    finalMean: final.meanReturn,
    finalStd: final.stdReturn,
    reachedAt: reached?.step ?? null,
    steps: agent.numTimesteps,
    seconds: (performance.now() - t0) / 1000,
  };
  results.push(r);
  process.stdout.write(`${JSON.stringify({ algo, backend: activeBackend(), ...r, evals: ev.history.map((h) => [h.step, h.meanReturn]) })}\n`);
  agent.dispose();
  await envs.close();
}
const ok = results.filter((r) => r.reachedAt !== null || r.finalMean >= target).length;
process.stdout.write(
  `${JSON.stringify({
    algo, backend: activeBackend(), budget: steps, target, seedsReaching: ok, seeds: results.length, finalMeans: results.map((r) => r.finalMean),
  })}\n`,
);
