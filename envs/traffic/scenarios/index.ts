export { gridNetwork, GridScenarioSchema } from './gridNetwork.js';
export type { GridScenario, GridScenarioInput } from './gridNetwork.js';
export { singleIntersection } from './singleIntersection.js';
export { arterialNetwork } from './arterialNetwork.js';
