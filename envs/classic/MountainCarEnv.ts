import { z } from 'zod';
import { assertAction } from '../../src/core/assertAction.js';
import { parseConfig } from '../../src/core/parseConfig.js';
import { ClassicControlEnv } from './ClassicControlEnv.js';
import type { EnvMetadata, ResetOptions, ResetResult, StepResult } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import type { Space } from '../../src/spaces/Space.js';
import { asciiTrack } from './asciiTrack.js';
import { mountainCarParams, mountainCarStep, type MountainCarParams } from './mountainCarStep.js';
import { resetBounds } from './resetBounds.js';

const KWARGS = z
  .object({
    goalVelocity: z.number().default(0),
    renderMode: z.enum(['ansi']).optional(),
  })
  .strict();

/** Keyword arguments of `MountainCar-v0`. */
export type MountainCarKwargs = z.input<typeof KWARGS>;

/**
 * Moore's mountain car, exactly as Gymnasium 1.x's `MountainCarEnv`: actions 0/1/2 push left/none/right,
 * velocity += (a - 1)·0.001 - cos(3·position)·0.0025 clipped to ±0.07, position += velocity clipped to
 * [-1.2, 0.6] with an inelastic left wall, reward -1 per step, termination at position >= 0.5 (and
 * velocity >= `goalVelocity`); the start position is uniform in [-0.6, -0.4) with velocity 0.
 *
 * @example
 * ```ts
 * const env = new MountainCarEnv();
 * const [obs] = env.reset({ seed: 1 });
 * env.step(obs[1]! >= 0 ? 2 : 0);
 * ```
 */
export class MountainCarEnv extends ClassicControlEnv<number> {
  override metadata: EnvMetadata = {
    renderModes: ['ansi'],
    renderFps: 30,
    description: 'Drive an underpowered car up a hill by building momentum (Moore 1990); Gymnasium MountainCar-v0.',
  };
  readonly observationSpace: Box & Space<Float32Array>;
  readonly actionSpace = new Discrete(3);
  /** Constants; assign a new object to change them. */
  params: MountainCarParams;

  constructor(kwargs: MountainCarKwargs = {}) {
    super(2, 'MountainCar-v0');
    const k = parseConfig(KWARGS, kwargs, 'MountainCar-v0 kwargs');
    this.params = mountainCarParams({ goalVelocity: k.goalVelocity });
    this.renderMode = k.renderMode;
    const p = this.params;
    this.observationSpace = new Box([p.minPosition, -p.maxSpeed], [p.maxPosition, p.maxSpeed]) as Box & Space<Float32Array>;
  }

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    const [low, high] = resetBounds(opts?.options, -0.6, -0.4, 'MountainCar-v0 reset options');
    this.s[0] = this.rng.uniform(low, high);
    this.s[1] = 0;
    this.hasState = true;
    return [Float32Array.from(this.s), {}];
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1 && action !== 2) assertAction(this.actionSpace, action);
    this.requireState();
    const obs = new Float32Array(2);
    const terminated = mountainCarStep(this.s, 0, action, this.params, obs, 0);
    return [obs, -1.0, terminated, false, {}];
  }

  /** With `renderMode: 'ansi'`, the numbers and the car (`C`) on the valley track with the flag (`F`). */
  override render(): string | undefined {
    if (this.renderMode !== 'ansi' || !this.hasState) return undefined;
    const p = this.params;
    const [position, velocity] = this.s as unknown as [number, number];
    const width = 46;
    const colOf = (x: number): number => Math.round(((x - p.minPosition) / (p.maxPosition - p.minPosition)) * (width - 1));
    const height = Math.sin(3 * position) * 0.45 + 0.55;
    const head = `position=${position.toFixed(4)} velocity=${velocity >= 0 ? '+' : ''}${velocity.toFixed(5)} height=${height.toFixed(3)}`;
    return `${head}\n${asciiTrack(width, colOf(position), 'C', { [colOf(p.goalPosition)]: 'F' })}`;
  }
}
