import { z } from 'zod';
import { assertAction } from '../../src/core/assertAction.js';
import { parseConfig } from '../../src/core/parseConfig.js';
import { ClassicControlEnv } from './ClassicControlEnv.js';
import type { EnvMetadata, ResetOptions, ResetResult, StepResult } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import type { Space } from '../../src/spaces/Space.js';
import { angleNormalize, pendulumParams, pendulumStep, type PendulumParams } from './pendulumStep.js';

const KWARGS = z
  .object({
    g: z.number().default(10.0),
    renderMode: z.enum(['ansi']).optional(),
  })
  .strict();

const RESET_OPTIONS = z.object({ x_init: z.number().optional(), y_init: z.number().optional() });

/** Keyword arguments of `Pendulum-v1`. */
export type PendulumKwargs = z.input<typeof KWARGS>;

/** A Pendulum action: a `Float32Array` (or plain array) holding one torque. */
export type PendulumAction = Float32Array | readonly number[];

/**
 * The inverted-pendulum swing-up, exactly as Gymnasium 1.x's `PendulumEnv`: torque clipped to ±2, angular
 * velocity clipped to ±8, dt = 0.05, gravity `g` (default 10), reward -(θ² + 0.1 θdot² + 0.001 u²) with θ
 * normalised to [-π, π), no termination (the TimeLimit truncates at 200). The start is θ uniform in
 * [-π, π) then θdot uniform in [-1, 1) (reset options `x_init`, `y_init` change both bounds).
 * Actions outside [-2, 2] are clipped as in Gymnasium; a NaN, a non-number or a wrong length throws
 * `InvalidAction`. A `Float32Array` action computes the torque terms in float32 as numpy 2 does for
 * Gymnasium's float32 actions; a `number[]` in float64 (as a Python list).
 *
 * @example
 * ```ts
 * const env = new PendulumEnv({ g: 9.81 });
 * const [obs] = env.reset({ seed: 0 });
 * env.step(Float32Array.of(-2 * obs[2]!));
 * ```
 */
export class PendulumEnv extends ClassicControlEnv<PendulumAction> {
  override metadata: EnvMetadata = {
    renderModes: ['ansi'],
    renderFps: 30,
    description: 'Swing a pendulum up and keep it upright with limited torque; Gymnasium Pendulum-v1.',
  };
  readonly observationSpace: Box & Space<Float32Array>;
  readonly actionSpace: Box & Space<PendulumAction>;
  /** Constants; assign a new object (e.g. `pendulumParams({ g: 9.81 })`) to change them. */
  params: PendulumParams;
  /** The clipped torque of the last step (for rendering), NaN after reset (Gymnasium's `last_u = None`). */
  lastU = NaN;

  protected override snapshotExtra(): unknown {
    return { lastU: Number.isNaN(this.lastU) ? null : this.lastU };
  }

  protected override restoreExtra(extra: unknown): void {
    const u = (extra as { lastU: number | null }).lastU;
    this.lastU = u === null ? NaN : u;
  }

  constructor(kwargs: PendulumKwargs = {}) {
    super(2, 'Pendulum-v1');
    const k = parseConfig(KWARGS, kwargs, 'Pendulum-v1 kwargs');
    this.params = pendulumParams({ g: k.g });
    this.renderMode = k.renderMode;
    const p = this.params;
    const high = [1.0, 1.0, p.maxSpeed];
    this.observationSpace = new Box(
      high.map((v) => -v),
      high,
    ) as Box & Space<Float32Array>;
    this.actionSpace = new Box(-p.maxTorque, p.maxTorque, [1]) as Box & Space<PendulumAction>;
  }

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    let x = Math.PI;
    let y = 1.0;
    if (opts?.options !== undefined) {
      const o = parseConfig(RESET_OPTIONS, opts.options, 'Pendulum-v1 reset options');
      x = o.x_init ?? x;
      y = o.y_init ?? y;
    }
    const rng = this.rng;
    this.s[0] = rng.uniform(-x, x);
    this.s[1] = rng.uniform(-y, y);
    this.hasState = true;
    this.lastU = NaN;
    const th = this.s[0];
    return [Float32Array.of(Math.cos(th), Math.sin(th), this.s[1]), {}];
  }

  step(action: PendulumAction): StepResult<Float32Array> {
    const u = action !== null && typeof action === 'object' && action.length === 1 ? action[0] : undefined;
    // out-of-range torques are clipped (Gymnasium); anything else that is not one number is refused
    if (typeof u !== 'number' || Number.isNaN(u)) assertAction(this.actionSpace, action);
    this.requireState();
    const torque = u as number;
    const p = this.params;
    this.lastU = Math.min(Math.max(torque, -p.maxTorque), p.maxTorque);
    const obs = new Float32Array(3);
    const reward = pendulumStep(this.s, 0, torque, p, obs, 0, action instanceof Float32Array);
    return [obs, reward, false, false, {}];
  }

  /** With `renderMode: 'ansi'`, the angle, velocity, last torque and a 7x7 picture of the rod (`o` pivot, `@` bob). */
  override render(): string | undefined {
    if (this.renderMode !== 'ansi' || !this.hasState) return undefined;
    const [th, thdot] = this.s as unknown as [number, number];
    const n = 7;
    const half = (n - 1) / 2;
    const grid: string[][] = [];
    for (let r = 0; r < n; r++) grid.push(new Array<string>(n).fill(' '));
    // theta = 0 is upright, positive counter-clockwise
    const put = (f: number, c: string): void => {
      const col = Math.round(half - f * half * Math.sin(th));
      const row = Math.round(half - f * half * Math.cos(th));
      const line = grid[row];
      if (line !== undefined) line[col] = c;
    };
    put(1 / 3, '.');
    put(2 / 3, '.');
    put(1, '@');
    put(0, 'o');
    const u = Number.isNaN(this.lastU) ? 'none' : this.lastU.toFixed(3);
    const head = `theta=${angleNormalize(th).toFixed(3)} thetaDot=${thdot.toFixed(3)} torque=${u}`;
    return [head, ...grid.map((r) => r.join(''))].join('\n');
  }
}
