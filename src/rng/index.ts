export { Rng } from './Rng.js';
export type { RngState } from './Rng.js';
