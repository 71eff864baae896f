import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { z } from 'zod';
import { ClosedEnvironment, InvalidConfig, WorkerError } from '../core/errors.js';
import { fromWorker } from '../vector/workerErrors.js';
import { parseConfig } from '../core/parseConfig.js';
import type { EpisodeResult } from '../policy/EpisodeResult.js';
import { networkPolicy } from './policyFromSpec.js';
import { workerModules } from '../vector/workerFiles.js';
import { closeRolloutThreads, rolloutThreads } from './rolloutThreads.js';
import { redisConnection } from './redis/redisUrl.js';
import type { RedisRolloutClient } from './redis/RedisRolloutClient.js';
import type { PolicySpec } from './PolicySpec.js';
import type { RolloutTask, RolloutTaskResult } from './rolloutTask.js';
import type { SerializedMlp } from '../policy/MlpPolicy.js';
import type { InstanceSegment, SegmentTask, SegmentWork } from './segment.js';
import type { SegmentTaskResult } from './runSegment.js';

/** Options of `RolloutPool`. */
export interface RolloutPoolOptions {
  /** Worker threads (default: available cores). */
  workers?: number;
  /** Modules (paths or URLs) every worker imports after the env's own module (`EnvSpec.module`): ids or policies registered only in workers. */
  setupModules?: readonly string[];
  /** How many times a group of episodes is re-run after its worker died (default 3). */
  maxRetries?: number;
  /** 'local' (worker threads here, the default) or 'redis' (jobs on a BullMQ queue, played by `tsgym worker` processes); `redis` alone implies 'redis'. */
  backend?: 'local' | 'redis';
  /** The Redis of the redis backend: `redis://[user[:password]@]host[:port][/db]` or `rediss://...` (TLS). */
  redis?: string;
  /** The BullMQ queue of the redis backend (default 'tsgym'; the workers must use the same). */
  queue?: string;
}

/** Options of `RolloutPool.evaluate`. */
export interface EvaluateOptions {
  envId: string;
  kwargs?: Record<string, unknown>;
  policy: PolicySpec;
  /** Options for `makePolicy` when `policy` is a baseline name. */
  policyOptions?: Record<string, unknown>;
  episodes: number;
  /** Episode i uses seed `seed + i` (default 0). */
  seed?: number;
  /** Stop an episode after this many steps (default: no limit). */
  maxSteps?: number;
  /** Episodes per task (default: about four tasks per worker). */
  chunkSize?: number;
  /**
   * Milliseconds one episode may take (default 600 000): a task of k episodes that runs longer than k times
   * this is stopped (its worker thread terminated) and evaluate rejects with a WorkerError naming the
   * episodes and seeds, instead of waiting forever on a hung env.
   */
  episodeTimeoutMs?: number;
  /** Called after every finished task with the number of finished episodes. */
  onProgress?: (done: number, total: number) => void;
}

const POOL_OPTIONS = z
  .object({
    workers: z.number().int().positive().optional(),
    setupModules: z.array(z.string()).optional(),
    maxRetries: z.number().int().min(0).optional(),
    backend: z.enum(['local', 'redis']).optional(),
    redis: z.string().min(1).optional(),
    queue: z.string().regex(/^[^:]+$/, 'a queue name without ":"').optional(),
  })
  .strict()
  .refine((o) => o.backend !== 'redis' || o.redis !== undefined, { message: "backend 'redis' needs a redis URL", path: ['redis'] })
  .refine((o) => o.backend !== 'local' || (o.redis === undefined && o.queue === undefined), {
    message: "redis and queue belong to backend 'redis'",
    path: ['backend'],
  });

