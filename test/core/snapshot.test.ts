import { describe, expect, it } from 'vitest';
import '../../envs/classic/index.js';
import { make } from '../../src/registry/registry.js';
import { Rng } from '../../src/rng/Rng.js';
import { SyncVectorEnv } from '../../src/vector/SyncVectorEnv.js';
import { NormalizeObservation } from '../../src/wrappers/NormalizeObservation.js';
import { NormalizeReward } from '../../src/wrappers/NormalizeReward.js';
import { RecordEpisodeStatistics } from '../../src/wrappers/RecordEpisodeStatistics.js';
import { FrameStack } from '../../src/wrappers/FrameStack.js';
import { SnapshotUnsupported } from '../../src/core/errors.js';
import type { Env } from '../../src/core/Env.js';

/** Steps `env` with a fixed action stream; resets on done without a seed (the env's rng continues). */
function rollout(env: Env<any, any>, actions: Rng, n: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const a = env.actionSpace.sample(actions);
    const r = env.step(a);
    out.push([Array.from(r[0] as Float32Array), r[1], r[2], r[3]]);
    if (r[2] || r[3]) out.push(Array.from(env.reset()[0] as Float32Array));
  }
  return out;
}

describe('snapshot / restore', () => {
  it.each(['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1', 'Pendulum-v1'])(
    '%s through make continues exactly after a JSON round-trip, across episode ends',
    (id) => {
      const a = make(id);
      a.reset({ seed: 3 });
      rollout(a, new Rng(1), 137);
      const snap = JSON.parse(JSON.stringify(a.snapshot()));
      const expected = rollout(a, new Rng(2), 700);
      const b = make(id);
      b.restore(snap);
      expect(rollout(b, new Rng(2), 700)).toEqual(expected);
    },
  );

  it('restores the time limit: a restored CartPole truncates at step 500 like the original', () => {
    const a = make('CartPole-v1');
    a.reset({ seed: 0 });
    const u = a.unwrapped as unknown as { state: number[] };
    for (let i = 0; i < 300; i++) {
      u.state = [0, 0, 0, 0]; // keep it upright so only the time limit ends the episode
      a.step(i % 2);
    }
    const b = make('CartPole-v1');
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    let truncatedAt = -1;
    for (let i = 301; i <= 500; i++) {
      (b.unwrapped as unknown as { state: number[] }).state = [0, 0, 0, 0];
      if (b.step(i % 2)[3]) truncatedAt = i;
    }
    expect(truncatedAt).toBe(500);
  });

  it('carries the state of stateful wrappers (normalisation statistics, frame stacks, episode counters)', () => {
    const build = () => new FrameStack(new NormalizeReward(new NormalizeObservation(new RecordEpisodeStatistics(make('CartPole-v1')))), 3);
    const a = build();
    a.reset({ seed: 5 });
    rollout(a, new Rng(4), 250);
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const expected = rollout(a, new Rng(6), 300);
    const b = build();
    b.restore(snap);
    expect(rollout(b, new Rng(6), 300)).toEqual(expected);
  });

  it('SyncVectorEnv restores every sub-env and its pending autoresets', () => {
    const build = () => new SyncVectorEnv(Array.from({ length: 3 }, () => () => make('CartPole-v1')));
    const a = build();
    a.reset({ seed: 10 });
    const act = new Int32Array(3);
    const rng = new Rng(7);
    const stepAll = (v: SyncVectorEnv, n: number): number[][] => {
      const out: number[][] = [];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < 3; j++) act[j] = rng.integers(0, 2);
        const [o, r, te, tr] = v.step(act);
        out.push([...o, ...r, ...te, ...tr]);
      }
      return out;
    };
    stepAll(a, 40);
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const state = rng.getState();
    const expected = stepAll(a, 200);
    const b = build();
    b.restore(snap);
    const rng2 = Rng.fromState(state);
    const out: number[][] = [];
    for (let i = 0; i < 200; i++) {
      for (let j = 0; j < 3; j++) act[j] = rng2.integers(0, 2);
      const [o, r, te, tr] = b.step(act);
      out.push([...o, ...r, ...te, ...tr]);
    }
    expect(out).toEqual(expected);
  });

  it('an env that cannot snapshot says so with a typed error', async () => {
    const { Env } = await import('../../src/core/Env.js');
    const { Discrete } = await import('../../src/spaces/Discrete.js');
    class Plain extends Env<number, number> {
      observationSpace = new Discrete(2);
      actionSpace = new Discrete(2);
      reset(): [number, Record<string, unknown>] { return [0, {}]; }
      step(): [number, number, boolean, boolean, Record<string, unknown>] { return [0, 0, false, false, {}]; }
    }
    expect(() => new Plain().snapshot()).toThrow(SnapshotUnsupported);
    expect(() => new Plain().snapshot()).toThrow(/Plain cannot snapshot/);
  });
});
