import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../loadTf.js';

/** SB3's bounds on the log standard deviation of a squashed Gaussian policy (`LOG_STD_MIN`, `LOG_STD_MAX`). */
export const LOG_STD_MIN = -20;
export const LOG_STD_MAX = 2;

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * `log(1 - tanh(u)^2)` without cancellation: `2 (log 2 - u - softplus(-2u))`, exact and finite for every
 * `u` (SB3 and CleanRL compute `log(1 - tanh(u)^2 + 1e-6)`, which floors at log 1e-6 once tanh saturates).
 * Call inside `tf.tidy`.
 *
 * @example
 * ```ts
 * logOneMinusTanhSq(tf, tf.tensor1d([0])); // [0]
 * ```
 */
export function logOneMinusTanhSq(tf: Tf, u: tfjs.Tensor): tfjs.Tensor {
  return tf.mul(tf.sub(tf.sub(Math.LN2, u), tf.softplus(tf.mul(u, -2))), 2);
}

/** A reparameterised draw of {@link squashedGaussian}: the action in `[-1, 1]` and its log-density. */
export interface SquashedSample {
  /** `tanh(mean + exp(logStd) * noise)`, `[batch, dim]`. */
  action: tfjs.Tensor2D;
  /** The log-density of `action` under the squashed distribution, summed over `dim`: `[batch, 1]`. */
  logProb: tfjs.Tensor2D;
}

/**
 * The tanh-squashed diagonal Gaussian of SAC (Haarnoja et al. 2018, appendix C): `u ~ N(mean, std^2)`,
 * `a = tanh(u)`, and by the change of variables
 * `log p(a) = sum_k [log N(u_k; mean_k, std_k) - log(1 - tanh(u_k)^2)]`, with
 * `log N(u; m, s) = -noise^2 / 2 - log s - log(2 pi) / 2`. The draw is reparameterised (`u = mean + std
 * noise`, `noise ~ N(0, 1)` given), so the action and its log-density are differentiable in `mean` and
 * `logStd`. `logStd` is clipped to [{@link LOG_STD_MIN}, {@link LOG_STD_MAX}] first, as SB3. Call inside
 * `tf.tidy`.
 *
 * @example
 * ```ts
 * const { action, logProb } = squashedGaussian(tf, mean, logStd, tf.randomNormal(mean.shape));
 * ```
 */
export function squashedGaussian(tf: Tf, mean: tfjs.Tensor2D, logStd: tfjs.Tensor2D, noise: tfjs.Tensor2D): SquashedSample {
  const ls = tf.clipByValue(logStd, LOG_STD_MIN, LOG_STD_MAX);
  const u = tf.add(mean, tf.mul(tf.exp(ls), noise));
  const gaussian = tf.sub(tf.sub(tf.mul(tf.square(noise), -0.5), ls), HALF_LOG_2PI);
  const logProb = tf.sum(tf.sub(gaussian, logOneMinusTanhSq(tf, u)), 1, true);
  return { action: tf.tanh(u) as tfjs.Tensor2D, logProb: logProb as tfjs.Tensor2D };
}
