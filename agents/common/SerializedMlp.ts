import type { SpaceJSON } from '../../src/spaces/Space.js';

/** Activation of one dense layer. */
export type MlpActivation = 'relu' | 'tanh' | 'linear';

/** One dense layer: `y = act(x W + b)`, `W` row-major `[inputSize][outputSize]` (tfjs Dense kernel layout). */
export interface SerializedLayer {
  inputSize: number;
  outputSize: number;
  activation: MlpActivation;
  weights: number[];
  bias: number[];
}

/**
 * A trained network as plain numbers, for rollout workers that run the forward pass on typed arrays
 * without TensorFlow.js (`src/policy/MlpPolicy.ts`). `output` says how to read the last layer:
 * Q-values (argmax), logits (categorical), or Gaussian means with `logStd`.
 *
 * @example
 * ```ts
 * const net: SerializedMlp = agent.exportPolicy();
 * JSON.stringify(net); // ship it to a worker
 * ```
 */
export interface SerializedMlp {
  format: 'tsgym-mlp';
  version: 1;
  layers: SerializedLayer[];
  output: 'q' | 'logits' | 'gaussian';
  logStd?: number[];
  obsNormalization?: { mean: number[]; var: number[]; clip: number; epsilon: number };
  observationSpace: SpaceJSON;
  actionSpace: SpaceJSON;
}
