import { describe, expect, it } from 'vitest';
import { EnvCheckError } from '../../src/core/errors.js';
import { ParallelEnv, type ParallelStepResult } from '../../src/core/ParallelEnv.js';
import type { Info, ResetOptions } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import type { Space } from '../../src/spaces/Space.js';
import { checkParallelEnv } from '../../src/checker/checkParallelEnv.js';

type A = 'a' | 'b';

/** Two agents with noisy scalar states; 'b' terminates after 2 steps, the episode is truncated after 4. */
class Duo extends ParallelEnv<A, Float32Array, number> {
  readonly possibleAgents: readonly A[] = ['a', 'b'];
  private readonly obsSpace = new Box(-10, 10, [1]);
  private readonly actSpace = new Discrete(2);
  t = 0;
  observationSpace(): Space<Float32Array> {
    return this.obsSpace as Space<Float32Array>;
  }
  actionSpace(): Space<number> {
    return this.actSpace;
  }
  protected obs(): Float32Array {
    return Float32Array.of(this.rng.uniform(-1, 1));
  }
  reset(opts?: ResetOptions): [Record<A, Float32Array>, Record<A, Info>] {
    this.seedRng(opts?.seed);
    this.t = 0;
    this.agents = ['a', 'b'];
    return [{ a: this.obs(), b: this.obs() }, { a: {}, b: {} }];
  }
  step(actions: Record<A, number>): ParallelStepResult<A, Float32Array> {
    this.t++;
    const live = [...this.agents];
    const o = {} as Record<A, Float32Array>;
    const r = {} as Record<A, number>;
    const te = {} as Record<A, boolean>;
    const tr = {} as Record<A, boolean>;
    const inf = {} as Record<A, Info>;
    for (const ag of live) {
      o[ag] = this.obs();
      r[ag] = actions[ag];
      te[ag] = ag === 'b' && this.t >= 2;
      tr[ag] = this.t >= 4;
      inf[ag] = {};
    }
    this.agents = live.filter((ag) => !te[ag] && !tr[ag]);
    return [o, r, te, tr, inf];
  }
}

function failure(env: ParallelEnv): string {
  try {
    checkParallelEnv(env);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvCheckError);
    return (e as Error).message;
  }
  throw new Error('checkParallelEnv passed a broken env');
}

describe('checkParallelEnv', () => {
  it('passes a correct two-agent env', () => {
    expect(() => checkParallelEnv(new Duo() as ParallelEnv)).not.toThrow();
  });

  it('catches an agent that stays live after terminating', () => {
    class Sticky extends Duo {
      override step(actions: Record<A, number>): ParallelStepResult<A, Float32Array> {
        const live = [...this.agents];
        const r = super.step(actions);
        this.agents = live.filter((ag) => !r[3][ag]);
        return r;
      }
    }
    expect(failure(new Sticky() as ParallelEnv)).toMatch(/agent 'b' is terminated or truncated but still in env.agents/);
  });

  it('catches observations outside an agent space and non-boolean flags', () => {
    class Far extends Duo {
      protected override obs(): Float32Array {
        return Float32Array.of(50);
      }
    }
    expect(failure(new Far() as ParallelEnv)).toMatch(/the obs of agent 'a' is not within its observation space/);
    class NumFlags extends Duo {
      override step(actions: Record<A, number>): ParallelStepResult<A, Float32Array> {
        const r = super.step(actions);
        (r[2] as Record<string, unknown>).a = 0;
        return r;
      }
    }
    expect(failure(new NumFlags() as ParallelEnv)).toMatch(/termination of agent 'a' must be a boolean, got 0/);
  });

  it('catches nondeterminism under a seed', () => {
    let k = 0;
    class Drift extends Duo {
      override step(actions: Record<A, number>): ParallelStepResult<A, Float32Array> {
        const r = super.step(actions);
        for (const ag of Object.keys(r[1]) as A[]) r[1][ag] += k++;
        return r;
      }
    }
    expect(failure(new Drift() as ParallelEnv)).toMatch(/not deterministic under a seed/);
  });
});
