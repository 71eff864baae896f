import { describe, expect, it } from 'vitest';
import { Box } from '../../src/spaces/Box.js';
import { TransformObservation } from '../../src/wrappers/TransformObservation.js';
import { ScriptEnv } from '../core/toyEnvs.js';

describe('TransformObservation', () => {
  it('applies fn to reset and step observations, with the given space', () => {
    const space = new Box(-1000, 1000, [2]);
    const env = new TransformObservation(new ScriptEnv([{ obs: [4] }], [1]), (o: Float32Array) => Float32Array.of(o[0] * 10, -o[0]), space);
    expect(env.observationSpace).toBe(space);
    expect(Array.from(env.reset()[0])).toEqual([10, -1]);
    expect(Array.from(env.step(0)[0])).toEqual([40, -4]);
  });

  it("keeps the inner env's space when none is given", () => {
    const inner = new ScriptEnv([], [1]);
    expect(new TransformObservation(inner, (o: Float32Array) => o).observationSpace).toBe(inner.observationSpace);
  });
});
