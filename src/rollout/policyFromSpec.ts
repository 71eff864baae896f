import type { Env } from '../core/Env.js';
import { isParallelEnv, type ParallelEnv } from '../core/ParallelEnv.js';
import { EnsemblePolicy } from '../policy/EnsemblePolicy.js';
import { MlpPolicy } from '../policy/MlpPolicy.js';
import type { Policy } from '../policy/Policy.js';
import { makePolicy } from '../policy/policyRegistry.js';
import { networkFormat } from '../policy/networkFormats.js';
import { InvalidFile } from '../core/errors.js';
import { SharedPolicy } from '../policy/SharedPolicy.js';
import type { PolicySpec } from './PolicySpec.js';

/**
 * The network policy of a non-baseline PolicySpec: `MlpPolicy` for `mlp`, `EnsemblePolicy` for
 * `ensemble` (throws InvalidFile for a malformed or mismatched network).
 *
 * @example
 * ```ts
 * networkPolicy({ kind: 'ensemble', networks: [a, b] }).act(obs, {});
 * ```
 */
export function networkPolicy(spec: Exclude<PolicySpec, string | { kind: 'network' }>): MlpPolicy | EnsemblePolicy {
  const deterministic = spec.deterministic ?? true;
  return spec.kind === 'ensemble' ? new EnsemblePolicy(spec.networks, { deterministic }) : new MlpPolicy(spec.network, { deterministic });
}

/**
 * Builds the policy a PolicySpec names: a registered baseline for `env` (with `options`), or a network
 * policy. What RolloutPool workers (and recorders) run.
 *
 * @example
 * ```ts
 * const policy = policyFromSpec(resolvePolicy('ensemble:runs/a,runs/b', 'CartPole-v1'), 'CartPole-v1', env);
 * ```
 */
export function policyFromSpec(
  spec: PolicySpec,
  envId: string,
  env: Env<any, any> | ParallelEnv<string, any, any>,
  options?: Record<string, unknown>,
): Policy<any, any> {
  if (typeof spec === 'string') return makePolicy(spec, envId, env, options);
  if (spec.kind === 'network') {
    const f = networkFormat(spec.format);
    const why = `A '${spec.format}' network cannot drive ${envId}${f === undefined ? ' (format not registered: import the env module that defines it)' : ''}`;
    if (isParallelEnv(env) || f === undefined || !f.appliesTo(envId)) throw new InvalidFile(why);
    return f.create(spec.network, env as Env<any, any>, { deterministic: spec.deterministic ?? true });
  }
  return isParallelEnv(env) ? new SharedPolicy(networkPolicy(spec)) : networkPolicy(spec);
}
