import { describe, expect, it } from 'vitest';
import '../../../envs/traffic/index.js';
import '../../../envs/classic/index.js';
import type { TrafficSignalEnv } from '../../../envs/traffic/env/TrafficSignalEnv.js';
import type { TrafficNetworkParallelEnv } from '../../../envs/traffic/network-env/TrafficNetworkParallelEnv.js';
import type { Env } from '../../../src/core/Env.js';
import { SnapshotUnsupported } from '../../../src/core/errors.js';
import type { ParallelEnv } from '../../../src/core/ParallelEnv.js';
import { make, makeParallel } from '../../../src/registry/registry.js';
import { Rng } from '../../../src/rng/Rng.js';
import { canonical } from '../../helpers/canonical.js';

/** Steps with actions from `rng`; resets without a seed at episode ends (the env rng draws the next engine seed). */
function run(env: Env<Float32Array, number>, rng: Rng, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = env.step(env.actionSpace.sample(rng));
    out.push(canonical(r));
    if (r[2] || r[3]) out.push(canonical(env.reset()));
  }
  return out;
}

function runParallel(env: ParallelEnv<string, Float32Array, number>, rng: Rng, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (env.agents.length === 0) out.push(canonical(env.reset()));
    const acts = Object.fromEntries(env.agents.map((a) => [a, env.actionSpace(a).sample(rng)]));
    out.push(canonical(env.step(acts)));
  }
  return out;
}

/** The snapshot as it goes to disk and back. */
const viaJson = (s: unknown): unknown => JSON.parse(JSON.stringify(s));

describe('traffic env snapshots (exact resume)', () => {
  it.each([
    ['TrafficSignal-v0', { numSeconds: 400, scenario: { demand: 900 } }],
    ['TrafficSignal-v0', { numSeconds: 400, reward: 'delay', model: 'krauss' }],
    ['TrafficNetwork-v0', { numSeconds: 400, network: 'test/fixtures/sumo/cross/cross.sumocfg' }],
  ])('%s %j: restored into a fresh env after JSON, it continues byte-identically, across episode ends', (id, kw) => {
    const a = make(id, kw) as Env<Float32Array, number>;
    a.reset({ seed: 7 });
    run(a, new Rng(1), 57); // mid-episode, queues built up
    const snap = viaJson(a.snapshot());
    const expected = run(a, new Rng(2), 100); // crosses the 80-step episode end
    const b = make(id, kw) as Env<Float32Array, number>;
    b.restore(snap);
    expect(run(b, new Rng(2), 100)).toEqual(expected);
    expect(expected.length).toBe(101); // one reset happened inside
  });

  it('TrafficGrid-v0 and TrafficNetworkParallel-v0 (imported programs) restore every agent, and the live agents after an episode end', () => {
    for (const [id, kw, programs] of [
      ['TrafficGrid-v0', { numSeconds: 300, scenario: { rows: 2, cols: 3 } }, false],
      ['TrafficNetworkParallel-v0', { numSeconds: 300, network: 'test/fixtures/sumo/grid4' }, true],
    ] as const) {
      const build = (): ParallelEnv<string, Float32Array, number> => {
        const e = makeParallel(id, kw) as ParallelEnv<string, Float32Array, number>;
        if (programs) (e as TrafficNetworkParallelEnv).runPrograms();
        return e;
      };
      const a = build();
      a.reset({ seed: 3 });
      runParallel(a, new Rng(1), 33);
      const snap = viaJson(a.snapshot());
      const expected = runParallel(a, new Rng(2), 60);
      const b = build();
      b.restore(snap);
      expect(runParallel(b, new Rng(2), 60), id).toEqual(expected);
      // at an episode end the agents list is empty: a snapshot there restores that too
      runParallel(a, new Rng(3), 60 - (a.agents.length === 0 ? 0 : 1));
      const c = build();
      c.restore(viaJson(a.snapshot()));
      expect(c.agents).toEqual(a.agents);
    }
  });

  it("carries each vehicle's lane-change memory (speed-gain and keep-right wishes, look-ahead speed, strategic wish)", () => {
    const a = make('TrafficSignal-v0', { scenario: { lanes: 2 } }).unwrapped as TrafficSignalEnv;
    a.reset({ seed: 1 });
    for (let i = 0; i < 12; i++) a.step(0);
    const vs = a.engine.veh;
    const v = vs.run[0];
    expect(vs.runCount).toBeGreaterThan(0);
    vs.sgProb[v] = 0.123;
    vs.krProb[v] = -0.456;
    vs.lookAheadSpeed[v] = 7.5;
    vs.lcState[v] = 8 | 2;
    const b = make('TrafficSignal-v0', { scenario: { lanes: 2 } }).unwrapped as TrafficSignalEnv;
    b.restore(viaJson(a.snapshot()));
    const ws = b.engine.veh;
    expect([ws.sgProb[v], ws.krProb[v], ws.lookAheadSpeed[v], ws.lcState[v]]).toEqual([0.123, -0.456, 7.5, 10]);
  });

  it('refuses a snapshot of another network or another env kind, naming both', () => {
    const a = make('TrafficSignal-v0', { scenario: { lanes: 1 } });
    a.reset({ seed: 0 });
    const b = make('TrafficSignal-v0', { scenario: { lanes: 3 } });
    expect(() => b.restore(viaJson(a.snapshot()))).toThrow(SnapshotUnsupported);
    expect(() => b.restore(viaJson(a.snapshot()))).toThrow(/\[segments, roads, connections, flows, signals, agents\] = \[/);
    const g = makeParallel('TrafficGrid-v0', { scenario: { rows: 1, cols: 1 } });
    expect(() => g.restore(viaJson(a.unwrapped.snapshot()))).toThrow(/expected kind 'traffic-grid', got "traffic-signal"/);
    expect(() => b.restore(viaJson(make('CartPole-v1').snapshot()))).toThrow(SnapshotUnsupported);
  });
});