const EVAL_OPTIONS = z
  .object({
    envId: z.string().min(1),
    kwargs: z.record(z.string(), z.unknown()).optional(),
    policy: z.union([
      z.string().min(1),
      z.object({ kind: z.literal('mlp'), network: z.record(z.string(), z.unknown()), deterministic: z.boolean().optional() }).strict(),
      z.object({ kind: z.literal('ensemble'), networks: z.array(z.record(z.string(), z.unknown())).min(1), deterministic: z.boolean().optional() }).strict(),
      z.object({ kind: z.literal('network'), format: z.string().min(1), network: z.unknown(), deterministic: z.boolean().optional() }).strict(),
    ]),
    policyOptions: z.record(z.string(), z.unknown()).optional(),
    episodes: z.number().int().positive(),
    seed: z.number().int().optional(),
    maxSteps: z.number().int().positive().optional(),
    chunkSize: z.number().int().positive().optional(),
    episodeTimeoutMs: z.number().positive().optional(),
    onProgress: z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', 'expected a function').optional(),
  })
  .strict();

let evaluations = 0;
/** Rejection of a task that ran past its episode timeout. */
const TIMED_OUT = Symbol('timed out');

/**
 * Runs whole episodes in worker threads (piscina) for a registered baseline or a serialized network.
 * Episode i is played with seed `seed + i` exactly as `runEpisode(env, policy, seed + i)` would, and the
 * results come back in episode order, so they are bit-identical whatever the worker count and equal to
 * a serial loop. An episode whose external simulator crashed (a retryable SimulatorError: SUMO killed in
 * mid-episode) is played again, as are those of a dead worker. Any other env error fails the evaluation with a WorkerError naming the episode, its seed
 * and the original stack; a tsgym typed error (UnknownEnv, InvalidConfig from bad kwargs...) keeps its
 * type, its message prefixed with the episodes and seeds. A worker that dies (process.exit, crash, terminate) is replaced by piscina
 * and the episodes of its unfinished task are played again: no episode is lost or counted twice.
 * Workers load the compiled `dist/` (run `npm run build` first) and every built-in env.
 *
 * With `{ redis: URL }` (backend 'redis') the same episodes run as BullMQ jobs on `tsgym worker` processes,
 * on any machine that reaches that Redis, with the same results: see `RedisRolloutClient` and docs/distributed.md.
 *
 * @example
 * ```ts
 * const pool = new RolloutPool({ workers: 2 });
 * const results = await pool.evaluate({ envId: 'CartPole-v1', policy: 'pd', episodes: 100, seed: 0 });
 * results[3]; // { episode: 3, seed: 3, return: 500, length: 500, metrics: {} }
 * await pool.close();
 * const remote = new RolloutPool({ redis: 'redis://:secret@10.0.0.5:6379/0', queue: 'lab' }); // same API, same results
 * ```
 */
export class RolloutPool {
  /** Worker threads (0 with the redis backend: the workers are `tsgym worker` processes elsewhere). */
  readonly numWorkers: number;
  /** 'local' or 'redis'. */
  readonly backend: 'local' | 'redis';
  /** Tasks re-run so far because their worker died or their external simulator crashed (local backend; BullMQ retries redis jobs). */
  retries = 0;
  private readonly pool: Piscina | undefined;
  private readonly remote: { url: string; queue: string; client?: Promise<RedisRolloutClient> } | undefined;
  private readonly setupModules: string[];
  private readonly maxRetries: number;
  private closed = false;

  constructor(opts: RolloutPoolOptions = {}) {
    const o = parseConfig(POOL_OPTIONS, opts, 'RolloutPool options');
    this.backend = o.backend ?? (o.redis !== undefined ? 'redis' : 'local');
    this.setupModules = o.setupModules ?? [];
    this.maxRetries = o.maxRetries ?? 3;
    if (this.backend === 'redis' && o.redis !== undefined) {
      redisConnection(o.redis); // a bad URL fails here, with the password redacted
      this.numWorkers = 0;
      this.remote = { url: o.redis, queue: o.queue ?? 'tsgym' };
    } else {
      this.numWorkers = o.workers ?? availableParallelism();
      this.pool = rolloutThreads(this.numWorkers);
    }
  }

  /** The live worker threads (a dead one is replaced; none with the redis backend). */
  get threads(): readonly Worker[] {
    return this.pool?.threads ?? [];
  }

