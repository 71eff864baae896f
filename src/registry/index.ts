export { register, unregister, make, makeParallel, spec, registry, similarIds, parseEnvId } from './registry.js';
export type { MakeOptions } from './registry.js';
