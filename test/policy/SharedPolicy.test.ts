import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { Box, Discrete, makeParallel, MlpPolicy, policyFromSpec, runEpisode, SharedPolicy, type Policy, type SerializedMlp } from '../../src/index.js';

// 2 -> 2 (relu) -> 2 (linear), the hand-computed network of MlpPolicy.test.ts: [1, 2] -> q [2.5, 1] -> 0; [-1, 1] -> q [-6, 2.5] -> 1
const tiny: SerializedMlp = {
  format: 'tsgym-mlp', version: 1, output: 'q',
  layers: [
    { inputSize: 2, outputSize: 2, activation: 'relu', weights: [1, -1, 2, 0.5], bias: [0, 1] },
    { inputSize: 2, outputSize: 2, activation: 'linear', weights: [1, 0, -3, 1], bias: [0.5, 0] },
  ],
  observationSpace: new Box(-10, 10, [2]).toJSON(), actionSpace: new Discrete(2).toJSON(),
};

describe('SharedPolicy', () => {
  it('acts for every live agent with the one inner policy, each on its own observation and info', () => {
    const shared = new SharedPolicy(new MlpPolicy(tiny));
    expect(shared.act({ n: Float32Array.of(1, 2), s: Float32Array.of(-1, 1) }, { n: {}, s: {} })).toEqual({ n: 0, s: 1 });
    // only the agents present in the observation record act (done agents are left out)
    expect(shared.act({ s: Float32Array.of(1, 2) }, {})).toEqual({ s: 0 });
    const seen: unknown[] = [];
    const inner: Policy<number, number> = {
      name: 'echo',
      act: (o, info) => {
        seen.push(info.tag);
        return o * 2;
      },
      reset: (seed) => seen.push(`reset ${String(seed)}`),
    };
    const p = new SharedPolicy(inner);
    p.reset(7);
    expect(p.act({ a: 1, b: 3 }, { a: { tag: 'A' }, b: { tag: 'B' } })).toEqual({ a: 2, b: 6 });
    expect(seen).toEqual(['reset 7', 'A', 'B']);
    expect(p.name).toBe('shared-echo');
  });

  it('is what a run network becomes on a ParallelEnv (tsgym eval/compare of a parameter-shared run on TrafficGrid-v0)', () => {
    const grid = makeParallel('TrafficGrid-v0', { scenario: { rows: 2, cols: 2 }, numSeconds: 60 });
    const first = grid.possibleAgents[0] ?? '';
    const size = grid.observationSpace(first).shape[0] ?? 0;
    // linear q = [0, obs[0]]: asks for phase 1 exactly when the first observation entry (phase-0 one-hot) is set
    const weights = new Array<number>(size * 2).fill(0);
    weights[1] = 1;
    const net: SerializedMlp = {
      format: 'tsgym-mlp',
      version: 1,
      output: 'q',
      layers: [{ inputSize: size, outputSize: 2, activation: 'linear', weights, bias: [0, 0] }],
      observationSpace: grid.observationSpace(first).toJSON(),
      actionSpace: grid.actionSpace(first).toJSON(),
    };
    const policy = policyFromSpec({ kind: 'mlp', network: net }, 'TrafficGrid-v0', grid);
    const [obs, infos] = grid.reset({ seed: 3 });
    const acts = policy.act(obs, infos) as Record<string, number>;
    expect(Object.keys(acts).sort()).toEqual([...grid.possibleAgents].sort());
    for (const a of grid.possibleAgents) expect(acts[a]).toBe((obs[a]?.[0] ?? 0) > 0 ? 1 : 0);
    // a whole episode runs: 60 s at deltaTime 5 = 12 steps
    expect(runEpisode(grid, policy, 1).length).toBe(12);
    grid.close();
  });
});
