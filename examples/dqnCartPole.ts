/**
 * DQN on CartPole-v1 with the rl-baselines3-zoo-style defaults in agents/hyperparams/CartPole-v1.json,
 * then a deterministic evaluation, save and reload.
 *
 * Run: node dist/examples/dqnCartPole.js [--quick]
 */
import '../envs/index.js';
import { make, makeVec } from '../src/index.js';
import { DQN, EvalCallback, loadHyperparams } from '../agents/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const quick = process.argv.includes('--quick');
const hp = loadHyperparams('CartPole-v1', 'dqn');
if (hp === undefined) throw new Error('agents/hyperparams/CartPole-v1.json has no dqn entry');
const steps = quick ? 1_500 : hp.totalTimesteps;
const envs = makeVec('CartPole-v1', hp.numEnvs, { mode: 'sync' });
const agent = await DQN.create(envs, { ...hp.config, ...(quick ? { learningStarts: 500, trainFreq: 16, gradientSteps: 4 } : {}), seed: 1 });
const evaluation = new EvalCallback({ env: make('CartPole-v1'), everySteps: quick ? 1_000 : 10_000, episodes: quick ? 2 : 10, stopAtReturn: 500 });
await agent.learn({ totalTimesteps: steps, callbacks: [evaluation] });
const last = evaluation.history.at(-1);
console.log(`DQN on CartPole-v1: ${agent.numTimesteps} steps, last evaluation mean return ${last?.meanReturn.toFixed(1) ?? 'n/a'}`);
const dir = join(mkdtempSync(join(tmpdir(), 'tsgym-dqn-')), 'model');
await agent.save(dir);
const again = await DQN.load(dir, make('CartPole-v1'));
const env = make('CartPole-v1');
const [obs] = env.reset({ seed: 0 });
console.log(`saved to ${dir}; reloaded model acts the same: ${again.predict(obs) === agent.predict(obs)}`);
agent.dispose();
again.dispose();
await envs.close();
