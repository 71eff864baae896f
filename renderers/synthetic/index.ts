export { syntheticTraffic } from './syntheticTraffic.js';
export type { SyntheticTrafficOptions } from './syntheticTraffic.js';
export { syntheticFactory } from './syntheticFactory.js';
export type { SyntheticFactoryOptions } from './syntheticFactory.js';
