/**
 * Traffic: a microscopic signalized-intersection simulator (IDM / Krauss car following, signals with
 * yellow and all-red, Poisson/uniform/scheduled demand), its network description, built-in scenarios,
 * the `TrafficSignal-v0` and `TrafficGrid-v0` envs and the signal baselines. Importing registers the ids.
 * @packageDocumentation
 */
export { registerTraffic } from './registerTraffic.js';
export * from './network/index.js';
export * from './engine/index.js';
export * from './scenarios/index.js';
export * from './env/index.js';
export * from './baselines/index.js';
export * from './network-env/index.js';
export { SumoSimulation, TraciClient, SumoProcess, findSumo, hasSumo, sumoArgs, TraciProtocolError } from './sumo/index.js';
export type { SumoScenario, SumoStartOptions } from './sumo/index.js';
