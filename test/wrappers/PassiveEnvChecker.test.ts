import { describe, expect, it } from 'vitest';
import { EnvCheckError } from '../../src/core/errors.js';
import type { StepResult } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import { PassiveEnvChecker } from '../../src/wrappers/PassiveEnvChecker.js';
import { ScriptEnv } from '../core/toyEnvs.js';

describe('PassiveEnvChecker', () => {
  it('throws at the first reset when the obs is outside the observation space', () => {
    const env = new PassiveEnvChecker(new ScriptEnv([], [500], new Box(-1, 1, [1]) as never));
    expect(() => env.reset()).toThrow(EnvCheckError);
    expect(() => new PassiveEnvChecker(new ScriptEnv([], [500], new Box(-1, 1, [1]) as never)).reset()).toThrow(/not within the observation space Box\(-1.0, 1.0, \[1\], float32\), got Float32Array\(1\) \[500\]/);
  });

  it('checks the first step only: flags must be booleans, reward a number', () => {
    const inner = new ScriptEnv([]);
    const bad = (r: StepResult<Float32Array>): StepResult<Float32Array> => {
      r[2] = 0 as unknown as boolean;
      return r;
    };
    const orig = inner.step.bind(inner);
    inner.step = (a) => bad(orig(a));
    const env = new PassiveEnvChecker(inner);
    env.reset();
    expect(() => env.step(0)).toThrow('step() terminated must be a boolean, got 0');
    // Gymnasium's passive checker only checks the first call
    expect(() => env.step(0)).not.toThrow();
  });

  it('refuses envs whose spaces are not Spaces', () => {
    const inner = new ScriptEnv([]);
    (inner as { observationSpace: unknown }).observationSpace = { contains: () => true };
    expect(() => new PassiveEnvChecker(inner)).toThrow(/observationSpace is not a Space/);
  });
});
