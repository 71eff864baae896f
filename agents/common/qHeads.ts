import type { SerializedMlpLayer } from '../../src/policy/MlpPolicy.js';

/**
 * Writes to `out[i]` the index of the largest of row i's `A` values in `q` (`n` rows, row-major); the
 * first maximum on ties, as `tf.argMax`.
 *
 * @example
 * ```ts
 * argmaxRows(Float32Array.of(1, 3, 2, 0), 2, 2, out); // out = [1, 0]
 * ```
 */
export function argmaxRows(q: ArrayLike<number>, n: number, A: number, out: Int32Array | Float32Array): void {
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestQ = q[i * A];
    for (let k = 1; k < A; k++) {
      const v = q[i * A + k];
      if (v > bestQ) {
        bestQ = v;
        best = k;
      }
    }
    out[i] = best;
  }
}

/**
 * Folds a dueling head's last layer (outputs `[V, A_1..A_n]`) into one linear layer giving Q directly:
 * `Q_j = V + A_j - mean(A)` is linear in the inputs, so weights and bias fold column by column.
 *
 * @example
 * ```ts
 * layers.push(foldDuelingHead(layers.pop(), nActions));
 * ```
 */
export function foldDuelingHead(last: SerializedMlpLayer, A: number): SerializedMlpLayer {
  const width = A + 1;
  const fold = (row: ArrayLike<number>, at: number): number[] => {
    let meanA = 0;
    for (let j = 1; j <= A; j++) meanA += row[at + j];
    meanA /= A;
    const out: number[] = [];
    for (let j = 1; j <= A; j++) out.push(row[at] + row[at + j] - meanA);
    return out;
  };
  const weights: number[] = [];
  for (let r = 0; r < last.inputSize; r++) weights.push(...fold(last.weights, r * width));
  return { inputSize: last.inputSize, outputSize: A, activation: 'linear', weights, bias: fold(last.bias, 0) };
}
