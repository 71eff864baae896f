export { runTraining } from './runTraining.js';
export type { TrainRequest, TrainSummary } from './runTraining.js';
export { TrainConfigSchema, parseTrainConfig, ALGOS } from './trainConfig.js';
export type { TrainConfig, Algo } from './trainConfig.js';
