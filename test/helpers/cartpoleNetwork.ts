import { Discrete, make, type SerializedMlp } from '../../src/index.js';

/** A small hand-written 4-3-2 logits network for CartPole-v1 (tanh hidden layer), for the rollout tests. */
export function cartpoleNetwork(): SerializedMlp {
  return {
    format: 'tsgym-mlp',
    version: 1,
    layers: [
      { inputSize: 4, outputSize: 3, activation: 'tanh', weights: [0.5, -0.2, 0.1, 1.0, 0.3, -0.7, 2.0, -1.0, 0.4, 0.8, 0.6, -0.3], bias: [0.1, 0, -0.1] },
      { inputSize: 3, outputSize: 2, activation: 'linear', weights: [1, -1, 0.5, 0.2, -0.3, 0.9], bias: [0, 0] },
    ],
    output: 'logits',
    observationSpace: make('CartPole-v1').observationSpace.toJSON(),
    actionSpace: new Discrete(2).toJSON(),
  };
}
