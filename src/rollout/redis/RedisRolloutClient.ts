import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { WorkerError, type TsgymError } from '../../core/errors.js';
import type { EpisodeResult } from '../../policy/EpisodeResult.js';
import { fromWorker } from '../../vector/workerErrors.js';
import type { PolicySpec } from '../PolicySpec.js';
import { connected } from './connected.js';
import { jobPolicy } from './policyStore.js';
import { redactUrl, redisConnection } from './redisUrl.js';
import { canonicalJson, decodeResults, JOB_FORMAT, jobIdOf, policyKey, segmentJobIdOf, sha256 } from './rolloutJob.js';
import type { RolloutJobData, SegmentJobData } from './rolloutJob.js';
import type { SerializedMlp } from '../../policy/MlpPolicy.js';
import { decodeSegments, type InstanceSegment, type SegmentWork } from '../segment.js';

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
/** A training update's network stays in Redis this long at most (s); it is removed once the update's jobs are done. */
const SEGMENT_POLICY_TTL_S = 3600;

interface Waiter {
  readonly resolve: (r: unknown) => void;
  readonly reject: (e: Error) => void;
}

type JobData = RolloutJobData | SegmentJobData;

function idOf(data: JobData): string {
  return 'kind' in data ? segmentJobIdOf(data) : jobIdOf(data);
}

