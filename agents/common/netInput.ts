import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../loadTf.js';
import type { MaskRange } from './spaceLayout.js';

/**
 * The network input of a batch of flat observations: the observation without its `actionMask` columns
 * (the mask decides which actions may be taken; it is not a feature), as `MlpPolicy` feeds its network.
 *
 * @example
 * ```ts
 * const x = netInput(tf, obs, mask, obsDim); // [batch, obsDim - mask.size]
 * ```
 */
export function netInput(tf: Tf, obs: tfjs.Tensor2D, mask: MaskRange | undefined, obsDim: number): tfjs.Tensor2D {
  if (mask === undefined) return obs;
  const parts: tfjs.Tensor2D[] = [];
  if (mask.offset > 0) parts.push(tf.slice(obs, [0, 0], [-1, mask.offset]));
  const after = mask.offset + mask.size;
  if (after < obsDim) parts.push(tf.slice(obs, [0, after], [-1, obsDim - after]));
  if (parts.length === 1) return parts[0];
  return tf.concat(parts, 1);
}
