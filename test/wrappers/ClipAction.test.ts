import { describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../src/core/errors.js';
import { Box } from '../../src/spaces/Box.js';
import { ClipAction } from '../../src/wrappers/ClipAction.js';
import { ScriptEnv } from '../core/toyEnvs.js';

describe('ClipAction', () => {
  it('clips each entry to the inner bounds; its own action space is unbounded (Gymnasium 1.x)', () => {
    const inner = new ScriptEnv([{}, {}], [0], undefined, new Box([-2, 0], [2, 1]));
    const env = new ClipAction(inner as never);
    expect(env.actionSpace.toString()).toBe('Box(-inf, inf, [2], float32)');
    env.reset();
    env.step(Float32Array.of(5, -0.5));
    env.step([-3, 0.25]);
    expect(inner.actions.map((a) => Array.from(a as Float32Array))).toEqual([[2, 0], [-2, 0.25]]);
    expect(inner.actions[0]).toBeInstanceOf(Float32Array);
  });

  it('refuses a non-Box action space', () => {
    expect(() => new ClipAction(new ScriptEnv([]) as never)).toThrow(InvalidConfig);
  });
});
