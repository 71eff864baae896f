import { z } from 'zod';
import { assertAction } from '../../src/core/assertAction.js';
import { parseConfig } from '../../src/core/parseConfig.js';
import { ClassicControlEnv } from './ClassicControlEnv.js';
import type { EnvMetadata, ResetOptions, ResetResult, StepResult } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import type { Space } from '../../src/spaces/Space.js';
import { cartPoleParams, cartPoleStep, type CartPoleParams } from './cartPoleStep.js';
import { asciiTrack } from './asciiTrack.js';
import { resetBounds } from './resetBounds.js';

const KWARGS = z
  .object({
    suttonBartoReward: z.boolean().default(false),
    kinematicsIntegrator: z.enum(['euler', 'semi-implicit-euler']).default('euler'),
    renderMode: z.enum(['ansi']).optional(),
  })
  .strict();

/** Keyword arguments of `CartPole-v1`. */
export type CartPoleKwargs = z.input<typeof KWARGS>;

/**
 * The cart-pole balancing task of Barto, Sutton and Anderson, exactly as Gymnasium 1.x's `CartPoleEnv`:
 * euler integration with tau = 0.02, +1 per step (also on the terminating step), termination at
 * |x| > 2.4 or |theta| > 12 degrees, initial state uniform in (-0.05, 0.05) (x, xDot, theta, thetaDot drawn
 * in that order). With `suttonBartoReward` the reward is 0 per step and -1 on termination.
 *
 * `step` returns a fresh `Float32Array` every call (safe to store, as Gymnasium's `np.array(..., float32)`).
 * `state` reads (as a copy) and writes the float64 state `[x, xDot, theta, thetaDot]`.
 *
 * @example
 * ```ts
 * const env = new CartPoleEnv();
 * let [obs] = env.reset({ seed: 0 });
 * const [next, reward, terminated] = env.step(obs[2]! > 0 ? 1 : 0);
 * ```
 */
export class CartPoleEnv extends ClassicControlEnv<number> {
  override metadata: EnvMetadata = {
    renderModes: ['ansi'],
    renderFps: 50,
    description: 'Balance a pole on a cart (Barto, Sutton & Anderson 1983); Gymnasium CartPole-v1 dynamics.',
  };
  readonly observationSpace: Box & Space<Float32Array>;
  readonly actionSpace = new Discrete(2);
  /** Physical constants; assign a new object (e.g. `cartPoleParams({...})`) to change them. */
  params: CartPoleParams;
  /** Gymnasium's `sutton_barto_reward`. */
  readonly suttonBartoReward: boolean;
  /** -1 while not terminated (Gymnasium's `None`), then 0, 1, ... steps taken after termination. */
  private stepsBeyondTerminated = -1;

  protected override snapshotExtra(): unknown {
    return { stepsBeyondTerminated: this.stepsBeyondTerminated };
  }

  protected override restoreExtra(extra: unknown): void {
    this.stepsBeyondTerminated = (extra as { stepsBeyondTerminated: number }).stepsBeyondTerminated;
  }

  constructor(kwargs: CartPoleKwargs = {}) {
    super(4, 'CartPole-v1');
    const k = parseConfig(KWARGS, kwargs, 'CartPole-v1 kwargs');
    this.suttonBartoReward = k.suttonBartoReward;
    this.params = cartPoleParams({ kinematicsIntegrator: k.kinematicsIntegrator });
    this.renderMode = k.renderMode;
    const p = this.params;
    const high = [p.xThreshold * 2, Infinity, p.thetaThresholdRadians * 2, Infinity];
    this.observationSpace = new Box(
      high.map((v) => -v),
      high,
    ) as Box & Space<Float32Array>;
  }

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    let low = -0.05;
    let high = 0.05;
    if (opts?.options !== undefined) [low, high] = resetBounds(opts.options, low, high, 'CartPole-v1 reset options');
    const rng = this.rng;
    for (let i = 0; i < 4; i++) this.s[i] = rng.uniform(low, high);
    this.hasState = true;
    this.stepsBeyondTerminated = -1;
    return [Float32Array.from(this.s), {}];
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1) assertAction(this.actionSpace, action);
    this.requireState();
    const obs = new Float32Array(4);
    const terminated = cartPoleStep(this.s, 0, action, this.params, obs, 0);
    let reward: number;
    if (!terminated) {
      reward = this.suttonBartoReward ? 0.0 : 1.0;
    } else if (this.stepsBeyondTerminated < 0) {
      // the pole just fell
      this.stepsBeyondTerminated = 0;
      reward = this.suttonBartoReward ? -1.0 : 1.0;
    } else {
      // stepping a terminated episode is undefined behaviour in Gymnasium; it pays 0 (-1 with suttonBartoReward)
      this.stepsBeyondTerminated++;
      reward = this.suttonBartoReward ? -1.0 : 0.0;
    }
    return [obs, reward, terminated, false, {}];
  }

  /** With `renderMode: 'ansi'`, a text picture: the numbers, the pole, and the cart on its track. */
  override render(): string | undefined {
    if (this.renderMode !== 'ansi' || !this.hasState) return undefined;
    const [x, xDot, theta, thetaDot] = this.s as unknown as [number, number, number, number];
    const p = this.params;
    const width = 49;
    const col = Math.round(((Math.min(Math.max(x, -p.xThreshold), p.xThreshold) + p.xThreshold) / (2 * p.xThreshold)) * (width - 1));
    const ch = Math.abs(theta) < 0.05 ? '|' : theta > 0 ? '/' : '\\';
    const rows: string[] = [];
    for (let h = 3; h >= 1; h--) {
      const c = col + Math.round(h * 2 * Math.tan(Math.max(-1.4, Math.min(1.4, theta))));
      rows.push(c >= 0 && c < width ? `${' '.repeat(c)}${ch}`.padEnd(width) : ' '.repeat(width));
    }
    const sign = (v: number, d: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(d)}`;
    const head = `x=${sign(x, 3)} v=${sign(xDot, 3)} theta=${sign((theta * 180) / Math.PI, 2)}deg omega=${sign(thetaDot, 3)}`;
    return [head, ...rows, asciiTrack(width, col, 'O')].join('\n');
  }
}
