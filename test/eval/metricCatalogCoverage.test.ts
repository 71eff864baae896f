import { beforeAll, describe, expect, it } from 'vitest';
import { make, makeParallel, spec } from '../../src/registry/registry.js';
import { metricInfo } from '../../src/eval/metricCatalog.js';
import { registerTraffic } from '../../envs/traffic/registerTraffic.js';
import { registerFactory } from '../../envs/factory/registerFactory.js';
import { Rng } from '../../src/rng/Rng.js';

beforeAll(() => {
  registerTraffic();
  registerFactory();
});

/** The `info.metrics` keys of a short episode with random (masked) actions. */
function metricKeys(id: string, kwargs: Record<string, unknown>, steps: number): string[] {
  const rng = new Rng(1);
  if (spec(id).parallel) {
    const env = makeParallel(id, kwargs);
    env.reset({ seed: 1 });
    let infos: Record<string, { metrics?: Record<string, number> }> = {};
    for (let t = 0; t < steps && env.agents.length > 0; t++) {
      const act = Object.fromEntries(env.agents.map((a) => [a, env.actionSpace(a).sample(rng)]));
      infos = env.step(act)[4];
    }
    return Object.keys(Object.values(infos)[0]?.metrics ?? {});
  }
  const env = make(id, kwargs);
  env.reset({ seed: 1 });
  let metrics: Record<string, number> = {};
  for (let t = 0; t < steps; t++) {
    const [, , term, trunc, info] = env.step(env.actionSpace.sample(rng));
    if (info.metrics) metrics = info.metrics as Record<string, number>;
    if (term || trunc) break;
  }
  return Object.keys(metrics);
}

describe('the metric catalogues describe every metric the envs report', () => {
  it.each([
    ['TrafficSignal-v0', { numSeconds: 120 }, 30],
    ['TrafficGrid-v0', { scenario: { rows: 2, cols: 2 }, numSeconds: 120 }, 30],
    ['FactoryLine-v0', {}, 100_000],
    ['JobShop-v0', { instance: 'ft06' }, 36],
  ] as const)('%s', (id, kwargs, steps) => {
    const keys = metricKeys(id, { ...kwargs }, steps);
    expect(keys.length).toBeGreaterThan(0);
    const cat = spec(id).metrics;
    expect(cat && keys).toContain(cat?.main);
    expect(keys.filter((k) => metricInfo(k, cat) === undefined)).toEqual([]);
  });
});
