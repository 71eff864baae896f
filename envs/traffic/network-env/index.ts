export { registerTrafficNetwork, TRAFFIC_NETWORK_IDS } from './registerTrafficNetwork.js';
export { TrafficNetworkEnv } from './TrafficNetworkEnv.js';
export { TrafficNetworkParallelEnv } from './TrafficNetworkParallelEnv.js';
export { ProgramPolicy } from './ProgramPolicy.js';
export { NetworkKwargsSchema, networkKwargs } from './networkKwargs.js';
export { pinProgram, restoreTiming, startProgram } from './signalPrograms.js';
export * from '../import/index.js';
export { simulationFactory } from './simulationFactory.js';
export type { BackendChoice } from './networkKwargs.js';
