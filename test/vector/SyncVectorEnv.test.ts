import { beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import * as tsgym from '../../src/index.js';
import { Box, ClosedEnvironment, InvalidAction, InvalidConfig, make, makeVec, MultiDiscrete, ResetNeeded, SyncVectorEnv, TimeLimit } from '../../src/index.js';
import { setup } from '../helpers/vectorTestEnvs.mjs';

beforeAll(() => setup(tsgym));

describe('SyncVectorEnv', () => {
  it('batches spaces: obs Box [n, ...shape] with tiled bounds, Discrete actions as MultiDiscrete(n x 2)', () => {
    const v = makeVec('CartPole-v1', 3);
    expect(v.numEnvs).toBe(3);
    expect(v.observationSpace).toBeInstanceOf(Box);
    const obsSpace = v.observationSpace as Box;
    expect(obsSpace.shape).toEqual([3, 4]);
    expect(obsSpace.dtype).toBe('float32');
    // CartPole's bounds: x 4.8, theta 24 degrees, velocities unbounded
    expect(Array.from(obsSpace.high.slice(4, 8))).toEqual([4.8, Infinity, Math.fround((24 * Math.PI) / 180), Infinity].map(Math.fround));
    expect(v.actionSpace).toBeInstanceOf(MultiDiscrete);
    expect(Array.from((v.actionSpace as MultiDiscrete).nvec)).toEqual([2, 2, 2]);
    expect(v.singleActionSpace.toString()).toBe('Discrete(2)');
    const [obs] = v.reset({ seed: 0 });
    expect(obs).toBeInstanceOf(Float32Array);
    expect(obs.length).toBe(12);
    expect(obsSpace.contains(obs)).toBe(true);
  });

  it('equals n independent envs stepped by hand with seeds seed + i', () => {
    const n = 4;
    const v = makeVec('CartPole-v1', n, { autoresetMode: 'same-step' });
    const singles = Array.from({ length: n }, () => make('CartPole-v1'));
    const [obs0] = v.reset({ seed: 123 });
    singles.forEach((e, i) => expect(Array.from(obs0.slice(4 * i, 4 * i + 4))).toEqual(Array.from(e.reset({ seed: 123 + i })[0] as Float32Array)));
    for (let t = 0; t < 30; t++) {
      const acts = Array.from({ length: n }, (_, i) => (t * 7 + i * 3) % 2);
      const [obs, rew, term] = v.step(acts);
      singles.forEach((e, i) => {
        let [o, r, te, tr] = e.step(acts[i]);
        expect([rew[i], term[i]]).toEqual([r, te ? 1 : 0]);
        if (te || tr) [o] = e.reset();
        expect(Array.from(obs.slice(4 * i, 4 * i + 4))).toEqual(Array.from(o as Float32Array));
      });
    }
  });

  it('flattens Dict observations in sorted key order (actionMask, id one-hot, pos)', () => {
    const v = makeVec('VecDict-v0', 2);
    expect((v.observationSpace as Box).shape).toEqual([2, 7]);
    v.reset({ seed: 1 });
    const [obs] = v.step([0, 2]);
    // t = 1: actionMask [1, 1, 1], id 1 -> [0, 1], pos [0.1, -0.1]
    expect(Array.from(obs.slice(0, 7))).toEqual([1, 1, 1, 0, 1, Math.fround(0.1), Math.fround(-0.1)]);
    expect(Array.from(obs.slice(7))).toEqual(Array.from(obs.slice(0, 7)));
  });

  it('applies wrappers given to makeVec in sync mode', () => {
    const v = makeVec('CartPole-v1', 2, { wrappers: [(e) => new TimeLimit(e, 3)] });
    v.reset({ seed: 0 });
    v.step([0, 1]);
    v.step([0, 1]);
    const [, , term, trunc] = v.step([0, 1]);
    expect(Array.from(trunc)).toEqual([1, 1]);
    expect(Array.from(term)).toEqual([0, 0]);
  });

  it('refuses step before reset, a wrong number of actions, use after close, and bad options', () => {
    const v = new SyncVectorEnv([() => make('CartPole-v1'), () => make('CartPole-v1')]);
    expect(() => v.step([0, 0])).toThrow(ResetNeeded);
    v.reset({ seed: 0 });
    expect(() => v.step([0])).toThrow(/needs 2 actions \(2 envs x 1\), got 1/);
    expect(() => v.step([0])).toThrow(InvalidAction);
    v.close();
    expect(() => v.step([0, 0])).toThrow(ClosedEnvironment);
    expect(() => makeVec('CartPole-v1', 0)).toThrow(InvalidConfig);
    expect(() => makeVec('CartPole-v1', 2, { mode: 'parallel' as 'sync' })).toThrow(/mode/);
    expect(() => makeVec('CartPole-v1', 2, { mode: 'async', wrappers: [(e) => e] })).toThrow(/cannot cross to worker threads/);
    expect(() => makeVec('VecDuo-v0', 2)).toThrow(/multi-agent/);
    expect(() => new SyncVectorEnv([() => make('CartPole-v1'), () => make('MountainCar-v0')])).toThrow(/must share spaces/);
  });
});
