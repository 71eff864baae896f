import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { makeParallel, ParallelWrapper } from '../../src/index.js';

describe('ParallelWrapper', () => {
  it('passes everything through and keeps agents in step with the inner env', () => {
    const inner = makeParallel('TrafficGrid-v0', { numSeconds: 10, deltaTime: 5 });
    const w = new ParallelWrapper(inner);
    expect(w.possibleAgents).toEqual(inner.possibleAgents);
    const a = inner.possibleAgents[0];
    expect(w.observationSpace(a).equals(inner.observationSpace(a))).toBe(true);
    const [obs] = w.reset({ seed: 3 });
    expect(w.agents).toEqual(inner.possibleAgents);
    expect(w.rng).toBe(inner.rng);
    expect(w.unwrapped).toBe(inner.unwrapped);
    const acts = Object.fromEntries(w.agents.map((g) => [g, 0]));
    w.step(acts);
    w.step(acts); // 10 s at 5 s per step: truncated, every agent leaves
    expect(inner.agents).toEqual([]);
    expect(w.agents).toEqual([]);
    expect(Object.keys(obs)).toEqual([...inner.possibleAgents]);
    w.close();
  });
});
