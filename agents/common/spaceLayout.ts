import { Box } from '../../src/spaces/Box.js';
import { Dict } from '../../src/spaces/Dict.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { MultiDiscrete } from '../../src/spaces/MultiDiscrete.js';
import type { Space } from '../../src/spaces/Space.js';
import { flatDim } from '../../src/spaces/flatten.js';
import { InvalidConfig } from '../../src/core/errors.js';

/** How an agent's network output maps to an action. */
export type ActionLayout =
  | { kind: 'discrete'; n: number; start: number }
  | { kind: 'multiDiscrete'; nvec: number[]; start: number[] }
  | { kind: 'box'; dim: number; low: Float32Array; high: Float32Array };

/** Where the observation of a Dict space carries `actionMask` in its flat form (sorted-key order). */
export interface MaskRange {
  offset: number;
  size: number;
}

/**
 * The `actionMask` entry of a Dict observation space as an offset into the flattened observation, or
 * undefined when the observation carries no mask.
 *
 * @example
 * ```ts
 * actionMaskRange(new Dict({ actionMask: new MultiBinary(3), jobs: new Box(0, 1, [5]) })); // { offset: 0, size: 3 }
 * ```
 */
export function actionMaskRange(space: Space<unknown>): MaskRange | undefined {
  if (!(space instanceof Dict)) return undefined;
  let offset = 0;
  for (const k of space.keys) {
    const sub = space.get(k);
    if (k === 'actionMask') return { offset, size: flatDim(sub) };
    offset += flatDim(sub);
  }
  return undefined;
}

/**
 * The action layout of an action space (Discrete, MultiDiscrete or Box), or InvalidConfig naming it.
 *
 * @example
 * ```ts
 * actionLayout(new Discrete(2)); // { kind: 'discrete', n: 2, start: 0 }
 * ```
 */
export function actionLayout(space: Space<unknown>, algo: string): ActionLayout {
  if (space instanceof Discrete) return { kind: 'discrete', n: space.n, start: space.start };
  if (space instanceof MultiDiscrete) return { kind: 'multiDiscrete', nvec: [...space.nvec], start: [...space.start] };
  if (space instanceof Box) {
    return { kind: 'box', dim: space.size, low: Float32Array.from(space.low), high: Float32Array.from(space.high) };
  }
  throw new InvalidConfig(`${algo} cannot act in action space ${space.toString()}: expected Discrete, MultiDiscrete or Box`);
}

/** Scalars per action stored in buffers (1 for Discrete). */
export function actionDim(a: ActionLayout): number {
  return a.kind === 'discrete' ? 1 : a.kind === 'multiDiscrete' ? a.nvec.length : a.dim;
}

/** Network outputs the action head needs (logits or means). */
export function actionOutputs(a: ActionLayout): number {
  return a.kind === 'discrete' ? a.n : a.kind === 'multiDiscrete' ? a.nvec.reduce((x, y) => x + y, 0) : a.dim;
}

/**
 * Throws InvalidConfig naming the dimension when a saved model's spaces differ from an env's.
 *
 * @example
 * ```ts
 * checkSameSpace('observation', savedObsJson, env.observationSpace); // InvalidConfig: ... dimension 4 vs 6
 * ```
 */
export function checkSameSpace(what: 'observation' | 'action', saved: Space<unknown>, actual: Space<unknown>): void {
  if (saved.equals(actual)) return;
  const a = flatDim(saved);
  const b = flatDim(actual);
  const dim = a !== b ? `: the model expects flat dimension ${a}, the environment has ${b}` : '';
  throw new InvalidConfig(`Model was trained for ${what} space ${saved.toString()} but the environment's is ${actual.toString()}${dim}`);
}
