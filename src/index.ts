/**
 * tsgym core: the Env API, spaces, registry, wrappers, rng, policies and checker.
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './rng/index.js';
export * from './spaces/index.js';
export * from './registry/index.js';
export * from './wrappers/index.js';
export * from './policy/index.js';
export * from './checker/index.js';
export * from './vector/index.js';
export * from './rollout/index.js';
export type { BenchFigure, BenchFn, BenchOptions } from './bench/types.js';
export * from './explain/index.js';
export * from './serve/index.js';
export * from './stats/index.js';
export * from './eval/index.js';
export * from './plot/index.js';
export * from './io/index.js';
