import { describe, expect, it } from 'vitest';
import '../../../envs/factory/index.js';
import type { Env } from '../../../src/core/Env.js';
import { SnapshotUnsupported } from '../../../src/core/errors.js';
import { make } from '../../../src/registry/registry.js';
import { Rng } from '../../../src/rng/Rng.js';
import { canonical } from '../../helpers/canonical.js';

/** Steps with allowed actions drawn from `rng` (the spaces sample from the live action mask); resets without a seed at episode ends. */
function run(env: Env<unknown, number>, rng: Rng, n: number): { out: string[]; resets: number } {
  const out: string[] = [];
  let resets = 0;
  for (let i = 0; i < n; i++) {
    const r = env.step(env.actionSpace.sample(rng));
    out.push(canonical(r));
    if (r[2] || r[3]) {
      out.push(canonical(env.reset()));
      resets++;
    }
  }
  return { out, resets };
}

const viaJson = (s: unknown): unknown => JSON.parse(JSON.stringify(s));

const agentRelease = {
  horizon: 3000,
  products: [{ name: 'A' }, { name: 'B' }],
  stages: [
    { name: 's1', processing: { kind: 'exponential', mean: 10 } },
    { name: 's2', machines: 2, buffer: 3, processing: { A: 15, B: { kind: 'exponential', mean: 20 } } },
  ],
  release: { kind: 'poisson', rate: 0.08, control: 'agent', reviewInterval: 5 },
};

describe('factory env snapshots (exact resume)', () => {
  it.each([
    ['FactoryLine-v0', { scenario: 'parallel-breakdowns', horizon: 7200 }, 300, 900],
    ['FactoryLine-v0', { scenario: 'two-product', mode: 'pick', k: 3, reward: 'mix', horizon: 4000 }, 200, 700],
    ['FactoryLine-v0', { config: agentRelease, reward: 'wip' }, 150, 600],
    ['JobShop-v0', { instance: 'ft06' }, 13, 50],
  ])('%s %j: restored into a fresh env after JSON, it continues byte-identically, across episode ends', (id, kw, before, after) => {
    const a = make(id, kw) as Env<unknown, number>;
    a.reset({ seed: 11 });
    run(a, new Rng(1), before);
    const snap = viaJson(a.snapshot());
    const expected = run(a, new Rng(2), after);
    expect(expected.resets).toBeGreaterThan(0); // the next episode's seed comes from the restored env rng
    const b = make(id, kw) as Env<unknown, number>;
    b.restore(snap);
    expect(run(b, new Rng(2), after).out).toEqual(expected.out);
  });

  it('a snapshot taken before the first reset restores to an env that still needs one', () => {
    const a = make('FactoryLine-v0', { horizon: 2000 });
    const b = make('FactoryLine-v0', { horizon: 2000 });
    b.restore(viaJson(a.snapshot()));
    expect(canonical(b.reset({ seed: 4 }))).toBe(canonical(a.reset({ seed: 4 })));
  });

  it('refuses a snapshot of another line or instance, naming both', () => {
    const a = make('FactoryLine-v0', { scenario: 'serial5' });
    a.reset({ seed: 0 });
    const b = make('FactoryLine-v0', { scenario: 'parallel-breakdowns' });
    expect(() => b.unwrapped.restore(viaJson(a.unwrapped.snapshot()))).toThrow(SnapshotUnsupported);
    expect(() => b.unwrapped.restore(viaJson(a.unwrapped.snapshot()))).toThrow(/line with \d+ machines .* got kind "factory-line" with 5 machines/);
    const j = make('JobShop-v0', { instance: 'la01' });
    expect(() => make('JobShop-v0', { instance: 'ft06' }).unwrapped.restore(viaJson(j.unwrapped.snapshot()))).toThrow(/expected a snapshot of instance 'ft06' \(6 x 6\), got "la01" \(10 x 5\)/);
  });
});
