import { describe, expect, it } from 'vitest';
import { EnvCheckError } from '../../src/core/errors.js';
import type { ResetOptions, ResetResult, StepResult } from '../../src/core/types.js';
import { Rng } from '../../src/rng/Rng.js';
import { Box } from '../../src/spaces/Box.js';
import { Dict } from '../../src/spaces/Dict.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { checkEnv } from '../../src/checker/checkEnv.js';
import { dataEquivalence } from '../../src/checker/dataEquivalence.js';
import { OrderEnforcing } from '../../src/wrappers/OrderEnforcing.js';
import { PassiveEnvChecker } from '../../src/wrappers/PassiveEnvChecker.js';
import { TimeLimit } from '../../src/wrappers/TimeLimit.js';
import { Env } from '../../src/core/Env.js';
import { WalkEnv } from '../core/toyEnvs.js';

function failure(env: Env<unknown, unknown>, opts = {}): string {
  try {
    checkEnv(env, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvCheckError);
    return (e as Error).message;
  }
  throw new Error('checkEnv passed a broken env');
}

let globalCounter = 0;

describe('checkEnv passes correct envs', () => {
  it('passes a seeded toy env, raw and with the standard wrappers', () => {
    expect(() => checkEnv(new WalkEnv() as Env<unknown, unknown>)).not.toThrow();
    const wrapped = new OrderEnforcing(new TimeLimit(new PassiveEnvChecker(new WalkEnv(50)), 4));
    expect(() => checkEnv(wrapped as Env<unknown, unknown>, { steps: 30 })).not.toThrow();
  });

  it('passes a Dict-observation env with an ansi render', () => {
    class DictEnv extends Env<Record<string, unknown>, number> {
      observationSpace = new Dict({ pos: new Box(0, 1, [2]), mode: new Discrete(2) });
      actionSpace = new Discrete(2);
      override metadata = { renderModes: ['ansi'] };
      override renderMode: string | undefined = 'ansi';
      reset(opts?: ResetOptions): ResetResult<Record<string, unknown>> {
        this.seedRng(opts?.seed);
        return [this.observationSpace.sample(this.rng), {}];
      }
      step(a: number): StepResult<Record<string, unknown>> {
        return [this.observationSpace.sample(this.rng), a, this.rng.random() < 0.2, false, {}];
      }
      override render(): string {
        return 'dict env';
      }
    }
    expect(() => checkEnv(new DictEnv() as Env<unknown, unknown>)).not.toThrow();
  });
});

