export { Wrapper } from './Wrapper.js';
export { TimeLimit } from './TimeLimit.js';
export { OrderEnforcing } from './OrderEnforcing.js';
export { PassiveEnvChecker } from './PassiveEnvChecker.js';
