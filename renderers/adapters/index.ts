export type { SceneAdapter, FrameState } from './SceneAdapter.js';
export { adapterFor } from './adapterFor.js';
export { factoryLineAdapter } from './factoryLine.js';
export { jobShopAdapter } from './jobShop.js';
export { trafficAdapter } from './traffic.js';