describe('checkEnv catches broken envs', () => {
  it('obs outside the observation space, at step or at reset', () => {
    class Escapes extends WalkEnv {
      override step(a: number): StepResult<Float32Array> {
        const r = super.step(a);
        r[0] = Float32Array.of(50, 0);
        return r;
      }
    }
    expect(failure(new Escapes() as Env<unknown, unknown>)).toMatch(/^step 0 \(action \d\): the obs returned by step\(\) is not within the observation space Box\(-10.0, 10.0, \[2\], float32\), got Float32Array\(2\) \[50, 0\]$/);
    class BadReset extends WalkEnv {
      override reset(opts?: ResetOptions): ResetResult<Float32Array> {
        super.reset(opts);
        return [Float64Array.of(0, 0) as unknown as Float32Array, {}];
      }
    }
    expect(failure(new BadReset() as Env<unknown, unknown>)).toMatch(/reset\(\) is not within the observation space .*Float64Array/);
  });

  it('an env that ignores the seed (nondeterministic reset)', () => {
    class IgnoresSeed extends WalkEnv {
      override reset(opts?: ResetOptions): ResetResult<Float32Array> {
        this.rng = new Rng();
        return super.reset({ ...opts, seed: undefined });
      }
    }
    expect(failure(new IgnoresSeed() as Env<unknown, unknown>)).toMatch(/not deterministic under a seed: two reset\(\{ seed: 123 \}\) returned different observations/);
  });

  it('an env whose steps depend on state outside the seed', () => {
    class Leaky extends WalkEnv {
      override step(a: number): StepResult<Float32Array> {
        const r = super.step(a);
        r[1] = globalCounter++;
        return r;
      }
    }
    expect(failure(new Leaky() as Env<unknown, unknown>)).toMatch(/not deterministic under a seed: with reset\(\{ seed: 123 \}\) and the same actions, step 0 returned reward \d+ then \d+/);
  });

  it('an env whose unseeded reset restarts from fresh entropy instead of continuing the stream', () => {
    class Reseeds extends WalkEnv {
      override reset(opts?: ResetOptions): ResetResult<Float32Array> {
        if (opts?.seed === undefined) this.rng = new Rng();
        return super.reset(opts);
      }
    }
    expect(failure(new Reseeds() as Env<unknown, unknown>)).toMatch(/reset\(\) without a seed must continue the seeded stream/);
  });

  it('wrong step arity (the old 4-tuple API)', () => {
    class OldApi extends WalkEnv {
      override step(a: number): StepResult<Float32Array> {
        const [o, r, t, , i] = super.step(a);
        return [o, r, t, i] as unknown as StepResult<Float32Array>;
      }
    }
    expect(failure(new OldApi() as Env<unknown, unknown>)).toMatch(/step\(\) must return \[obs, reward, terminated, truncated, info\] \(5 entries\), got 4 entries/);
  });

  it('non-boolean flags, NaN or non-numeric rewards, non-object infos', () => {
    const patched = (k: number, v: unknown) =>
      new (class extends WalkEnv {
        override step(a: number): StepResult<Float32Array> {
          const r = super.step(a) as unknown[];
          r[k] = v;
          return r as StepResult<Float32Array>;
        }
      })() as Env<unknown, unknown>;
    expect(failure(patched(2, 0))).toMatch(/terminated must be a boolean, got 0$/);
    expect(failure(patched(3, undefined))).toMatch(/truncated must be a boolean, got undefined$/);
    expect(failure(patched(1, NaN))).toMatch(/reward must be a number \(not NaN\), got NaN$/);
    expect(failure(patched(1, '1'))).toMatch(/reward must be a number/);
    expect(failure(patched(4, null))).toMatch(/info must be a plain object, got null$/);
  });

  it('reset not returning [obs, info], and spaces that are not Spaces', () => {
    class ObsOnly extends WalkEnv {
      override reset(opts?: ResetOptions): ResetResult<Float32Array> {
        return super.reset(opts)[0] as unknown as ResetResult<Float32Array>;
      }
    }
    expect(failure(new ObsOnly() as Env<unknown, unknown>)).toMatch(/reset\(\) must return \[obs, info\], got Float32Array\(2\)/);
    const noSpace = new WalkEnv();
    (noSpace as { observationSpace: unknown }).observationSpace = { shape: [2] };
    expect(failure(noSpace as Env<unknown, unknown>)).toMatch(/observationSpace is not a Space, got \{"shape":\[2\]\}/);
  });

  it('a render mode the env does not list, or an ansi render that is not a string', () => {
    const env = new WalkEnv();
    env.renderMode = 'rgb';
    expect(failure(env as Env<unknown, unknown>)).toMatch(/renderMode 'rgb' is not one of metadata.renderModes \[\]/);
    expect(() => checkEnv(env as Env<unknown, unknown>, { skipRenderCheck: true })).not.toThrow();
    const ansi = new WalkEnv();
    ansi.metadata = { renderModes: ['ansi'] };
    ansi.renderMode = 'ansi';
    expect(failure(ansi as Env<unknown, unknown>)).toMatch(/render\(\) in 'ansi' mode must return a string, got undefined/);
  });
});

describe('dataEquivalence', () => {
  it('compares typed arrays by type and entries, objects by keys, NaN equal to NaN', () => {
    expect(dataEquivalence(Float32Array.of(1, NaN), Float32Array.of(1, NaN))).toBe(true);
    expect(dataEquivalence(Float32Array.of(1), Float64Array.of(1))).toBe(false);
    expect(dataEquivalence(Float32Array.of(1, 2), Float32Array.of(1, 3))).toBe(false);
    expect(dataEquivalence({ a: [1, { b: Int8Array.of(1) }] }, { a: [1, { b: Int8Array.of(1) }] })).toBe(true);
    expect(dataEquivalence({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(dataEquivalence([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(dataEquivalence(NaN, NaN)).toBe(true);
    expect(dataEquivalence(0, '0')).toBe(false);
  });
});

describe('checkEnv and the seeding contract', () => {
  it('refuses an env that never reseeds its rng, pointing at seedRng', () => {
    class Fixed extends Env<Float32Array, number> {
      observationSpace = new Box(-1, 1, [1]);
      actionSpace = new Discrete(2);
      reset(): ResetResult<Float32Array> {
        return [Float32Array.of(0), {}];
      }
      step(): StepResult<Float32Array> {
        return [Float32Array.of(0), 0, false, false, {}];
      }
    }
    expect(failure(new Fixed() as Env<unknown, unknown>)).toMatch(/left the rng in the same state as seed 123; .*call this.seedRng\(opts\?.seed\) first in reset/);
  });
});
