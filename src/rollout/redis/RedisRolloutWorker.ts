import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Piscina } from 'piscina';
import { z } from 'zod';
import { parseConfig } from '../../core/parseConfig.js';
import { workerModules } from '../../vector/workerFiles.js';
import type { PolicySpec } from '../PolicySpec.js';
import type { RolloutTask, RolloutTaskResult } from '../rolloutTask.js';
import { closeRolloutThreads, rolloutThreads } from '../rolloutThreads.js';
import { connected } from './connected.js';
import { loadPolicy } from './policyStore.js';
import { redactUrl, redisConnection } from './redisUrl.js';
import { buildKeyOf, encodeResults, ROLLOUT_JOB, SEGMENT_JOB, type RolloutJobData } from './rolloutJob.js';
import { InvalidFile } from '../../core/errors.js';
import type { SerializedMlp } from '../../policy/MlpPolicy.js';
import { encodeSegments, type SegmentTask } from '../segment.js';
import type { SegmentTaskResult } from '../runSegment.js';

/** Options of `RedisRolloutWorker`. */
export interface RedisRolloutWorkerOptions {
  /** `redis://[user[:password]@]host[:port][/db]` or `rediss://...` (TLS). */
  redis: string;
  /** BullMQ queue name (default 'tsgym'). */
  queue?: string;
  /** Jobs run at once, each in its own worker thread (default 1). */
  concurrency?: number;
  /** Modules that register custom envs or policies, imported by every thread (as `RolloutPool`'s setupModules). */
  setupModules?: string[];
  /** How long a job's lock lasts without renewal (ms, default 30000): a killed worker's job is retried about this long after it died. */
  lockDurationMs?: number;
  /** One line per event (job done or failed, connection trouble); default: nothing. */
  log?: (line: string) => void;
}

const OPTIONS = z
  .object({
    redis: z.string().min(1),
    queue: z.string().regex(/^[^:]+$/, 'a name without ":"').optional(),
    concurrency: z.number().int().positive().optional(),
    setupModules: z.array(z.string()).optional(),
    lockDurationMs: z.number().int().min(500).optional(),
    log: z.custom<(line: string) => void>((v) => typeof v === 'function', 'expected a function').optional(),
  })
  .strict();

/** A job that can never succeed (bad data, unknown env, malformed network): fails at once, no retry. */
function fatal(name: string, message: string): UnrecoverableError {
  return new UnrecoverableError(`${name}: ${message}`);
}

/**
 * The long-running side of the redis backend of `RolloutPool` (what `tsgym worker` runs): takes jobs from
 * a BullMQ queue and plays their episodes in worker threads with the same code as the local pool, so the
 * records are the same. A job is data only (env id, kwargs, policy name or network hash, seeds): the env
 * and policy are looked up in this process's registries. A job that cannot succeed (malformed, unknown env,
 * bad network, an env error) fails alone with a clear reason and the worker goes on; a crashed thread or
 * external simulator returns the job to the queue for another attempt. Locks are renewed from the main
 * thread while threads play, and a job whose worker died is retried by BullMQ's stalled-job check.
 *
 * @example
 * ```ts
 * const w = new RedisRolloutWorker({ redis: 'redis://127.0.0.1:6379', concurrency: 2 });
 * await w.ready(); // connected, taking jobs
 * process.once('SIGTERM', () => void w.close()); // finishes the jobs in hand, then exits
 * ```
 */
export class RedisRolloutWorker {
  /** Jobs finished (completed) and failed so far. */
  completed = 0;
  failed = 0;
  private worker: Worker | undefined;
  private readonly start: () => Worker;
  private readonly threads: Piscina;
  private readonly redis: Redis;
  private readonly setupModules: string[];
  private readonly policies = new Map<string, Exclude<PolicySpec, string>>();
  private readonly url: string;
  private closing: Promise<void> | undefined;
  private forced: Promise<void> | undefined;

  constructor(opts: RedisRolloutWorkerOptions) {
    const o = parseConfig(OPTIONS, opts, 'RedisRolloutWorker options');
    const connection = redisConnection(o.redis);
    const log = o.log ?? (() => undefined);
    const concurrency = o.concurrency ?? 1;
    const lockDuration = o.lockDurationMs ?? 30_000;
    this.setupModules = o.setupModules ?? [];
    this.url = redactUrl(o.redis);
    this.threads = rolloutThreads(concurrency);
    this.redis = new Redis({ ...connection });
    this.redis.on('error', (e: Error) => log(`redis ${redactUrl(o.redis)}: ${e.message}`));
    this.start = () => this.startWorker(o.queue ?? 'tsgym', connection, concurrency, lockDuration, log);
  }

  private startWorker(
    queue: string,
    connection: ReturnType<typeof redisConnection>,
    concurrency: number,
    lockDuration: number,
    log: (line: string) => void,
  ): Worker {
    const worker = new Worker(queue, (job: Job) => this.process(job), {
      connection: { ...connection },
      concurrency,
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: 3,
    });
    worker.on('error', (e: Error) => log(`queue ${this.url}: ${e.message}`));
    worker.on('active', (job: Job) => log(`took ${job.id ?? '?'} (${describe(job.data)})`));
    worker.on('completed', (job: Job) => {
      this.completed++;
      log(`done ${job.id ?? '?'} (${describe(job.data)})`);
    });
    worker.on('failed', (job: Job | undefined, e: Error) => {
      this.failed++;
      log(`failed ${job?.id ?? '?'}: ${e.message}`);
    });
    return worker;
  }

