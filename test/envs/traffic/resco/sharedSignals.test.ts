import { describe, expect, it } from 'vitest';
import { ParallelEnv, type ParallelStepResult } from '../../../../src/core/ParallelEnv.js';
import type { Info } from '../../../../src/core/types.js';
import { Box } from '../../../../src/spaces/Box.js';
import { Discrete } from '../../../../src/spaces/Discrete.js';
import { SharedSignalsEnv } from '../../../../envs/traffic/resco/SharedSignalsEnv.js';

/** Two signals of different shapes: 'a' sees 2 figures and has 2 phases, 'b' sees 3 and has 4; it records the actions it gets. */
class TwoSignals extends ParallelEnv<string, Float32Array, number> {
  readonly possibleAgents = ['a', 'b'];
  last: Record<string, number> = {};
  observationSpace(agent: string): Box {
    return new Box(0, 1, [agent === 'a' ? 2 : 3]);
  }
  actionSpace(agent: string): Discrete {
    return new Discrete(agent === 'a' ? 2 : 4);
  }
  private obs(): Record<string, Float32Array> {
    return { a: Float32Array.from([0.1, 0.2]), b: Float32Array.from([0.3, 0.4, 0.5]) };
  }
  reset(): [Record<string, Float32Array>, Record<string, Info>] {
    this.agents = ['a', 'b'];
    return [this.obs(), { a: {}, b: {} }];
  }
  step(actions: Record<string, number>): ParallelStepResult<string, Float32Array> {
    this.last = actions;
    return [this.obs(), { a: 1, b: 2 }, { a: false, b: false }, { a: false, b: false }, { a: {}, b: {} }];
  }
}

describe('SharedSignalsEnv', () => {
  it('pads every observation to the longest, appends the signal one-hot, and wraps actions beyond a signal\'s phases', () => {
    const inner = new TwoSignals();
    const env = new SharedSignalsEnv(inner);
    expect(env.observationSpace().shape).toEqual([3 + 2]);
    expect(env.actionSpace().n).toBe(4);
    const [obs] = env.reset();
    expect([...(obs.a ?? [])].map((x) => +x.toFixed(3))).toEqual([0.1, 0.2, 0, 1, 0]);
    expect([...(obs.b ?? [])].map((x) => +x.toFixed(3))).toEqual([0.3, 0.4, 0.5, 0, 1]);
    const [, rewards] = env.step({ a: 3, b: 3 });
    expect(inner.last).toEqual({ a: 1, b: 3 });
    expect(rewards).toEqual({ a: 1, b: 2 });
  });
});
