import type { SerializedMlp, SerializedMlpLayer } from '../../src/policy/MlpPolicy.js';
import type { Space } from '../../src/spaces/Space.js';
import type { BoxScaling } from './boxScaling.js';

/**
 * The deterministic action `tanh(u)` of a squashed actor, with `u` the first `actDim` outputs (the mean
 * of SAC's Gaussian actor `obs -> [mean, logStd]`, or the whole output of TD3's actor `obs -> u`), as a
 * plain SerializedMlp that `MlpPolicy` (rollout workers, the policy server, the viewer) runs without
 * TensorFlow.js: the actor's hidden layers, its output layer cut to those columns with a `tanh`
 * activation, and a diagonal linear layer `x -> center + scale x` onto the Box bounds. Output `gaussian`
 * without `logStd`: the policy is the mean action (`MlpPolicy` in deterministic mode).
 *
 * @example
 * ```ts
 * const net = squashedPolicyExport(actor.serializeLayers(), 1, new BoxScaling(env.actionSpace), env.observationSpace, env.actionSpace);
 * new MlpPolicy(net).act(obs, {}); // tanh(mean) scaled to the bounds
 * ```
 */
export function squashedPolicyExport(layers: SerializedMlpLayer[], actDim: number, scaling: BoxScaling,
  observationSpace: Space<unknown>, actionSpace: Space<unknown>): SerializedMlp {
  const out = layers.slice();
  const last = out.pop();
  if (last === undefined || (last.outputSize !== actDim && last.outputSize !== 2 * actDim)) {
    throw new RangeError(`squashedPolicyExport needs an actor output of ${actDim} or 2 x ${actDim} values, got ${last?.outputSize ?? 'no layer'}`);
  }
  const weights: number[] = [];
  for (let r = 0; r < last.inputSize; r++) for (let c = 0; c < actDim; c++) weights.push(last.weights[r * last.outputSize + c] ?? 0);
  out.push({ inputSize: last.inputSize, outputSize: actDim, activation: 'tanh', weights, bias: last.bias.slice(0, actDim) });
  const diag: number[] = new Array<number>(actDim * actDim).fill(0);
  for (let k = 0; k < actDim; k++) diag[k * actDim + k] = scaling.scale[k] ?? 0;
  out.push({ inputSize: actDim, outputSize: actDim, activation: 'linear', weights: diag, bias: Array.from(scaling.center) });
  return { format: 'tsgym-mlp', version: 1, layers: out, output: 'gaussian', observationSpace: observationSpace.toJSON(), actionSpace: actionSpace.toJSON() };
}
