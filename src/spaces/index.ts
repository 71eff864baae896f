export { Space } from './Space.js';
export type { DType, SpaceJSON } from './Space.js';
export { Discrete } from './Discrete.js';
export { Box } from './Box.js';
export { allocArray, dtypeOf, isArrayOf, isIntegerDType } from './dtypes.js';
export type { TypedArray } from './dtypes.js';
