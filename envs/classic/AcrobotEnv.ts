import { z } from 'zod';
import { assertAction } from '../../src/core/assertAction.js';
import { parseConfig } from '../../src/core/parseConfig.js';
import { ClassicControlEnv } from './ClassicControlEnv.js';
import type { EnvMetadata, ResetOptions, ResetResult, StepResult } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import type { Space } from '../../src/spaces/Space.js';
import { acrobotObservation, acrobotParams, acrobotStep, type AcrobotParams } from './acrobotStep.js';
import { resetBounds } from './resetBounds.js';

const KWARGS = z
  .object({
    bookOrNips: z.enum(['book', 'nips']).default('book'),
    torqueNoiseMax: z.number().nonnegative().default(0),
    renderMode: z.enum(['ansi']).optional(),
  })
  .strict();

/** Keyword arguments of `Acrobot-v1`. */
export type AcrobotKwargs = z.input<typeof KWARGS>;

/** Torque of actions 0, 1, 2 (Gymnasium's `AVAIL_TORQUE`). */
const AVAIL_TORQUE = [-1.0, 0.0, +1.0] as const;

/**
 * Sutton's two-link acrobot, exactly as Gymnasium 1.x's `AcrobotEnv`: actions 0/1/2 apply torque -1/0/+1 at
 * the middle joint, one RK4 step of dt = 0.2 with the book dynamics, angles wrapped to [-π, π], velocities
 * bounded to ±4π and ±9π, reward -1 per step and 0 on reaching `-cos θ1 - cos(θ1 + θ2) > 1`. The initial
 * state is uniform in [-0.1, 0.1) for θ1, θ2, dθ1, dθ2 (in that order) and cast to float32, as Gymnasium.
 * Observation: [cos θ1, sin θ1, cos θ2, sin θ2, dθ1, dθ2].
 *
 * @example
 * ```ts
 * const env = new AcrobotEnv();
 * const [obs] = env.reset({ seed: 0 });
 * env.step(obs[4]! > 0 ? 2 : 0);
 * ```
 */
export class AcrobotEnv extends ClassicControlEnv<number> {
  override metadata: EnvMetadata = {
    renderModes: ['ansi'],
    renderFps: 15,
    description: 'Swing the tip of a two-link underactuated arm above a line (Sutton 1996); Gymnasium Acrobot-v1.',
  };
  readonly observationSpace: Box & Space<Float32Array>;
  readonly actionSpace = new Discrete(3);
  /** Constants; assign a new object (e.g. `acrobotParams({ bookOrNips: 'nips' })`) to change them. */
  params: AcrobotParams;
  /** Uniform noise added to the torque, drawn from `rng` (Gymnasium's `torque_noise_max`, default 0). */
  torqueNoiseMax: number;

  constructor(kwargs: AcrobotKwargs = {}) {
    super(4, 'Acrobot-v1');
    const k = parseConfig(KWARGS, kwargs, 'Acrobot-v1 kwargs');
    this.params = acrobotParams({ bookOrNips: k.bookOrNips });
    this.torqueNoiseMax = k.torqueNoiseMax;
    this.renderMode = k.renderMode;
    const p = this.params;
    const high = [1.0, 1.0, 1.0, 1.0, p.maxVel1, p.maxVel2];
    this.observationSpace = new Box(
      high.map((v) => -v),
      high,
    ) as Box & Space<Float32Array>;
  }

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    const [low, high] = resetBounds(opts?.options, -0.1, 0.1, 'Acrobot-v1 reset options');
    const rng = this.rng;
    for (let i = 0; i < 4; i++) this.s[i] = Math.fround(rng.uniform(low, high));
    this.hasState = true;
    const obs = new Float32Array(6);
    acrobotObservation(this.s, 0, obs, 0);
    return [obs, {}];
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1 && action !== 2) assertAction(this.actionSpace, action);
    this.requireState();
    let torque: number = AVAIL_TORQUE[action];
    if (this.torqueNoiseMax > 0) torque += this.rng.uniform(-this.torqueNoiseMax, this.torqueNoiseMax);
    const obs = new Float32Array(6);
    const terminated = acrobotStep(this.s, 0, torque, this.params, obs, 0);
    return [obs, terminated ? 0.0 : -1.0, terminated, false, {}];
  }

  /** With `renderMode: 'ansi'`, the angles and a 9x9 character picture of both links (target line `=`). */
  override render(): string | undefined {
    if (this.renderMode !== 'ansi' || !this.hasState) return undefined;
    const p = this.params;
    const [t1, t2, v1, v2] = this.s as unknown as [number, number, number, number];
    // joint positions with y pointing up, pivot at the origin (Gymnasium's render geometry)
    const x1 = p.linkLength1 * Math.sin(t1);
    const y1 = -p.linkLength1 * Math.cos(t1);
    const x2 = x1 + p.linkLength2 * Math.sin(t1 + t2);
    const y2 = y1 - p.linkLength2 * Math.cos(t1 + t2);
    const n = 9;
    const half = (n - 1) / 2;
    const reach = p.linkLength1 + p.linkLength2;
    const grid: string[][] = [];
    for (let r = 0; r < n; r++) grid.push(new Array<string>(n).fill(r === Math.round(half - half / reach) ? '=' : ' '));
    const put = (x: number, y: number, c: string): void => {
      const col = Math.round(half + (x / reach) * half);
      const row = Math.round(half - (y / reach) * half);
      const line = grid[row];
      if (line !== undefined && col >= 0 && col < n) line[col] = c;
    };
    for (let i = 1; i < 4; i++) {
      put((x1 * i) / 4, (y1 * i) / 4, '.');
      put(x1 + ((x2 - x1) * i) / 4, y1 + ((y2 - y1) * i) / 4, '.');
    }
    put(0, 0, 'o');
    put(x1, y1, 'o');
    put(x2, y2, '*');
    const head = `theta1=${t1.toFixed(3)} theta2=${t2.toFixed(3)} dtheta1=${v1.toFixed(3)} dtheta2=${v2.toFixed(3)} tip height=${y2.toFixed(3)} (goal > 1)`;
    return [head, ...grid.map((r) => r.join(''))].join('\n');
  }
}
