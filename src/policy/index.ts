export type { Policy } from './Policy.js';
export { registerPolicy, listPolicies, policiesFor, makePolicy } from './policyRegistry.js';
export type { PolicyEntry } from './policyRegistry.js';
export { RandomPolicy, randomPolicyEntry } from './RandomPolicy.js';
