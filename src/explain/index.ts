/**
 * Explanations of network policies: action values/probabilities and gradient x input attributions.
 * @packageDocumentation
 */
export { MlpExplainer } from './MlpExplainer.js';
export type { Explanation, OutputAttribution, MlpExplainerOptions } from './MlpExplainer.js';
export { NetworkInput, MASK_KEY } from './NetworkInput.js';
export { ExplainingPolicy } from './ExplainingPolicy.js';
export { toFrameExplanation, frameExplanations } from './frameExplanation.js';
export type { FrameExplanation } from './frameExplanation.js';
