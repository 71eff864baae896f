import { describe, expect, it } from 'vitest';
import { Box } from '../../src/spaces/Box.js';
import { Dict } from '../../src/spaces/Dict.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { FlattenObservation } from '../../src/wrappers/FlattenObservation.js';
import { TransformObservation } from '../../src/wrappers/TransformObservation.js';
import { ScriptEnv } from '../core/toyEnvs.js';

describe('FlattenObservation', () => {
  it('flattens a Dict observation in key order into a Float32Array inside the flattened space', () => {
    const space = new Dict({ pos: new Box(-100, 100, [1]), gear: new Discrete(3) });
    const dictEnv = new TransformObservation(new ScriptEnv([{ obs: [7] }], [2]), (o: Float32Array) => ({ pos: o, gear: o[0] > 5 ? 2 : 0 }), space);
    const env = new FlattenObservation(dictEnv);
    expect(env.observationSpace.shape).toEqual([4]);
    const [first] = env.reset();
    expect(Array.from(first)).toEqual([1, 0, 0, 2]); // gear one-hot, then pos
    const [next] = env.step(0);
    expect(Array.from(next)).toEqual([0, 0, 1, 7]);
    expect(env.observationSpace.contains(next)).toBe(true);
  });
});
