import { registerBusyStep } from './BusyStepEnv.js';

export { VectorEnv } from './VectorEnv.js';
export type { AutoresetMode, VectorResetOptions, VectorResetResult, VectorStepResult } from './VectorEnv.js';
export { SyncVectorEnv } from './SyncVectorEnv.js';
export type { SyncVectorEnvOptions } from './SyncVectorEnv.js';
export { AsyncVectorEnv } from './AsyncVectorEnv.js';
export type { AsyncVectorEnvOptions } from './AsyncVectorEnv.js';
export { makeVec } from './makeVec.js';
export type { MakeVecOptions, EnvWrapperFn } from './makeVec.js';
export { SpaceBatching, batchObservationSpace, batchActionSpace } from './spaceBatching.js';
export { BusyStepEnv, registerBusyStep } from './BusyStepEnv.js';
export type { BusyStepKwargs } from './BusyStepEnv.js';

registerBusyStep();
