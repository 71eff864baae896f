import { Env } from '../../src/core/Env.js';
import { ParallelEnv } from '../../src/core/ParallelEnv.js';
import { InvalidAction } from '../../src/core/errors.js';
import type { Info, ResetOptions, ResetResult, StepResult } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import { Dict } from '../../src/spaces/Dict.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { MultiBinary } from '../../src/spaces/MultiBinary.js';

/**
 * A trivially learnable env: the observation one-hot encodes a random target in {0, 1}; reward 1 when the
 * action equals the target, else 0; episodes end (truncated) after `length` steps. Optimal return =
 * length, random = length / 2.
 */
export class MatchEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [2]);
  readonly actionSpace = new Discrete(2);
  private target = 0;
  private t = 0;
  constructor(readonly length = 8) {
    super();
  }
  private obs(): Float32Array {
    const o = new Float32Array(2);
    o[this.target] = 1;
    return o;
  }
  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    this.t = 0;
    this.target = this.rng.integers(0, 2);
    return [this.obs(), {}];
  }
  step(a: number): StepResult<Float32Array> {
    const r = a === this.target ? 1 : 0;
    this.t++;
    this.target = this.rng.integers(0, 2);
    return [this.obs(), r, false, this.t >= this.length, {}];
  }
}

/**
 * An env whose observation carries an `actionMask` allowing exactly one of 3 actions; an invalid action
 * throws InvalidAction. Reward 1 per step; terminates after 5 steps.
 */
export class MaskedEnv extends Env<Record<string, unknown>, number> {
  readonly observationSpace = new Dict({ actionMask: new MultiBinary(3), x: new Box(-1, 1, [2]) });
  readonly actionSpace = new Discrete(3);
  private allowed = 0;
  private t = 0;
  invalidTaken = 0;
  private obs(): Record<string, unknown> {
    const m = new Int8Array(3);
    m[this.allowed] = 1;
    return { actionMask: m, x: Float32Array.of(this.rng.uniform(-1, 1), this.rng.uniform(-1, 1)) };
  }
  reset(opts?: ResetOptions): ResetResult<Record<string, unknown>> {
    this.seedRng(opts?.seed);
    this.t = 0;
    this.allowed = this.rng.integers(0, 3);
    return [this.obs(), {}];
  }
  step(a: number): StepResult<Record<string, unknown>> {
    if (a !== this.allowed) {
      this.invalidTaken++;
      throw new InvalidAction(`action ${a} is masked, only ${this.allowed} is allowed`);
    }
    this.t++;
    this.allowed = this.rng.integers(0, 3);
    return [this.obs(), 1, this.t >= 5, false, {}];
  }
}

/** Two agents, each playing MatchEnv's game on its own target; all end together after `length` steps. */
export class MatchParallelEnv extends ParallelEnv<'a' | 'b', Float32Array, number> {
  readonly possibleAgents = ['a', 'b'] as const;
  private targets: Record<'a' | 'b', number> = { a: 0, b: 0 };
  private t = 0;
  constructor(readonly length = 8) {
    super();
  }
  observationSpace(): Box {
    return new Box(0, 1, [2]);
  }
  actionSpace(): Discrete {
    return new Discrete(2);
  }
  private obs(): Record<'a' | 'b', Float32Array> {
    const o = { a: new Float32Array(2), b: new Float32Array(2) };
    o.a[this.targets.a] = 1;
    o.b[this.targets.b] = 1;
    return o;
  }
  reset(opts?: ResetOptions): [Record<'a' | 'b', Float32Array>, Record<'a' | 'b', Info>] {
    this.seedRng(opts?.seed);
    this.agents = ['a', 'b'];
    this.t = 0;
    this.targets = { a: this.rng.integers(0, 2), b: this.rng.integers(0, 2) };
    return [this.obs(), { a: {}, b: {} }];
  }
  step(actions: Record<'a' | 'b', number>): ReturnType<ParallelEnv<'a' | 'b', Float32Array, number>['step']> {
    const rewards = { a: actions.a === this.targets.a ? 1 : 0, b: actions.b === this.targets.b ? 1 : 0 };
    this.t++;
    this.targets = { a: this.rng.integers(0, 2), b: this.rng.integers(0, 2) };
    const done = this.t >= this.length;
    if (done) this.agents = [];
    return [this.obs(), rewards, { a: false, b: false }, { a: done, b: done }, { a: {}, b: {} }];
  }
}

/** Mean return of `act` over `episodes` MatchEnv episodes. */
export function matchScore(act: (obs: Float32Array) => number, episodes = 10, seed = 500): number {
  const env = new MatchEnv();
  let total = 0;
  for (let e = 0; e < episodes; e++) {
    let [obs] = env.reset({ seed: seed + e });
    for (;;) {
      const [o, r, term, trunc] = env.step(act(obs));
      total += r;
      obs = o;
      if (term || trunc) break;
    }
  }
  return total / episodes;
}
