export { RolloutPool } from './RolloutPool.js';
export type { RolloutPoolOptions, EvaluateOptions } from './RolloutPool.js';
export type { PolicySpec } from './PolicySpec.js';
export type { RolloutTask, RolloutTaskResult, RolloutTaskError } from './rolloutTask.js';
export { policyFromSpec, networkPolicy } from './policyFromSpec.js';
