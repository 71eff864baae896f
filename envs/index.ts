/**
 * Built-in environments: each domain registers its ids and baseline policies when imported.
 * @packageDocumentation
 */
export * from './classic/index.js';
export * from './factory/index.js';
export * from './traffic/index.js';
