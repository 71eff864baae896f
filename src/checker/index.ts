export { checkEnv } from './checkEnv.js';
export type { CheckEnvOptions } from './checkEnv.js';
export { checkParallelEnv } from './checkParallelEnv.js';
export { dataEquivalence } from './dataEquivalence.js';
