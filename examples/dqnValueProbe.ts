/**
 * What a DQN CartPole-v1 model believes against what it does (not a unit test): for each model or
 * checkpoint directory given, 5 greedy episodes (seeds 1000-1004) with their lengths, Q(s0) = max_a Q of
 * the first observation, and the mean |Q(s, 0) - Q(s, 1)| (action gap) along the episode. With reward 1
 * per step and gamma 0.99 no policy is worth more than 1 / (1 - 0.99) = 100, and after k target refreshes
 * a value learned by bootstrapping is at most 100 (1 - 0.99^k). What docs/agents.md's DQN diagnosis
 * figures come from.
 *
 *   node dist/examples/dqnValueProbe.js runs/cp-dqn/checkpoints/step-10000 runs/cp-dqn/checkpoints/step-20000
 */
import '../envs/classic/index.js';
import { make } from '../src/registry/registry.js';
import { DQN } from '../agents/dqn.js';

const fmt = (xs: number[], digits = 1): string => xs.map((x) => x.toFixed(digits)).join(' ');

for (const dir of process.argv.slice(2)) {
  const agent = await DQN.load(dir);
  const env = make('CartPole-v1');
  const lengths: number[] = [];
  const q0: number[] = [];
  const gaps: number[] = [];
  for (let ep = 0; ep < 5; ep++) {
    let [obs] = env.reset({ seed: 1000 + ep }) as [Float32Array, unknown];
    q0.push(Math.max(...agent.qOf(Float32Array.from(obs))));
    let t = 0;
    let gap = 0;
    for (let done = false; !done; t++) {
      const q = agent.qOf(Float32Array.from(obs));
      gap += Math.abs((q[0] ?? 0) - (q[1] ?? 0));
      const [next, , term, trunc] = env.step(agent.predict(obs));
      obs = next as Float32Array;
      done = term || trunc;
    }
    lengths.push(t);
    gaps.push(gap / t);
  }
  console.log(`${dir}: lengths ${fmt(lengths, 0)} | Q(s0) ${fmt(q0)} | mean action gap ${fmt(gaps, 2)}`);
  agent.dispose();
}