  /**
   * Connects and starts taking jobs; resolves when the worker waits for them. Rejects with InvalidConfig
   * when Redis refuses the TLS certificate or the credentials (other connection errors are waited out).
   */
  async ready(): Promise<void> {
    try {
      await connected(this.redis, this.url);
    } catch (e) {
      // refused: the BullMQ worker is never made (it would wait for ever on the connection)
      this.closing = this.threads.destroy().catch(() => undefined);
      throw e;
    }
    this.worker ??= this.start();
    await this.worker.waitUntilReady();
  }

  /** Plays one job; returns its episode records (encoded), or throws what fails it. */
  private async process(job: Job): Promise<string> {
    if ((job.data as { kind?: unknown } | null)?.kind === 'segment') return this.processSegment(job);
    const parsed = ROLLOUT_JOB.safeParse(job.data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw fatal('InvalidConfig', `job ${job.id ?? '?'} is not a tsgym rollout job: ${issues}`);
    }
    const data = parsed.data as RolloutJobData;
    let policy: PolicySpec;
    try {
      policy = 'name' in data.policy ? data.policy.name : await this.policy(data.policy.hash);
    } catch (e) {
      throw fatal((e as Error).name, (e as Error).message);
    }
    const task: RolloutTask = {
      envId: data.envId,
      kwargs: data.kwargs,
      policy,
      policyOptions: data.policyOptions,
      key: buildKeyOf(data),
      seed: data.seed,
      first: data.first,
      count: data.count,
      maxSteps: data.maxSteps,
      modules: workerModules(data.envId, this.setupModules),
    };
    // a rejection here is a dead thread: a plain error, so BullMQ tries the job again
    const r = (await this.threads.run(task)) as RolloutTaskResult;
    if (r.ok) return encodeResults(r.results);
    const err = r.error;
    const where =
      err.episode >= 0 ? `episode ${err.episode} (seed ${err.seed ?? 'unknown'}) of ${data.envId}` : `building ${data.envId} and its policy`;
    if (err.retryable === true) throw new Error(`${err.name}: ${where}: ${err.message}`);
    throw fatal(err.name, `${where}: ${err.message}`);
  }

  /** Plays a segment job of on-policy training; returns its segments (encoded), or throws what fails it. */
  private async processSegment(job: Job): Promise<string> {
    const parsed = SEGMENT_JOB.safeParse(job.data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw fatal('InvalidConfig', `job ${job.id ?? '?'} is not a tsgym segment job: ${issues}`);
    }
    const { format: _f, kind: _k, policy: ref, ...work } = parsed.data;
    let network: SerializedMlp;
    try {
      const spec = await this.policy(ref.hash);
      if (spec.kind !== 'mlp') throw new InvalidFile(`Network ${ref.hash} is an ensemble: a training segment needs one network`);
      network = spec.network;
    } catch (e) {
      throw fatal((e as Error).name, (e as Error).message);
    }
    const task: SegmentTask = { ...work, network, key: `${work.envId}:${JSON.stringify(work.kwargs)}`, modules: workerModules(work.envId, this.setupModules) };
    const r = (await this.threads.run(task, { name: 'runSegmentTask' })) as SegmentTaskResult;
    if (r.ok) return encodeSegments(r.segments);
    const err = r.error;
    const where = err.episode >= 0 ? `episode ${err.episode} (seed ${err.seed ?? 'unknown'}) of ${work.envId}` : `building ${work.envId} and its policy`;
    if (err.retryable === true) throw new Error(`${err.name}: ${where}: ${err.message}`);
    throw fatal(err.name, `${where}: ${err.message}`);
  }

  private async policy(hash: string): Promise<Exclude<PolicySpec, string>> {
    let spec = this.policies.get(hash);
    if (spec === undefined) {
      spec = await loadPolicy(this.redis, hash);
      if (this.policies.size >= 16) this.policies.clear();
      this.policies.set(hash, spec);
    }
    return spec;
  }

  /**
   * Stops taking jobs, finishes the ones in hand (or, with `force`, abandons them: BullMQ gives them to
   * another worker after the lock expires), closes the threads' envs and the connections. Idempotent.
   */
  close(force = false): Promise<void> {
    // forced: the threads go, so the jobs in hand fail with a retryable error and BullMQ queues them again
    if (force) this.forced ??= this.threads.destroy().catch(() => undefined);
    this.closing ??= (async () => {
      await this.worker?.close();
      if (this.forced === undefined) await closeRolloutThreads(this.threads);
      else await this.forced;
      this.redis.disconnect();
    })();
    return this.closing;
  }
}

function describe(data: unknown): string {
  const seg = data as { kind?: unknown; envId?: string; update?: number; instances?: { instance: number }[] };
  if (seg.kind === 'segment') return `${seg.envId ?? '?'} update ${seg.update ?? '?'} instances ${seg.instances?.map((i) => i.instance).join(',') ?? '?'}`;
  const d = data as Partial<RolloutJobData>;
  return `${d.envId ?? '?'} episodes ${d.first ?? '?'}..${(d.first ?? 0) + (d.count ?? 1) - 1}`;
}
