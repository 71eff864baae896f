export { Env } from './Env.js';
export { ParallelEnv, isParallelEnv } from './ParallelEnv.js';
export type { ParallelStepResult } from './ParallelEnv.js';
export * from './errors.js';
export type { Info, ResetOptions, StepResult, ResetResult, EnvMetadata } from './types.js';
export { parseConfig } from './parseConfig.js';
export { assertAction, formatValue } from './assertAction.js';
export type { EnvSpec, EntryPoint } from './EnvSpec.js';
export type { MetricCatalog, MetricInfo, MetricKind } from './MetricInfo.js';
