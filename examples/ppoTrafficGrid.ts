/**
 * PPO with parameter sharing on the traffic grid: one network drives every intersection of a 2x2 grid
 * (TrafficGrid-v0 is a ParallelEnv), then it is compared with max-pressure on the same seeds.
 *
 * Run: node dist/examples/ppoTrafficGrid.js [--quick]
 */
import '../envs/index.js';
import { makeParallel, makePolicy, runEpisode, summarize, MlpPolicy } from '../src/index.js';
import { PPO } from '../agents/index.js';

const quick = process.argv.includes('--quick');
const kwargs = { scenario: { rows: 2, cols: 2 }, numSeconds: quick ? 300 : 1800, laneOrder: 'compass' }; // same lane layout at every signal
const grid = makeParallel('TrafficGrid-v0', kwargs);
const agent = await PPO.create(grid, {
  numSteps: quick ? 32 : 128,
  numMinibatches: 4,
  updateEpochs: 4,
  learningRate: 1e-3,
  gamma: 0.95,
  entCoef: 0.01,
  seed: 1,
});
await agent.learn({ totalTimesteps: quick ? 256 : 60_000 });
console.log(`PPO trained ${agent.numTimesteps} agent-steps on a 2x2 grid (one shared network)`);

// Evaluate the exported network (plain typed arrays, no TensorFlow.js) and max-pressure on the same seeds.
const network = agent.exportPolicy();
const evalEnv = makeParallel('TrafficGrid-v0', kwargs);
const ppoPolicy = new MlpPolicy(network, { deterministic: true });
const shared = {
  name: 'ppo',
  act: (obs: Record<string, Float32Array>, infos: Record<string, Record<string, unknown>>) =>
    Object.fromEntries(Object.keys(obs).map((a) => [a, ppoPolicy.act(obs[a], infos[a] ?? {})])),
};
const seeds = quick ? [0] : [0, 1, 2, 3, 4];
for (const [name, policy] of [['ppo', shared], ['max-pressure', makePolicy('max-pressure', 'TrafficGrid-v0', evalEnv)]] as const) {
  const delays = seeds.map((s) => runEpisode(evalEnv, policy, 100 + s).metrics.meanDelay ?? Number.NaN);
  console.log(`${name.padEnd(12)} mean delay ${summarize(delays).mean.toFixed(1)} s over ${seeds.length} seed(s)`);
}
agent.dispose();
grid.close();
evalEnv.close();
