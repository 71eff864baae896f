/** Small envs used by the core tests (the classic-control envs live elsewhere). */
import { Env } from '../../src/core/Env.js';
import type { Info, ResetOptions, ResetResult, StepResult } from '../../src/core/types.js';
import { assertAction } from '../../src/core/assertAction.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import type { Space } from '../../src/spaces/Space.js';

/**
 * A seeded random walk on [-10, 10]^2: reset draws the start uniformly in [-1, 1]^2, each step moves by
 * (action - 1) * 0.5 on axis 0 plus N(0, 0.1) noise on both axes; reward -|x0|; terminates after
 * `length` steps or when leaving the box.
 */
export class WalkEnv extends Env<Float32Array, number> {
  observationSpace = new Box(-10, 10, [2]);
  actionSpace = new Discrete(3);
  pos = new Float32Array(2);
  t = 0;
  constructor(readonly length = 10) {
    super();
  }
  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    this.pos = Float32Array.of(this.rng.uniform(-1, 1), this.rng.uniform(-1, 1));
    this.t = 0;
    return [this.pos.slice(), {}];
  }
  step(action: number): StepResult<Float32Array> {
    assertAction(this.actionSpace, action);
    this.pos[0] = Math.max(-10, Math.min(10, (this.pos[0] ?? 0) + (action - 1) * 0.5 + this.rng.normal(0, 0.1)));
    this.pos[1] = Math.max(-10, Math.min(10, (this.pos[1] ?? 0) + this.rng.normal(0, 0.1)));
    this.t++;
    return [this.pos.slice(), -Math.abs(this.pos[0] ?? 0), this.t >= this.length, false, { t: this.t }];
  }
}

/** One scripted step: what `step` returns next. */
export interface ScriptStep {
  obs?: number[];
  reward?: number;
  terminated?: boolean;
  truncated?: boolean;
  info?: Info;
}

/**
 * Replays a fixed script: reset returns `resetObs`, the i-th step of an episode returns `script[i]`
 * (obs defaults to [i + 1], reward 0, flags false). Records the actions it received.
 */
export class ScriptEnv extends Env<Float32Array, unknown> {
  observationSpace: Space<Float32Array>;
  actionSpace: Space<unknown>;
  actions: unknown[] = [];
  resets = 0;
  closed = 0;
  private i = 0;
  constructor(
    readonly script: ScriptStep[],
    readonly resetObs: number[] = [0],
    obsSpace?: Space<Float32Array>,
    actSpace?: Space<unknown>,
  ) {
    super();
    this.observationSpace = obsSpace ?? (new Box(-100, 100, [resetObs.length]) as Space<Float32Array>);
    this.actionSpace = actSpace ?? (new Discrete(2));
    this.metadata = { renderModes: ['ansi'] };
  }
  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    this.i = 0;
    this.resets++;
    return [Float32Array.from(this.resetObs), { reset: true }];
  }
  step(action: unknown): StepResult<Float32Array> {
    this.actions.push(action);
    const s = this.script[this.i] ?? {};
    this.i++;
    return [Float32Array.from(s.obs ?? [this.i]), s.reward ?? 0, s.terminated ?? false, s.truncated ?? false, { ...(s.info ?? {}) }];
  }
  override render(): string {
    return `step ${this.i}`;
  }
  override close(): void {
    this.closed++;
  }
}
