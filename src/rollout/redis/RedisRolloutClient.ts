import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { WorkerError, type TsgymError } from '../../core/errors.js';
import type { EpisodeResult } from '../../policy/EpisodeResult.js';
import { fromWorker } from '../../vector/workerErrors.js';
import type { PolicySpec } from '../PolicySpec.js';
import { connected } from './connected.js';
import { jobPolicy } from './policyStore.js';
import { redactUrl, redisConnection } from './redisUrl.js';
import { decodeResults, JOB_FORMAT, jobIdOf, type RolloutJobData } from './rolloutJob.js';

/** What `RedisRolloutClient.evaluate` plays (the parsed options of `RolloutPool.evaluate`). */
export interface RedisEvaluation {
  readonly envId: string;
  readonly kwargs: Record<string, unknown>;
  readonly policy: PolicySpec;
  readonly policyOptions?: Record<string, unknown>;
  readonly episodes: number;
  readonly seed: number;
  readonly maxSteps?: number;
  readonly chunkSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** How often the states of unfinished jobs are read, besides the queue's events and after a reconnection (ms): missed events are caught here. */
const POLL_MS = 5000;
/** Finished jobs stay in Redis this long (s) at most: a client that crashed and runs again finds its finished work there. */
const KEEP_S = 3600;

interface Waiter {
  readonly resolve: (r: EpisodeResult[]) => void;
  readonly reject: (e: Error) => void;
}

/** An unfinished job and the evaluations waiting for it (two evaluations of the same work share its jobs). */
interface Pending {
  readonly data: RolloutJobData;
  readonly waiters: Waiter[];
}

/**
 * The client side of the redis backend of `RolloutPool`: splits an evaluation into jobs of a few episodes
 * (ids derived from the work), puts them on a BullMQ queue and gathers the episode records that
 * `tsgym worker` processes return. Each job's result is read once, by job id, so a job retried after a
 * worker died counts once; a job lost from Redis (a restart without persistence) is added again.
 *
 * @example
 * ```ts
 * const c = new RedisRolloutClient('redis://127.0.0.1:6379', 'tsgym');
 * const results = await c.evaluate({ envId: 'CartPole-v1', kwargs: {}, policy: 'pd', episodes: 20, seed: 0 });
 * await c.close();
 * ```
 */
export class RedisRolloutClient {
  private readonly redis: Redis;
  private readonly pending = new Map<string, Pending>();
  private readonly url: string;
  private readonly queueName: string;
  private readonly connection: ReturnType<typeof redisConnection>;
  /** The BullMQ queue and its events, made once Redis has accepted us (BullMQ waits for ever on refused credentials). */
  private bull: { queue: Queue; events: QueueEvents } | undefined;

  constructor(url: string, queueName: string) {
    this.connection = redisConnection(url);
    this.url = redactUrl(url);
    this.queueName = queueName;
    this.redis = new Redis({ ...this.connection });
    // connection trouble is retried for ever by ioredis; the evaluation waits (an error event must have a listener)
    this.redis.on('error', () => undefined);
  }

  private get queue(): Queue {
    if (this.bull === undefined) throw new WorkerError('RedisRolloutClient: the queue is used before Redis accepted the connection');
    return this.bull.queue;
  }

