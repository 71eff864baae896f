import type { SerializedMlp } from '../policy/MlpPolicy.js';

/**
 * What RolloutPool workers rebuild a policy from: the name of a registered baseline (built with
 * `makePolicy(name, envId, env, options)`), a serialized network run by `MlpPolicy`, several run
 * together by `EnsemblePolicy`, or a network of a registered format (`registerNetworkFormat`). `policyFromSpec` builds any of them.
 *
 * @example
 * ```ts
 * const a: PolicySpec = 'max-pressure';
 * const b: PolicySpec = { kind: 'mlp', network: JSON.parse(readFileSync('policy.json', 'utf8')), deterministic: true };
 * const c: PolicySpec = { kind: 'ensemble', networks: [netA, netB] }; // averaged values (EnsemblePolicy)
 * ```
 */
export type PolicySpec =
  | string
  | { kind: 'mlp'; network: SerializedMlp; deterministic?: boolean }
  // `network?: never` keeps `spec.network` readable on the union (it is undefined for an ensemble): build policies with policyFromSpec
  | { kind: 'ensemble'; networks: SerializedMlp[]; deterministic?: boolean; network?: never }
  // a network of a registered format other than tsgym-mlp (see registerNetworkFormat), built with the env
  | { kind: 'network'; format: string; network: unknown; deterministic?: boolean };
