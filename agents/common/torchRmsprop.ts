import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../loadTf.js';

/**
 * RMSprop with PyTorch's epsilon (SB3's A2C optimizer), built on `tf.train.rmsprop`. The two differ in
 * where epsilon goes: PyTorch divides by `sqrt(v) + eps`, tfjs (like TensorFlow) by `sqrt(v + eps)`. With
 * SB3's eps 1e-5 that is a floor of 1e-5 on the denominator in PyTorch but of sqrt(1e-5) = 3.2e-3 in tfjs:
 * for gradients of 1e-3 the tfjs step is about 30 times smaller. Handing tfjs `eps^2` gives
 * `sqrt(v + eps^2)`, within a factor sqrt 2 of `sqrt(v) + eps` everywhere, within 10 % once `sqrt v` is 10 eps,
 * and equal to it as `sqrt v` grows further.
 *
 * @example
 * ```ts
 * const opt = torchLikeRmsprop(tf, 7e-4, 0.99, 1e-5); // SB3's A2C defaults
 * ```
 */
export function torchLikeRmsprop(tf: Tf, learningRate: number, alpha: number, eps: number): tfjs.RMSPropOptimizer {
  return tf.train.rmsprop(learningRate, alpha, 0, eps * eps);
}
