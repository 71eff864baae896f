import type { SerializedMlpLayer } from './MlpPolicy.js';

/** A dense layer compiled for the typed-array forward pass: float32 weights `[inSize][outSize]`. */
export interface DenseLayer {
  readonly inSize: number;
  readonly outSize: number;
  /** 0 linear, 1 relu, 2 tanh. */
  readonly act: 0 | 1 | 2;
  readonly w: Float32Array;
  readonly b: Float32Array;
}

/**
 * Compiles a serialized layer (weights rounded to float32, as tfjs keeps them).
 *
 * @example
 * ```ts
 * const layers = network.layers.map(compileLayer);
 * ```
 */
export function compileLayer(l: SerializedMlpLayer): DenseLayer {
  return {
    inSize: l.inputSize,
    outSize: l.outputSize,
    act: l.activation === 'relu' ? 1 : l.activation === 'tanh' ? 2 : 0,
    w: Float32Array.from(l.weights),
    b: Float32Array.from(l.bias),
  };
}

/**
 * One layer on one row: `y[yOff ..] = act(x[xOff ..] W + b)`, sums in float64.
 *
 * @example
 * ```ts
 * denseForward(layer, input, 0, hidden, 0);
 * ```
 */
export function denseForward(l: DenseLayer, x: Float64Array, xOff: number, y: Float64Array, yOff: number): void {
  const { inSize, outSize, w, b } = l;
  for (let j = 0; j < outSize; j++) y[yOff + j] = b[j];
  for (let i = 0; i < inSize; i++) {
    const xi = x[xOff + i];
    if (xi === 0) continue;
    const row = i * outSize;
    for (let j = 0; j < outSize; j++) y[yOff + j] = (y[yOff + j]) + xi * (w[row + j]);
  }
  if (l.act === 1) for (let j = 0; j < outSize; j++) y[yOff + j] = Math.max(0, y[yOff + j]);
  else if (l.act === 2) for (let j = 0; j < outSize; j++) y[yOff + j] = Math.tanh(y[yOff + j]);
}

/**
 * Index in `[0, n)` of the largest `y[off + k]` whose `mask[off + k]` is set (first on ties), or -1
 * when every entry is masked.
 *
 * @example
 * ```ts
 * maskedArgmax(Float64Array.of(3, 5, 1), 0, 3, [1, 0, 1]); // 0
 * ```
 */
export function maskedArgmax(y: ArrayLike<number>, off: number, n: number, mask: ArrayLike<number> | undefined): number {
  let best = -1;
  let max = -Infinity;
  for (let k = 0; k < n; k++) {
    if (mask !== undefined && !mask[off + k]) continue;
    const v = y[off + k];
    if (best < 0 || v > max) {
      best = k;
      max = v;
    }
  }
  return best;
}

/**
 * Softmax of `y[off .. off + n)` into `out[off .. off + n)` (max-shifted, so large logits do not overflow).
 *
 * @example
 * ```ts
 * softmaxInto([0, Math.log(3)], 0, 2, probs); // probs = [0.25, 0.75]
 * ```
 */
export function softmaxInto(y: ArrayLike<number>, off: number, n: number, out: { [i: number]: number }): void {
  let top = -Infinity;
  for (let k = 0; k < n; k++) top = Math.max(top, y[off + k]);
  let z = 0;
  for (let k = 0; k < n; k++) z += Math.exp((y[off + k]) - top);
  for (let k = 0; k < n; k++) out[off + k] = Math.exp((y[off + k]) - top) / z;
}
