import type { Env } from '../core/Env.js';
import { InvalidConfig } from '../core/errors.js';
import type { ResetOptions, ResetResult, StepResult } from '../core/types.js';
import { Box } from '../spaces/Box.js';
import { allocArray, type TypedArray } from '../spaces/dtypes.js';
import { Wrapper } from './Wrapper.js';

/** Options of {@link FrameStack}. */
export interface FrameStackOptions {
  /** What fills the stack after a reset: copies of the reset observation (default) or zeros. */
  padding?: 'reset' | 'zero';
}

/**
 * Stacks the last `stackSize` observations of a Box env, oldest first, as Gymnasium 1.x's
 * `FrameStackObservation`: the observation is a typed array of shape `[stackSize, ...shape]` (row-major)
 * and the space a Box with the bounds repeated. After a reset, the older slots hold the reset observation
 * (`padding: 'reset'`) or the Box's zero element (`'zero'`: 0 clipped into the bounds).
 *
 * @example
 * ```ts
 * const env = new FrameStack(make('CartPole-v1'), 4);
 * env.observationSpace.shape; // [4, 4]
 * ```
 */
export class FrameStack<Act> extends Wrapper<TypedArray, Act, TypedArray, Act> {
  readonly padding: 'reset' | 'zero';
  private readonly frame: number;
  private readonly frames: TypedArray;
  private readonly zero: TypedArray;
  private readonly inner: Box;

  constructor(env: Env<TypedArray, Act>, readonly stackSize: number, opts: FrameStackOptions = {}) {
    super(env);
    const s = env.observationSpace;
    if (!(s instanceof Box)) throw new InvalidConfig(`FrameStack needs a Box observation space, got ${s.toString()}`);
    if (!Number.isInteger(stackSize) || stackSize <= 0) throw new InvalidConfig(`FrameStack stackSize must be a positive integer, got ${String(stackSize)}`);
    const padding = opts.padding ?? 'reset';
    if (padding !== 'reset' && padding !== 'zero') throw new InvalidConfig(`FrameStack padding must be 'reset' or 'zero', got '${String(padding)}'`);
    this.padding = padding;
    this.inner = s;
    this.frame = s.size;
    const low: number[] = [];
    const high: number[] = [];
    for (let k = 0; k < stackSize; k++) {
      low.push(...s.low);
      high.push(...s.high);
    }
    this.observationSpace = new Box(low, high, [stackSize, ...s.shape], s.dtype);
    this.zero = allocArray(s.dtype, s.size);
    for (let i = 0; i < s.size; i++) {
      const lo = s.low[i] ?? 0;
      const hi = s.high[i] ?? 0;
      this.zero[i] = lo > 0 ? lo : hi < 0 ? hi : 0;
    }
    this.frames = allocArray(s.dtype, stackSize * s.size);
  }

  protected override snapshotOwn(): unknown {
    return { frames: Array.from(this.frames) };
  }

  protected override restoreOwn(own: unknown): void {
    this.frames.set((own as { frames: number[] }).frames);
  }

  override reset(opts?: ResetOptions): ResetResult<TypedArray> {
    const [obs, info] = this.env.reset(opts);
    const pad = this.padding === 'reset' ? obs : this.zero;
    for (let k = 0; k < this.stackSize - 1; k++) this.frames.set(pad, k * this.frame);
    this.frames.set(obs, (this.stackSize - 1) * this.frame);
    return [this.frames.slice(), info];
  }

  override step(action: Act): StepResult<TypedArray> {
    const [obs, reward, terminated, truncated, info] = this.env.step(action);
    this.frames.copyWithin(0, this.frame);
    this.frames.set(obs, (this.stackSize - 1) * this.frame);
    return [this.frames.slice(), reward, terminated, truncated, info];
  }

  /** The inner env's observation space (one frame). */
  get frameSpace(): Box {
    return this.inner;
  }
}
