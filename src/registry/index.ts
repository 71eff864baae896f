export { register, unregister, make, makeParallel, spec, registry, similarIds, parseEnvId, splitModuleId } from './registry.js';
export type { MakeOptions } from './registry.js';
