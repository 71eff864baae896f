/**
 * What crosses Redis between a `RolloutPool` with the redis backend and `tsgym worker`: the job data (plain
 * JSON, validated by the worker, never executed), the job id derived from the work, and the episode
 * records encoded so that every number survives (JSON has no NaN, Infinity or -0).
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EpisodeResult } from '../../policy/EpisodeResult.js';
import type { SegmentWork } from '../segment.js';

/** Version of the job format: part of every job id, so workers never mix formats. */
export const JOB_FORMAT = 1;

/** The Redis key of a stored network policy (a PolicySpec object as JSON) by its content hash. */
export function policyKey(hash: string): string {
  return `tsgym:policy:${hash}`;
}

/** The policy of a job: a registered baseline by name, or a stored network by the sha256 of its JSON. */
export type JobPolicy = { readonly name: string } | { readonly hash: string };

/** One job: episodes `first .. first + count - 1` (seeds `seed + i`) of env `envId` under `policy`. */
export interface RolloutJobData {
  readonly format: number;
  readonly envId: string;
  readonly kwargs: Record<string, unknown>;
  readonly policy: JobPolicy;
  readonly policyOptions?: Record<string, unknown>;
  readonly seed: number;
  readonly first: number;
  readonly count: number;
  readonly maxSteps?: number;
}

/** The schema a worker checks every job against before doing anything with it. */
export const ROLLOUT_JOB = z
  .object({
    format: z.literal(JOB_FORMAT),
    envId: z.string().min(1).max(200),
    kwargs: z.record(z.string(), z.unknown()),
    policy: z.union([z.object({ name: z.string().min(1).max(200) }).strict(), z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict()]),
    policyOptions: z.record(z.string(), z.unknown()).optional(),
    seed: z.number().int(),
    first: z.number().int().min(0),
    count: z.number().int().positive(),
    maxSteps: z.number().int().positive().optional(),
  })
  .strict();

/** JSON with object keys sorted at every depth: equal values give equal text. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
    const o = x as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  });
}

/** sha256 (hex) of a text. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The id of the work of a job: the same env, kwargs, policy, seeds and episodes give the same id, so a
 * job added twice (a retried client) is one job and its result is counted once.
 *
 * @example
 * ```ts
 * jobIdOf({ format: 1, envId: 'CartPole-v1', kwargs: {}, policy: { name: 'pd' }, seed: 0, first: 0, count: 4 }); // 'ep-3f1c...'
 * ```
 */
export function jobIdOf(data: RolloutJobData): string {
  return `ep-${sha256(canonicalJson(data))}`;
}

/** The part of the work that fixes the env and policy a worker builds (its cache key): everything but the episodes. */
export function buildKeyOf(data: RolloutJobData): string {
  const { first: _f, count: _c, seed: _s, maxSteps: _m, ...rest } = data;
  return sha256(canonicalJson(rest));
}

function encodeNumber(_k: string, x: unknown): unknown {
  if (typeof x !== 'number') return x;
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return x;
}

const SPECIAL: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** Episode records as JSON text where NaN, +-Infinity and -0 are kept (as the strings 'NaN', 'Infinity', '-Infinity', '-0'). */
export function encodeResults(results: readonly EpisodeResult[]): string {
  return JSON.stringify(results, encodeNumber);
}

/** The inverse of `encodeResults` (numbers are the only values that may be those strings in an episode record). */
export function decodeResults(text: string): EpisodeResult[] {
  return JSON.parse(text, (_k, x: unknown) => (typeof x === 'string' && Object.hasOwn(SPECIAL, x) ? SPECIAL[x] : x)) as EpisodeResult[];
}

/** A segment job of on-policy training (see `SegmentCollector`): the work and its network by hash. */
export interface SegmentJobData extends SegmentWork {
  readonly format: number;
  readonly kind: 'segment';
  readonly policy: { readonly hash: string };
}

/** The schema a worker checks a segment job against. */
export const SEGMENT_JOB = z
  .object({
    format: z.literal(JOB_FORMAT),
    kind: z.literal('segment'),
    envId: z.string().min(1).max(200),
    kwargs: z.record(z.string(), z.unknown()),
    policy: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    seed: z.number().int(),
    update: z.number().int().min(0),
    numSteps: z.number().int().positive().max(1_000_000),
    instances: z
      .array(
        z.object({ instance: z.number().int().min(0), episode: z.number().int().min(0), prefix: z.array(z.number()), pendingReset: z.boolean() }).strict(),
      )
      .min(1),
    epsilon: z.number().min(0).max(1).optional(),
    epsilons: z.array(z.number().min(0).max(1)).optional(),
    priorities: z.object({ gamma: z.number().min(0).max(1), nStep: z.number().int().min(1).max(1000) }).strict().optional(),
  })
  .strict()
  .refine((d) => d.epsilons === undefined || d.epsilons.length === d.instances.length, { message: 'epsilons must give one epsilon per instance' });

/**
 * The id of a segment job: the sha256 of its work (network hash, run seed, update, instances and their
 * states), so a retried job is one job and two runs of the same work share it.
 *
 * @example
 * ```ts
 * segmentJobIdOf(data); // 'seg-9a0e...'
 * ```
 */
export function segmentJobIdOf(data: SegmentJobData): string {
  return `seg-${sha256(canonicalJson(data))}`;
}
