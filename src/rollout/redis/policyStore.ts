import type { Redis } from 'ioredis';
import { z } from 'zod';
import { InvalidFile } from '../../core/errors.js';
import type { SerializedMlp } from '../../policy/MlpPolicy.js';
import type { PolicySpec } from '../PolicySpec.js';
import { canonicalJson, policyKey, sha256, type JobPolicy } from './rolloutJob.js';

/** How long a stored network stays in Redis after it was last stored (seconds): an evaluation stores it again when it starts. */
export const POLICY_TTL_S = 7 * 24 * 3600;

// the network's own fields are checked where it is built (MlpPolicy throws InvalidFile naming the field)
const NETWORK = z.custom<SerializedMlp>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected a network object');
const NETWORK_SPEC = z.union([
  z.object({ kind: z.literal('mlp'), network: NETWORK, deterministic: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('ensemble'), networks: z.array(NETWORK).min(1), deterministic: z.boolean().optional() }).strict(),
]);

/**
 * The job form of a policy: a baseline by name, or a network stored once in Redis under the sha256 of its
 * canonical JSON (so a job carries 64 hex digits, not the weights).
 *
 * @example
 * ```ts
 * await jobPolicy(redis, { kind: 'mlp', network }); // { hash: '9f2c...' }, the JSON stored at tsgym:policy:9f2c...
 * ```
 */
export async function jobPolicy(redis: Redis, spec: PolicySpec, ttlSeconds = POLICY_TTL_S): Promise<JobPolicy> {
  if (typeof spec === 'string') return { name: spec };
  const text = canonicalJson(spec);
  const hash = sha256(text);
  await redis.set(policyKey(hash), text, 'EX', ttlSeconds);
  return { hash };
}

/**
 * Reads a stored network back (the worker side): checks that its text still hashes to `hash` and that it
 * has the shape of a network PolicySpec; throws InvalidFile otherwise (it is data, never code).
 *
 * @example
 * ```ts
 * const spec = await loadPolicy(redis, job.data.policy.hash); // { kind: 'mlp', network: {...} }
 * ```
 */
export async function loadPolicy(redis: Redis, hash: string): Promise<Exclude<PolicySpec, string>> {
  const text = await redis.get(policyKey(hash));
  if (text === null) throw new InvalidFile(`Network ${hash} is not in Redis (key ${policyKey(hash)}): it expired or was never stored`);
  if (sha256(text) !== hash) throw new InvalidFile(`Network ${hash} in Redis does not match its hash: the stored text was altered`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InvalidFile(`Network ${hash} in Redis is not JSON: ${(e as Error).message}`);
  }
  const r = NETWORK_SPEC.safeParse(value);
  if (!r.success) {
    throw new InvalidFile(`Network ${hash} in Redis is not a network policy: expected { kind: 'mlp', network } or { kind: 'ensemble', networks }`);
  }
  return r.data;
}