  /** Plays `episodes` episodes and returns one result per episode, in episode order. */
  async evaluate(opts: EvaluateOptions): Promise<EpisodeResult[]> {
    if (this.closed) throw new ClosedEnvironment('Cannot call evaluate() on a closed RolloutPool');
    const o = parseConfig(EVAL_OPTIONS, opts, 'RolloutPool.evaluate options');
    // a malformed network fails here, with InvalidFile naming the field, not in every worker
    if (typeof opts.policy !== 'string' && opts.policy.kind !== 'network') networkPolicy(opts.policy);
    if (this.remote !== undefined) {
      const client = await this.redisClient(this.remote);
      return client.evaluate({ ...o, kwargs: o.kwargs ?? {}, policy: opts.policy, seed: o.seed ?? 0 });
    }
    if (this.pool === undefined) throw new WorkerError('RolloutPool has neither worker threads nor a Redis queue');
    return this.evaluateLocal(o, opts.policy, this.pool);
  }

  /**
   * Plays segment jobs of on-policy training (see `SegmentCollector`) with `network`: on worker threads,
   * or as BullMQ jobs on `tsgym worker` processes (the network stored once in Redis under its hash).
   * Returns each job's instance segments, in job order; the segments are the same on either backend.
   */
  async runSegments(works: readonly SegmentWork[], network: SerializedMlp): Promise<InstanceSegment[][]> {
    if (this.closed) throw new ClosedEnvironment('Cannot call runSegments() on a closed RolloutPool');
    if (this.remote !== undefined) return (await this.redisClient(this.remote)).segments(works, network);
    const pool = this.pool;
    if (pool === undefined) throw new WorkerError('RolloutPool has neither worker threads nor a Redis queue');
    return Promise.all(works.map(async (w) => {
      const task: SegmentTask = { ...w, network, key: `${w.envId}:${JSON.stringify(w.kwargs)}`, modules: workerModules(w.envId, this.setupModules) };
      for (let attempt = 0; ; attempt++) {
        let r: SegmentTaskResult;
        try {
          r = (await pool.run(task, { name: 'runSegmentTask' })) as SegmentTaskResult;
        } catch (e) {
          if (this.closed || attempt >= this.maxRetries) throw new WorkerError(`RolloutPool: a segment of ${w.envId} lost its worker: ${(e as Error).message}`);
          this.retries++;
          continue;
        }
        if (r.ok) return r.segments;
        if (r.error.retryable && attempt < this.maxRetries) {
          this.retries++;
          continue;
        }
        throw fromWorker(r.error, `a training segment of ${w.envId} (update ${w.update}) failed in a RolloutPool worker`);
      }
    }));
  }

  private redisClient(remote: { url: string; queue: string; client?: Promise<RedisRolloutClient> }): Promise<RedisRolloutClient> {
    // bullmq and ioredis load only when the redis backend is used
    remote.client ??= import('./redis/RedisRolloutClient.js').then((m) => new m.RedisRolloutClient(remote.url, remote.queue));
    return remote.client;
  }

