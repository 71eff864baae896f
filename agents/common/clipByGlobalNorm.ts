import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../loadTf.js';

/**
 * The clipping factor `min(1, maxNorm / (||g|| + 1e-6))` of a flat gradient vector `g` (PyTorch's
 * `clip_grad_norm_`): a scalar tensor, four small kernels after the sum of squares. Call inside `tf.tidy`.
 *
 * @example
 * ```ts
 * const scaled = tf.mul(flatGrad, globalNormScale(tf, flatGrad, 10));
 * ```
 */
export function globalNormScale(tf: Tf, flat: tfjs.Tensor, maxNorm: number): tfjs.Scalar {
  const norm = tf.sqrt(tf.sum(tf.square(flat)));
  return tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
}

/**
 * Scales every gradient by `min(1, maxNorm / (||g|| + 1e-6))` where `||g||` is the norm of all gradients
 * together (PyTorch's `clip_grad_norm_`). The norm is taken over the gradients concatenated into one
 * vector, so the kernel count does not grow with the number of tensors. Call inside `tf.tidy`.
 *
 * @example
 * ```ts
 * optimizer.applyGradients(clipByGlobalNorm(tf, grads, 0.5));
 * ```
 */
export function clipByGlobalNorm(tf: Tf, grads: tfjs.NamedTensorMap, maxNorm: number): Record<string, tfjs.Tensor> {
  const names = Object.keys(grads);
  if (names.length === 0) return {};
  const flat = tf.concat(names.map((n) => tf.reshape(grads[n], [-1])));
  const scale = globalNormScale(tf, flat, maxNorm);
  const out: Record<string, tfjs.Tensor> = {};
  for (const n of names) out[n] = tf.mul(grads[n], scale);
  return out;
}
