export type { Policy } from './Policy.js';
export { registerPolicy, listPolicies, policiesFor, makePolicy } from './policyRegistry.js';
export type { PolicyEntry } from './policyRegistry.js';
export { RandomPolicy, randomPolicyEntry } from './RandomPolicy.js';
export { MlpPolicy } from './MlpPolicy.js';
export type { SerializedMlp, SerializedMlpLayer, MlpPolicyOptions } from './MlpPolicy.js';
export { runEpisode } from './runEpisode.js';
export type { RunEpisodeOptions } from './runEpisode.js';
export { EnsemblePolicy } from './EnsemblePolicy.js';
