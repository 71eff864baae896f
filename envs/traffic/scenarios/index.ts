export { gridNetwork, GridScenarioSchema } from './gridNetwork.js';
export type { GridScenario, GridScenarioInput } from './gridNetwork.js';
