import { describe, expect, it } from 'vitest';
import { torchLikeRmsprop } from '../../agents/common/torchRmsprop.js';
import { loadTf } from '../../agents/loadTf.js';

/** PyTorch's first RMSprop step from a zero mean square: lr g / (sqrt((1 - alpha) g^2) + eps). */
const torchFirstStep = (lr: number, alpha: number, eps: number, g: number): number => (lr * g) / (Math.sqrt((1 - alpha) * g * g) + eps);

describe('torchLikeRmsprop', () => {
  it("takes PyTorch's first step (alpha 0.99, eps 1e-5) within 2 % for a gradient of 1, 10 % for 1e-3 (sqrt v = 10 eps), sqrt 2 for 1e-6", async () => {
    const tf = await loadTf();
    for (const [g, tol] of [[1, 0.02], [1e-3, 0.1], [1e-6, Math.SQRT2 - 1]] as const) {
      const p = tf.variable(tf.scalar(0));
      const opt = torchLikeRmsprop(tf, 7e-4, 0.99, 1e-5);
      opt.applyGradients([{ name: p.name, tensor: tf.scalar(g) }]);
      const step = -p.dataSync()[0];
      const want = torchFirstStep(7e-4, 0.99, 1e-5, g);
      expect(Math.abs(step / want - 1), `g=${g}: ${step} vs ${want}`).toBeLessThanOrEqual(tol);
      opt.dispose();
      p.dispose();
    }
    // tfjs' own epsilon placement with the same eps: 30 times too small a step for a gradient of 1e-3
    const p = tf.variable(tf.scalar(0));
    tf.train.rmsprop(7e-4, 0.99, 0, 1e-5).applyGradients([{ name: p.name, tensor: tf.scalar(1e-3) }]);
    expect(torchFirstStep(7e-4, 0.99, 1e-5, 1e-3) / -p.dataSync()[0]).toBeGreaterThan(25);
  });
});
