import { describe, expect, it } from 'vitest';
import '../../envs/traffic/index.js';
import { ParallelDomainRandomization } from '../../src/wrappers/ParallelDomainRandomization.js';
import { makeParallel } from '../../src/registry/registry.js';

const CONFIG = {
  params: {
    demand: { dist: 'uniform', low: 200, high: 900, path: 'scenario.demand' },
    left: { dist: 'uniform', low: 0.05, high: 0.25, path: 'scenario.turning.l' },
    headway: { dist: 'normal', mean: 1.2, std: 0.3, low: 0.6, high: 2, path: 'scenario.vehicleType.tau' },
  },
};
const BASE = { scenario: { rows: 2, cols: 2, turning: { l: 0.1, s: 0.8, r: 0.1 } }, numSeconds: 30 };

function episode(env: ParallelDomainRandomization<string, Float32Array, number>, seed: number | undefined): { drawn: unknown; obs: number[][] } {
  const [obs0, infos] = env.reset(seed === undefined ? undefined : { seed });
  const drawn = infos[env.agents[0] ?? '']?.randomization;
  for (const a of env.agents) expect(infos[a]?.randomization).toEqual(drawn);
  const obs = [Object.values(obs0).flatMap((o) => Array.from(o))];
  while (env.agents.length > 0) {
    const [o, , term, trunc] = env.step(Object.fromEntries(env.agents.map((a) => [a, 0])));
    obs.push(Object.values(o).flatMap((x) => Array.from(x)));
    if (Object.values(term).some(Boolean) || Object.values(trunc).some(Boolean)) break;
  }
  return { drawn, obs };
}

describe('ParallelDomainRandomization on TrafficGrid-v0', () => {
  it('rebuilds the grid with the drawn values for every agent, inside the ranges, repeatable under a seed', () => {
    const a = new ParallelDomainRandomization<string, Float32Array, number>(CONFIG, { factory: (kw) => makeParallel('TrafficGrid-v0', kw), kwargs: BASE });
    const b = new ParallelDomainRandomization<string, Float32Array, number>(CONFIG, { factory: (kw) => makeParallel('TrafficGrid-v0', kw), kwargs: BASE });
    expect(a.possibleAgents.length).toBe(4);
    for (const seed of [5, undefined]) {
      const ea = episode(a, seed);
      const eb = episode(b, seed);
      expect(ea).toEqual(eb);
      const d = ea.drawn as Record<string, number>;
      const sc = (a.unwrapped as unknown as { cfg: { scenario: Record<string, any> } }).cfg.scenario;
      expect(sc.demand).toBe(d.demand);
      expect(sc.turning.l).toBe(d.left);
      expect(sc.vehicleType.tau).toBe(d.headway);
      expect(d.demand).toBeGreaterThanOrEqual(200);
      expect(d.demand).toBeLessThanOrEqual(900);
      expect(d.headway).toBeGreaterThanOrEqual(0.6);
      expect(d.headway).toBeLessThanOrEqual(2);
    }
    expect(episode(a, 6).drawn).not.toEqual(episode(b, 7).drawn);
  });

  it('refuses draws that change the agents', () => {
    const env = new ParallelDomainRandomization(
      { params: { cols: { dist: 'choice', values: [3], path: 'scenario.cols' } } },
      { factory: (kw) => makeParallel('TrafficGrid-v0', kw), kwargs: BASE },
    );
    expect(() => env.reset({ seed: 0 })).toThrow(/changed the agents or their spaces/);
  });
});
