import { describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../src/core/errors.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { FrameStack } from '../../src/wrappers/FrameStack.js';
import { ScriptEnv } from '../core/toyEnvs.js';

const steps = [{ obs: [1] }, { obs: [2] }, { obs: [3] }];

describe('FrameStack', () => {
  it("pads with the reset observation by default, then rolls oldest first (FrameStackObservation 'reset')", () => {
    const env = new FrameStack(new ScriptEnv(steps, [7]), 3);
    expect(Array.from(env.reset()[0])).toEqual([7, 7, 7]);
    expect(Array.from(env.step(0)[0])).toEqual([7, 7, 1]);
    expect(Array.from(env.step(0)[0])).toEqual([7, 1, 2]);
    expect(Array.from(env.step(0)[0])).toEqual([1, 2, 3]);
    expect(Array.from(env.reset()[0])).toEqual([7, 7, 7]);
  });

  it("pads with the Box's zero element with padding 'zero' (0 clipped into the bounds)", () => {
    const env = new FrameStack(new ScriptEnv(steps, [7]), 3, { padding: 'zero' });
    expect(Array.from(env.reset()[0])).toEqual([0, 0, 7]);
    expect(Array.from(env.step(0)[0])).toEqual([0, 7, 1]);
    const pos = new FrameStack(new ScriptEnv(steps, [7], new Box(5, 10, [1]) as never), 2, { padding: 'zero' });
    expect(Array.from(pos.reset()[0])).toEqual([5, 7]);
  });

  it('stacks multi-dimensional frames row-major with shape [stackSize, ...shape] and repeated bounds', () => {
    const env = new FrameStack(new ScriptEnv([{ obs: [3, 4] }], [1, 2], new Box([-1, -2], [10, 20]) as never), 2);
    expect(env.observationSpace.shape).toEqual([2, 2]);
    expect(Array.from((env.observationSpace as Box).low)).toEqual([-1, -2, -1, -2]);
    const [a] = env.reset();
    const [b] = env.step(0);
    expect(Array.from(a)).toEqual([1, 2, 1, 2]);
    expect(Array.from(b)).toEqual([1, 2, 3, 4]);
    expect(env.observationSpace.contains(b)).toBe(true);
    a[0] = 99; // returned arrays are copies
    expect(Array.from(b)).toEqual([1, 2, 3, 4]);
  });

  it('refuses non-Box spaces, bad sizes and bad padding', () => {
    expect(() => new FrameStack(new ScriptEnv([], [0], new Discrete(2) as never), 2)).toThrow(InvalidConfig);
    expect(() => new FrameStack(new ScriptEnv([]), 0)).toThrow(/stackSize must be a positive integer, got 0/);
    expect(() => new FrameStack(new ScriptEnv([]), 2, { padding: 'same' as never })).toThrow(/got 'same'/);
  });
});