  private async evaluateLocal(o: z.infer<typeof EVAL_OPTIONS>, policy: PolicySpec, pool: Piscina): Promise<EpisodeResult[]> {
    const seed = o.seed ?? 0;
    // above 2^53 seed + i rounds: consecutive episodes would share a seed
    if (!Number.isSafeInteger(seed + o.episodes - 1) || !Number.isSafeInteger(seed))
      throw new InvalidConfig(`RolloutPool.evaluate: seeds ${seed}..${seed} + ${o.episodes - 1} leave the safe-integer range (|seed| <= 2^53 - 1)`);
    const chunk = o.chunkSize ?? Math.max(1, Math.ceil(o.episodes / (this.numWorkers * 4)));
    const key = `${process.pid}:${++evaluations}`;
    const results: EpisodeResult[] = new Array<EpisodeResult>(o.episodes);
    let done = 0;
    const modules = workerModules(o.envId, this.setupModules);
    const runChunk = async (first: number, count: number): Promise<void> => {
      const task: RolloutTask = {
        envId: o.envId,
        kwargs: o.kwargs ?? {},
        policy: policy,
        policyOptions: o.policyOptions,
        key,
        seed,
        first,
        count,
        maxSteps: o.maxSteps,
        modules,
      };
      const limitMs = (o.episodeTimeoutMs ?? 600_000) * count;
      for (let attempt = 0; ; attempt++) {
        let r: RolloutTaskResult;
        try {
          r = await this.runWithin(pool, task, limitMs);
        } catch (e) {
          if (e === TIMED_OUT) {
            // a hung env would hang again: no retry
            throw new WorkerError(
              `RolloutPool: episodes ${first}..${first + count - 1} of ${o.envId} (seeds ${seed + first}..${seed + first + count - 1}) did not finish ` +
                `within ${limitMs} ms (episodeTimeoutMs ${o.episodeTimeoutMs ?? 600_000} per episode): the worker was stopped; is the env hung?`,
            );
          }
          if (this.closed) throw new ClosedEnvironment('RolloutPool was closed during evaluate()');
          if (attempt >= this.maxRetries) {
            throw new WorkerError(
              `RolloutPool: episodes ${first}..${first + count - 1} of ${o.envId} (seeds ${seed + first}..${seed + first + count - 1}) lost their worker ` +
                `${attempt + 1} times; last: ${(e as Error).message}`,
            );
          }
          this.retries++;
          continue;
        }
        if (!r.ok && r.error.retryable && attempt < this.maxRetries && !this.closed) {
          // an external simulator (SUMO) crashed in mid-episode: play the task again (episodes are seeded)
          this.retries++;
          continue;
        }
        if (!r.ok) {
          const err = r.error;
          const where =
            err.episode >= 0
              ? `episode ${err.episode} (seed ${err.seed ?? 'unknown'}) of ${o.envId}`
              : `building ${o.envId} and policy ${typeof policy === 'string' ? policy : policy.kind} for episodes ` +
                `${first}..${first + count - 1} (seeds ${seed + first}..${seed + first + count - 1})`;
          throw fromWorker(err, `${where} failed in a RolloutPool worker`);
        }
        for (const res of r.results) results[res.episode] = res;
        done += r.results.length;
        o.onProgress?.(done, o.episodes);
        return;
      }
    };
    const jobs: Promise<void>[] = [];
    for (let first = 0; first < o.episodes; first += chunk) jobs.push(runChunk(first, Math.min(chunk, o.episodes - first)));
    // Promise.all rejects with the first failure; the other chunks' later rejections (e.g. every chunk
    // after close()) are then nobody's: mark them handled so they never surface as unhandled rejections
    for (const j of jobs) j.catch(() => undefined);
    await Promise.all(jobs);
    for (let i = 0; i < o.episodes; i++) if (results[i] === undefined) throw new WorkerError(`RolloutPool: episode ${i} has no result`);
    return results;
  }

  /** Closes each worker's env (an external simulator ends cleanly), then terminates every worker. Idempotent. */
  /**
   * Runs a task, or rejects with TIMED_OUT after `ms`: a thread busy in a hung env cannot be told apart from
   * the others, so every worker thread is terminated (piscina replaces them; the other tasks in flight are
   * played again, as after a worker death).
   */
  private async runWithin(pool: Piscina, task: RolloutTask, ms: number): Promise<RolloutTaskResult> {
    const run = pool.run(task) as Promise<RolloutTaskResult>;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(TIMED_OUT), Math.min(ms, 2 ** 31 - 1));
    });
    try {
      return await Promise.race([run, timeout]);
    } catch (e) {
      if (e === TIMED_OUT) {
        run.catch(() => undefined); // it rejects when its thread is terminated: nobody waits for it any more
        for (const t of pool.threads) void t.terminate();
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pool !== undefined) await closeRolloutThreads(this.pool);
    if (this.remote?.client !== undefined) await (await this.remote.client).close();
  }
}

