import type { Env } from '../core/Env.js';
import type { ParallelEnv } from '../core/ParallelEnv.js';
import { UnknownPolicy } from '../core/errors.js';
import type { Policy } from './Policy.js';

/** How to build a named baseline policy for an env. */
export interface PolicyEntry {
  /** e.g. `random`, `pd`, `max-pressure`, `spt`. */
  readonly name: string;
  readonly description: string;
  /** Whether this policy can drive the env with this id (and kwargs). */
  appliesTo(envId: string): boolean;
  /** Builds the policy for a constructed env (read its spaces or `unwrapped` for structure). */
  create(env: Env<any, any> | ParallelEnv<string, any, any>, opts?: Record<string, unknown>): Policy<any, any>;
}

const entries: PolicyEntry[] = [];

/**
 * Registers a baseline policy. Several entries may share a name for different envs (e.g. `random`).
 *
 * @example
 * ```ts
 * registerPolicy({ name: 'pd', description: 'PD rule on pole angle', appliesTo: (id) => id === 'CartPole-v1', create: () => new CartPolePd() });
 * ```
 */
export function registerPolicy(entry: PolicyEntry): void {
  if (entries.some((e) => e.name === entry.name && e.appliesTo === entry.appliesTo)) return;
  entries.push(entry);
}

/** All policy entries (for `tsgym list`). */
export function listPolicies(): readonly PolicyEntry[] {
  return entries;
}

/** Names of the policies that apply to `envId`. */
export function policiesFor(envId: string): string[] {
  return [...new Set(entries.filter((e) => e.appliesTo(envId)).map((e) => e.name))];
}

/**
 * Builds the named baseline policy for `env`, or throws UnknownPolicy listing the ones that apply.
 *
 * @example
 * ```ts
 * const policy = makePolicy('pd', 'CartPole-v1', env);
 * ```
 */
export function makePolicy(name: string, envId: string, env: Env<any, any> | ParallelEnv<string, any, any>, opts?: Record<string, unknown>): Policy<any, any> {
  const e = entries.find((x) => x.name === name && x.appliesTo(envId));
  if (!e) {
    const avail = policiesFor(envId);
    throw new UnknownPolicy(
      `Unknown policy '${name}' for ${envId}: expected one of ${avail.length ? avail.join(', ') : '(none registered)'} or a run directory`,
    );
  }
  return e.create(env, opts);
}
