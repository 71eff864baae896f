export * from './NetworkSpec.js';
export { movementConflicts } from './movementConflicts.js';
export type { ConflictInput } from './movementConflicts.js';
export * from './geometry.js';
