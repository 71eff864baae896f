export { TrafficSignalEnv } from './TrafficSignalEnv.js';
export { TrafficGridEnv } from './TrafficGridEnv.js';
export { TrafficSignalAgent, REWARD_NAMES } from './TrafficSignalAgent.js';
export type { RewardName, RewardFn, ObservationFn } from './TrafficSignalAgent.js';
export { TrafficEnvConfigSchema, trafficEnvSetup } from './trafficEnvConfig.js';
export type { TrafficEnvConfig } from './trafficEnvConfig.js';
export { renderTrafficAnsi } from './renderTrafficAnsi.js';