/** An unfinished job and the runs waiting for it (two evaluations of the same work share its jobs). */
interface Pending {
  readonly data: JobData;
  readonly waiters: Waiter[];
  /** What the job's work is, for messages. */
  readonly where: string;
  /** The job's result from its return value; throws when it is not what the job should return. */
  readonly check: (value: unknown) => unknown;
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
  /** Segment calls in flight per stored network hash: the network is removed when the last of them is done. */
  private readonly networkUsers = new Map<string, number>();
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
    let done = 0;
    await this.run(
      jobs,
      (d) => `episodes ${d.first}..${d.first + d.count - 1} of ${d.envId} (seeds ${d.seed + d.first}..${d.seed + d.first + d.count - 1})`,
      (d, value) => {
        const rs = decodeResults(typeof value === 'string' ? value : JSON.stringify(value));
        if (!(Array.isArray(rs) && rs.length === d.count && rs.every((r, i) => r.episode === d.first + i && r.seed === d.seed + d.first + i)))
          throw new Error(`not their ${d.count} episode records`);
        return rs;
      },
      async () => void (await jobPolicy(this.redis, ev.policy)),
      (_d, rs) => {
        for (const r of rs) results[r.episode] = r;
        done += rs.length;
        ev.onProgress?.(done, ev.episodes);
      },
    );
    return results;
  }

  /**
   * Plays segment jobs of on-policy training (one per work) with `network`, stored once in Redis under its
   * hash; returns each job's instance segments in order.
   */
  async segments(works: readonly SegmentWork[], network: SerializedMlp): Promise<InstanceSegment[][]> {
    const spec: PolicySpec = { kind: 'mlp', network };
    // pipelined actors play several updates at once, some with the same network: it is removed after the
    // last of them, and counted before it is stored, so that another call's removal never follows our store
    const hash = sha256(canonicalJson(spec));
    this.networkUsers.set(hash, (this.networkUsers.get(hash) ?? 0) + 1);
    let out: InstanceSegment[][];
    try {
      await this.open();
      // a training run stores a network per update: each is needed only until its jobs are done
      const policy = await jobPolicy(this.redis, spec, SEGMENT_POLICY_TTL_S);
      const jobs: SegmentJobData[] = works.map((w) => ({ format: JOB_FORMAT, kind: 'segment', policy: { hash }, ...w }));
      if (!('hash' in policy) || policy.hash !== hash) throw new WorkerError('RedisRolloutClient: a network was stored under another hash');
      out = new Array<InstanceSegment[]>(jobs.length);
      await this.runSegments(jobs, spec, out, new Map(jobs.map((d, i) => [segmentJobIdOf(d), i])));
    } finally {
      const users = (this.networkUsers.get(hash) ?? 1) - 1;
      if (users > 0) this.networkUsers.set(hash, users);
      else this.networkUsers.delete(hash);
    }
    if (!this.networkUsers.has(hash)) await this.redis.del(policyKey(hash)).catch(() => undefined);
    return out;
  }

  /** Runs the segment jobs, putting each job's segments at its index in `out`. */
  private async runSegments(jobs: readonly SegmentJobData[], spec: PolicySpec, out: InstanceSegment[][], index: ReadonlyMap<string, number>): Promise<void> {
    await this.run(
      jobs,
      (d) => `update ${d.update} of ${d.envId} (instances ${d.instances.map((i) => i.instance).join(',')})`,
      (d, value) => {
        const segs = decodeSegments(typeof value === 'string' ? value : JSON.stringify(value));
        if (segs.length !== d.instances.length || segs.some((s, i) => s.instance !== d.instances[i]?.instance))
          throw new Error(`not the segments of instances ${d.instances.map((i) => i.instance).join(',')}`);
        return segs;
      },
      async () => void (await jobPolicy(this.redis, spec, SEGMENT_POLICY_TTL_S)),
      (d, segs) => {
        out[index.get(segmentJobIdOf(d)) ?? -1] = segs;
      },
    );
  }

  /**
   * Adds the jobs (ids derived from their work), waits for every result, checks each (`check`) and hands
   * it over (`take`) once; `restore` stores again what the jobs read from Redis, before jobs lost from it
   * are added again. Removes the jobs once read (when a job fails: those no worker holds yet).
   */
  private async run<D extends JobData, T>(
    jobs: readonly D[],
    where: (d: D) => string,
    check: (d: D, value: unknown) => T,
    restore: () => Promise<void>,
    take: (d: D, result: T) => void,
  ): Promise<void> {
    const mine: [string, Waiter][] = [];
    const waits = jobs.map(
      (data) =>
        new Promise<unknown>((resolve, reject) => {
          const waiter = { resolve, reject };
          const id = idOf(data);
          mine.push([id, waiter]);
          const p = this.pending.get(id);
          if (p === undefined) this.pending.set(id, { data, waiters: [waiter], where: where(data), check: (v) => check(data, v) });
          else p.waiters.push(waiter);
        }).then((r) => take(data, r as T)),
    );
    for (const w of waits) w.catch(() => undefined);
    const ids = jobs.map(idOf);
    const poll = (): void => void this.poll(restore).catch(() => undefined);
    const timer = setInterval(poll, POLL_MS);
    // after a reconnection (Redis restarted, the network came back) events may have been missed
    this.redis.on('ready', poll);
    try {
      await this.add(jobs);
      await this.poll(restore);
      await Promise.all(waits);
    } catch (e) {
      await this.cancel(ids);
      throw e;
    } finally {
      clearInterval(timer);
      this.redis.off('ready', poll);
      // a run that failed leaves the jobs other runs still wait for
      for (const [id, waiter] of mine) {
        const p = this.pending.get(id);
        if (p === undefined) continue;
        p.waiters.splice(p.waiters.indexOf(waiter), 1);
        if (p.waiters.length === 0) this.pending.delete(id);
      }
    }
    // the results are ours now: drop the finished jobs (a retried client would find them otherwise)
    await Promise.all(ids.map((id) => this.queue.remove(id).catch(() => undefined)));
  }

  private async add(jobs: readonly JobData[]): Promise<void> {
    // a failed job left by an earlier run would block its id: remove it so the work is tried again
    const states = await Promise.all(jobs.map((data) => this.queue.getJobState(idOf(data))));
    await Promise.all(jobs.map((data, i) => (states[i] === 'failed' ? this.queue.remove(idOf(data)) : undefined)));
    await this.queue.addBulk(
      jobs.map((data) => ({
        name: data.envId,
        data,
        opts: { jobId: idOf(data), attempts: 3, removeOnComplete: { age: KEEP_S }, removeOnFail: { age: KEEP_S } },
      })),
    );
  }

  /** Reads the state of every unfinished job: settles finished ones whose event was missed, adds again those Redis lost. */
  private async poll(restore: () => Promise<void>): Promise<void> {
    const lost: JobData[] = [];
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
      await restore();
      await this.add(lost);
    }
  }

  private settle(id: string, value: unknown, failedReason: string | undefined): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    if (failedReason !== undefined) {
      for (const w of p.waiters) w.reject(crossed(failedReason, `${p.where} failed on a Redis worker (${this.url})`));
      return;
    }
    let result: unknown;
    try {
      result = p.check(value);
    } catch (e) {
      for (const w of p.waiters) w.reject(new WorkerError(`${p.where}: the Redis worker returned something else: ${(e as Error).message}`));
      return;
    }
    for (const w of p.waiters) w.resolve(result);
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
