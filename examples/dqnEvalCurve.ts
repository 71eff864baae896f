/**
 * The evaluation curve of one DQN run on CartPole-v1 (not a unit test): the defaults of
 * `agents/hyperparams/CartPole-v1.json` with JSON overrides, 10 greedy episodes (seeded 1000000 + seed
 * + i) every 5,000 steps, one line per evaluation as it happens. What docs/BENCHMARKS.md's DQN
 * oscillation figures come from.
 *
 *   node dist/examples/dqnEvalCurve.js 1 '{"init":"torch","adamEpsilon":1e-8}' 100000
 */
import '../envs/classic/index.js';
import { make } from '../src/registry/registry.js';
import { makeVec } from '../src/vector/makeVec.js';
import { EvalCallback } from '../agents/common/EvalCallback.js';
import { DQN } from '../agents/dqn.js';
import { loadHyperparams } from '../agents/hyperparams.js';

const seed = Number(process.argv[2] ?? 1);
const overrides = JSON.parse(process.argv[3] ?? '{}') as Record<string, unknown>;
const steps = Number(process.argv[4] ?? 100_000);
const agent = await DQN.create(makeVec('CartPole-v1', 1, { mode: 'sync' }), { ...loadHyperparams('CartPole-v1', 'dqn')?.config, ...overrides, seed });
const ev = new EvalCallback({ env: make('CartPole-v1'), everySteps: 5000, episodes: 10, seed: 1_000_000 + seed });
const print = {
  onLog: (r: { type: string; step: number; meanReturn?: number }): void => {
    if (r.type === 'eval') console.log(`eval ${r.step} ${Math.round(r.meanReturn ?? 0)}`);
  },
};
await agent.learn({ totalTimesteps: steps, callbacks: [ev, print] });
console.log(JSON.stringify({ seed, overrides, evals: ev.history.map((h) => Math.round(h.meanReturn)) }));
