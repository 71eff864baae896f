import { InvalidConfig } from '../core/errors.js';
import { Box } from '../spaces/Box.js';
import { Discrete } from '../spaces/Discrete.js';
import { MultiBinary } from '../spaces/MultiBinary.js';
import { MultiDiscrete } from '../spaces/MultiDiscrete.js';
import type { Space } from '../spaces/Space.js';
import { allocArray, type TypedArray } from '../spaces/dtypes.js';
import { flatDim, flatten, flattenSpace } from '../spaces/flatten.js';

/**
 * How one sub-env's observations and actions map to rows of the batched flat arrays: observations are
 * written as `flatten(space, obs)` (a Box copied as it is, a Discrete one-hot, a Dict its sorted keys),
 * actions are read from `[numEnvs, ...actionShape]` rows into the form the sub-env's action space takes.
 *
 * @example
 * ```ts
 * const b = new SpaceBatching(env.observationSpace, env.actionSpace);
 * b.writeObs(obs, batchObs, i * b.obsSize);
 * env.step(b.readAction(actions, i, scratch));
 * ```
 */
export class SpaceBatching {
  /** Entries of one observation row (`flatDim(observationSpace)`). */
  readonly obsSize: number;
  /** Entries of one action row (1 for Discrete). */
  readonly actionSize: number;
  private readonly obsKind: 'box' | 'discrete' | 'generic';
  private readonly discreteStart: number;

  constructor(readonly observationSpace: Space, readonly actionSpace: Space) {
    this.obsSize = flatDim(observationSpace);
    this.obsKind =
      observationSpace instanceof Box || observationSpace instanceof MultiBinary ? 'box' : observationSpace instanceof Discrete ? 'discrete' : 'generic';
    this.discreteStart = observationSpace instanceof Discrete ? observationSpace.start : 0;
    if (actionSpace instanceof Discrete) this.actionSize = 1;
    else if (actionSpace instanceof Box || actionSpace instanceof MultiDiscrete || actionSpace instanceof MultiBinary)
      this.actionSize = actionSpace.shape.reduce((a, b) => a * b, 1);
    else throw new InvalidConfig(`Vector envs need a Discrete, Box, MultiDiscrete or MultiBinary action space, got ${actionSpace.toString()}`);
  }

  /** Writes `flatten(observationSpace, obs)` into `out[offset .. offset + obsSize)`. */
  writeObs(obs: unknown, out: Float32Array, offset: number): void {
    const n = this.obsSize;
    if (this.obsKind === 'box') {
      const a = obs as ArrayLike<number>;
      for (let k = 0; k < n; k++) out[offset + k] = a[k];
    } else if (this.obsKind === 'discrete') {
      out.fill(0, offset, offset + n);
      out[offset + (obs as number) - this.discreteStart] = 1;
    } else {
      out.set(flatten(this.observationSpace, obs), offset);
    }
  }

  /** A scratch value for `readAction` (a typed array of the action dtype; unused for Discrete). */
  allocActionScratch(): TypedArray | null {
    const s = this.actionSpace;
    return s instanceof Discrete ? null : allocArray(s.dtype ?? 'float32', this.actionSize);
  }

  /** Row `i` of the flat `actions` as the sub-env's action: a number for Discrete, else `scratch` filled. */
  readAction(actions: ArrayLike<number>, i: number, scratch: TypedArray | null): unknown {
    if (scratch === null) return actions[i];
    const n = this.actionSize;
    const base = i * n;
    for (let k = 0; k < n; k++) scratch[k] = actions[base + k];
    return scratch;
  }
}

/**
 * The batched observation space of `n` sub-envs: a float32 Box of shape `[n, ...shape]` for a Box, else
 * `[n, flatDim]` with the bounds of `flattenSpace`.
 *
 * @example
 * ```ts
 * batchObservationSpace(new Box(-1, 1, [3]), 4).shape; // [4, 3]
 * ```
 */
export function batchObservationSpace(single: Space, n: number): Box {
  const flat = flattenSpace(single);
  const shape = single instanceof Box ? [n, ...single.shape] : [n, flat.size];
  const low = new Float32Array(n * flat.size);
  const high = new Float32Array(n * flat.size);
  for (let i = 0; i < n; i++) {
    low.set(flat.low, i * flat.size);
    high.set(flat.high, i * flat.size);
  }
  return new Box(low, high, shape, 'float32');
}

/**
 * The batched action space of `n` sub-envs: `MultiDiscrete(n x Discrete)` for Discrete, `MultiDiscrete`
 * of the nvecs repeated for MultiDiscrete, a Box (same dtype) with a leading `n` for Box and MultiBinary.
 *
 * @example
 * ```ts
 * batchActionSpace(new Discrete(2), 3).toString(); // MultiDiscrete([2, 2, 2])
 * ```
 */
export function batchActionSpace(single: Space, n: number): Space {
  if (single instanceof Discrete) return new MultiDiscrete(new Array<number>(n).fill(single.n), new Array<number>(n).fill(single.start));
  if (single instanceof MultiDiscrete) {
    const nvec: number[] = [];
    const start: number[] = [];
    for (let i = 0; i < n; i++) {
      nvec.push(...single.nvec);
      start.push(...single.start);
    }
    return new MultiDiscrete(nvec, start);
  }
  if (single instanceof Box) {
    const low = allocArray(single.dtype, n * single.size);
    const high = allocArray(single.dtype, n * single.size);
    for (let i = 0; i < n; i++) {
      low.set(single.low, i * single.size);
      high.set(single.high, i * single.size);
    }
    return new Box(low, high, [n, ...single.shape], single.dtype);
  }
  if (single instanceof MultiBinary) return new Box(0, 1, [n, ...single.shape], 'int8');
  throw new InvalidConfig(`Cannot batch action space ${single.toString()}: expected Discrete, Box, MultiDiscrete or MultiBinary`);
}
