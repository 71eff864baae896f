import type { SerializedMlp } from '../policy/MlpPolicy.js';

/**
 * What RolloutPool workers rebuild a policy from: the name of a registered baseline (built with
 * `makePolicy(name, envId, env, options)`), or a serialized network run by `MlpPolicy`.
 *
 * @example
 * ```ts
 * const a: PolicySpec = 'max-pressure';
 * const b: PolicySpec = { kind: 'mlp', network: JSON.parse(readFileSync('policy.json', 'utf8')), deterministic: true };
 * ```
 */
export type PolicySpec = string | { kind: 'mlp'; network: SerializedMlp; deterministic?: boolean };
