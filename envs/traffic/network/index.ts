export * from './NetworkSpec.js';
export { conflictLists, connectionsConflict } from './movementConflicts.js';
export type { ConflictInput } from './movementConflicts.js';
export * from './geometry.js';