  private async open(): Promise<void> {
    await connected(this.redis, this.url);
    if (this.bull === undefined) {
      const queue = new Queue(this.queueName, { connection: { ...this.connection } });
      const events = new QueueEvents(this.queueName, { connection: { ...this.connection } });
      queue.on('error', () => undefined);
      events.on('error', () => undefined);
      events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue, undefined));
      events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, undefined, failedReason));
      this.bull = { queue, events };
    }
    await this.bull.events.waitUntilReady();
  }

  /** Plays the episodes on the workers and returns one record per episode, in episode order. */
  async evaluate(ev: RedisEvaluation): Promise<EpisodeResult[]> {
    await this.open();
    const policy = await jobPolicy(this.redis, ev.policy);
    const chunk = ev.chunkSize ?? Math.max(1, Math.ceil(ev.episodes / 64));
    const jobs: RolloutJobData[] = [];
    for (let first = 0; first < ev.episodes; first += chunk) {
      jobs.push({
        format: JOB_FORMAT,
        envId: ev.envId,
        kwargs: ev.kwargs,
        policy,
        ...(ev.policyOptions !== undefined ? { policyOptions: ev.policyOptions } : {}),
        seed: ev.seed,
        first,
        count: Math.min(chunk, ev.episodes - first),
        ...(ev.maxSteps !== undefined ? { maxSteps: ev.maxSteps } : {}),
      });
    }
    const results = new Array<EpisodeResult>(ev.episodes);
    const mine: [string, Waiter][] = [];
    let done = 0;
    const waits = jobs.map(
      (data) =>
        new Promise<EpisodeResult[]>((resolve, reject) => {
          const waiter = { resolve, reject };
          mine.push([jobIdOf(data), waiter]);
          const p = this.pending.get(jobIdOf(data));
          if (p === undefined) this.pending.set(jobIdOf(data), { data, waiters: [waiter] });
          else p.waiters.push(waiter);
        }).then((rs) => {
          for (const r of rs) results[r.episode] = r;
          done += rs.length;
          ev.onProgress?.(done, ev.episodes);
        }),
    );
    for (const w of waits) w.catch(() => undefined);
    const ids = jobs.map(jobIdOf);
    const poll = (): void => void this.poll(ev.policy).catch(() => undefined);
    const timer = setInterval(poll, POLL_MS);
    // after a reconnection (Redis restarted, the network came back) events may have been missed
    this.redis.on('ready', poll);
    try {
      await this.add(jobs);
      await this.poll(ev.policy);
      await Promise.all(waits);
    } catch (e) {
      await this.cancel(ids);
      throw e;
    } finally {
      clearInterval(timer);
      this.redis.off('ready', poll);
      // an evaluation that failed leaves the jobs other evaluations still wait for
      for (const [id, waiter] of mine) {
        const p = this.pending.get(id);
        if (p === undefined) continue;
        p.waiters.splice(p.waiters.indexOf(waiter), 1);
        if (p.waiters.length === 0) this.pending.delete(id);
      }
    }
    // the results are ours now: drop the finished jobs (a retried client would find them otherwise)
    await Promise.all(ids.map((id) => this.queue.remove(id).catch(() => undefined)));
    return results;
  }

  private async add(jobs: readonly RolloutJobData[]): Promise<void> {
    // a failed job left by an earlier run would block its id: remove it so the work is tried again
    const states = await Promise.all(jobs.map((data) => this.queue.getJobState(jobIdOf(data))));
    await Promise.all(jobs.map((data, i) => (states[i] === 'failed' ? this.queue.remove(jobIdOf(data)) : undefined)));
    await this.queue.addBulk(
      jobs.map((data) => ({
        name: data.envId,
        data,
        opts: { jobId: jobIdOf(data), attempts: 3, removeOnComplete: { age: KEEP_S }, removeOnFail: { age: KEEP_S } },
      })),
    );
  }

  /** Reads the state of every unfinished job: settles finished ones whose event was missed, adds again those Redis lost. */
  private async poll(policy: PolicySpec): Promise<void> {
    const lost: RolloutJobData[] = [];
    const pending = [...this.pending];
    const states = await Promise.all(pending.map(([id]) => this.queue.getJobState(id)));
    for (const [i, [id, p]] of pending.entries()) {
      const state = states[i];
      if (state === 'unknown') lost.push(p.data);
      else if (state === 'completed' || state === 'failed') {
        const job: Job | undefined = await this.queue.getJob(id);
        if (job !== undefined) this.settle(id, state === 'completed' ? job.returnvalue : undefined, state === 'failed' ? job.failedReason : undefined);
      }
    }
    if (lost.length > 0) {
      await jobPolicy(this.redis, policy);
      await this.add(lost);
    }
  }

  private settle(id: string, value: unknown, failedReason: string | undefined): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    const d = p.data;
    const where = `episodes ${d.first}..${d.first + d.count - 1} of ${d.envId} (seeds ${d.seed + d.first}..${d.seed + d.first + d.count - 1})`;
    if (failedReason !== undefined) {
      for (const w of p.waiters) w.reject(crossed(failedReason, `${where} failed on a Redis worker (${this.url})`));
      return;
    }
    let rs: EpisodeResult[];
    try {
      rs = decodeResults(typeof value === 'string' ? value : JSON.stringify(value));
    } catch {
      rs = [];
    }
    const ok = Array.isArray(rs) && rs.length === d.count && rs.every((r, i) => r.episode === d.first + i && r.seed === d.seed + d.first + i);
    for (const w of p.waiters) {
      if (ok) w.resolve(rs);
      else w.reject(new WorkerError(`${where}: the Redis worker returned something other than their ${d.count} episode records`));
    }
  }

  /** Removes the evaluation's jobs that no worker holds yet (the evaluation failed: its other work is not wanted). */
  private async cancel(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.queue.remove(id).catch(() => undefined)));
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    if (this.bull !== undefined) await Promise.allSettled([this.bull.queue.close(), this.bull.events.close()]);
    this.redis.disconnect();
  }
}

/** The client-side error of a job's failure reason `Name: message` (typed errors keep their type, as from a local worker). */
function crossed(reason: string, context: string): TsgymError {
  const m = /^([A-Za-z]+): ([\s\S]*)$/.exec(reason);
  return fromWorker({ name: m?.[1] ?? 'Error', message: m?.[2] ?? reason, stack: reason }, context);
}
