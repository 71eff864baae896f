import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../loadTf.js';

/**
 * Scales every gradient by `min(1, maxNorm / ||g||)` where `||g||` is the norm of all gradients together
 * (PyTorch's `clip_grad_norm_`). Call inside `tf.tidy`.
 *
 * @example
 * ```ts
 * optimizer.applyGradients(clipByGlobalNorm(tf, grads, 0.5));
 * ```
 */
export function clipByGlobalNorm(tf: Tf, grads: tfjs.NamedTensorMap, maxNorm: number): Record<string, tfjs.Tensor> {
  const names = Object.keys(grads);
  let sq: tfjs.Tensor = tf.scalar(0);
  for (const n of names) sq = tf.add(sq, tf.sum(tf.square(grads[n] as tfjs.Tensor)));
  const scale = tf.minimum(tf.div(maxNorm, tf.add(tf.sqrt(sq), 1e-6)), 1);
  const out: Record<string, tfjs.Tensor> = {};
  for (const n of names) out[n] = tf.mul(grads[n] as tfjs.Tensor, scale);
  return out;
}
