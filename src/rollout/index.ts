export { RolloutPool } from './RolloutPool.js';
export type { RolloutPoolOptions, EvaluateOptions } from './RolloutPool.js';
export type { PolicySpec } from './PolicySpec.js';
export type { RolloutTask, RolloutTaskResult, RolloutTaskError } from './rolloutTask.js';
export { policyFromSpec, networkPolicy } from './policyFromSpec.js';
export { SegmentCollector } from './SegmentCollector.js';
export type { SegmentCollectorOptions, CollectedSegment, ActorEpsilon, ActorOptions } from './SegmentCollector.js';
export { episodeSeed, actionSeed } from './segment.js';
export type { InstanceState, InstanceSegment, SegmentWork } from './segment.js';
