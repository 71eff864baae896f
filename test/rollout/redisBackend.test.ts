import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tsgym from '../../src/index.js';
import { InvalidConfig, InvalidFile, make, makePolicy, MlpPolicy, RolloutPool, runEpisode, UnknownEnv } from '../../src/index.js';
import { RedisRolloutWorker } from '../../src/rollout/redis/RedisRolloutWorker.js';
import { decodeResults, encodeResults, jobIdOf, type RolloutJobData } from '../../src/rollout/redis/rolloutJob.js';
import { redisConnection } from '../../src/rollout/redis/redisUrl.js';
import { cartpoleNetwork } from '../helpers/cartpoleNetwork.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { startRedis, type TestRedis } from '../helpers/redisServer.js';
import { setup, SETUP_MODULE } from '../helpers/vectorTestEnvs.mjs';

let server: TestRedis;
let worker: RedisRolloutWorker;
let pool: RolloutPool;

beforeAll(async () => {
  ensureBuilt();
  server = await startRedis(['--requirepass', 'pa:ss word']);
  const url = `redis://:${encodeURIComponent('pa:ss word')}@127.0.0.1:${server.port}/3`;
  worker = new RedisRolloutWorker({ redis: url, queue: 'unit', concurrency: 2 });
  await worker.ready();
  pool = new RolloutPool({ redis: url, queue: 'unit' });
}, 120_000);

afterAll(async () => {
  await pool.close();
  await worker.close();
  await server.stop();
}, 60_000);

const network = cartpoleNetwork();

describe('RolloutPool with the redis backend', { timeout: 120_000 }, () => {
  it('returns the records of a serial run for a stochastic network stored once in Redis under its sha256 (password and db in the URL)', async () => {
    const policy = new MlpPolicy(network, { deterministic: false });
    const env = make('CartPole-v1');
    const expected = Array.from({ length: 7 }, (_, i) => runEpisode(env, policy, 7 + i, { episode: i }));
    const got = await pool.evaluate({ envId: 'CartPole-v1', policy: { kind: 'mlp', network, deterministic: false }, episodes: 7, seed: 7, chunkSize: 2 });
    expect(got).toEqual(expected);
    // the weights are in Redis once, under the hash of their canonical JSON (keys sorted), in the URL's db 3
    const redis = new Redis({ ...redisConnection(`redis://:${encodeURIComponent('pa:ss word')}@127.0.0.1:${server.port}/3`) });
    const keys = await redis.keys('tsgym:policy:*');
    expect(keys).toHaveLength(1);
    const text = (await redis.get(keys[0] ?? '')) ?? '';
    expect(keys[0]).toBe(`tsgym:policy:${createHash('sha256').update(text).digest('hex')}`);
    expect(JSON.parse(text)).toEqual({ kind: 'mlp', network, deterministic: false });
    redis.disconnect();
  });

  it('plays the same work asked twice at once as one set of jobs, both evaluations getting every record', async () => {
    const before = worker.completed;
    const ask = { envId: 'CartPole-v1', policy: 'random', episodes: 5, seed: 40, chunkSize: 1 } as const;
    const [a, b] = await Promise.all([pool.evaluate(ask), pool.evaluate(ask)]);
    expect(a).toEqual(b);
    expect(a.map((r) => r.seed)).toEqual([40, 41, 42, 43, 44]);
    expect(worker.completed - before).toBe(5); // job ids from the work: 5 jobs, not 10
  });

  it('picks up the finished jobs of a client that stopped before reading them, without playing them again', async () => {
    const url = `redis://:${encodeURIComponent('pa:ss word')}@127.0.0.1:${server.port}/3`;
    const queue = new Queue('unit', { connection: { ...redisConnection(url) } });
    // what a client that died after queueing left: the jobs of episodes 0..2 of seed 70, one episode each
    const leftover = (first: number): RolloutJobData => ({ format: 1, envId: 'CartPole-v1', kwargs: {}, policy: { name: 'pd' }, seed: 70, first, count: 1 });
    const jobs = [0, 1, 2].map(leftover);
    const added = await Promise.all(jobs.map((data) => queue.add('CartPole-v1', data, { jobId: jobIdOf(data) })));
    for (const j of added) for (let i = 0; i < 100 && (await j.getState()) !== 'completed'; i++) await new Promise((r) => setTimeout(r, 50));
    const before = worker.completed;
    const got = await pool.evaluate({ envId: 'CartPole-v1', policy: 'pd', episodes: 3, seed: 70, chunkSize: 1 });
    expect(worker.completed).toBe(before);
    expect(got.map((r) => [r.seed, r.length])).toEqual([[70, 500], [71, 500], [72, 500]]);
    expect(await queue.getJobState(jobIdOf(leftover(0)))).toBe('unknown'); // read, then removed
    await queue.close();
  });

  it('fails a job naming an unknown env with UnknownEnv, and the worker goes on with the next jobs', async () => {
    const failedBefore = worker.failed;
    const err = await pool.evaluate({ envId: 'NoSuchEnv-v9', policy: 'random', episodes: 2, seed: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownEnv);
    expect((err as Error).message).toMatch(/episodes \d\.\.\d of NoSuchEnv-v9 .*failed on a Redis worker.*No registered environment with id 'NoSuchEnv-v9'/);
    expect((err as Error).message).not.toContain('pa:ss');
    expect(worker.failed).toBeGreaterThan(failedBefore);
    const ok = await pool.evaluate({ envId: 'CartPole-v1', policy: 'pd', episodes: 3, seed: 0 });
    // the PD controller balances CartPole to the 500-step limit
    expect(ok.map((r) => r.length)).toEqual([500, 500, 500]);
  });

  it('fails a job that is not a tsgym job (extra fields, a non-hash network) without running anything', async () => {
    const url = `redis://:${encodeURIComponent('pa:ss word')}@127.0.0.1:${server.port}/3`;
    const queue = new Queue('unit', { connection: { ...redisConnection(url) } });
    const base = { format: 1, envId: 'CartPole-v1', kwargs: {}, seed: 0, first: 0, count: 1 };
    const bad = await queue.add('x', { ...base, policy: { hash: 'require("child_process")' } });
    const extra = await queue.add('x', { ...base, policy: { name: 'pd' }, code: 'process.exit(1)' });
    for (let i = 0; i < 100 && (await bad.getState()) !== 'failed'; i++) await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 100 && (await extra.getState()) !== 'failed'; i++) await new Promise((r) => setTimeout(r, 100));
    const reasons = [(await queue.getJob(bad.id ?? ''))?.failedReason, (await queue.getJob(extra.id ?? ''))?.failedReason];
    expect(reasons[0]).toMatch(/^InvalidConfig: job .* is not a tsgym rollout job: policy/);
    expect(reasons[1]).toMatch(/^InvalidConfig: job .* is not a tsgym rollout job: .*code/);
    await queue.close();
  });

  it('refuses a malformed network before queueing, and a bad URL naming the scheme with the password hidden', async () => {
    const broken = { kind: 'mlp' as const, network: { ...network, layers: [] } };
    await expect(pool.evaluate({ envId: 'CartPole-v1', policy: broken, episodes: 1 })).rejects.toThrow(InvalidFile);
    expect(() => new RolloutPool({ redis: 'http://u:hunter2@host:6379' })).toThrow(InvalidConfig);
    expect(() => new RolloutPool({ redis: 'http://u:hunter2@host:6379' })).toThrow(/Invalid Redis URL 'http:\/\/u:\*\*\*@host:6379': the scheme is 'http:'/);
    expect(() => new RolloutPool({ backend: 'redis' })).toThrow(/backend 'redis' needs a redis URL/);
    expect(redisConnection('rediss://w:s@r.lab:6380/2')).toMatchObject({ host: 'r.lab', port: 6380, db: 2, username: 'w', password: 's', tls: { servername: 'r.lab' } });
  });
});

describe('the redis backend when a worker thread dies in mid-job', { timeout: 120_000 }, () => {
  it('plays the job again (BullMQ attempts) and returns each episode once, as a serial run', async () => {
    setup(tsgym);
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-crash-'));
    const crashFile = join(dir, 'crash-once');
    writeFileSync(crashFile, '1');
    const kwargs = { termAt: 6, exitSeed: 203, exitAt: 3 };
    const env = make('VecCounter-v0', { ...kwargs, crashFile: join(dir, 'absent') });
    const random = makePolicy('random', 'VecCounter-v0', env);
    const expected = Array.from({ length: 6 }, (_, i) => runEpisode(env, random, 200 + i, { episode: i }));
    const url = `redis://:${encodeURIComponent('pa:ss word')}@127.0.0.1:${server.port}/3`;
    const w = new RedisRolloutWorker({ redis: url, queue: 'crash', setupModules: [SETUP_MODULE] });
    const p = new RolloutPool({ redis: url, queue: 'crash' });
    try {
      await w.ready();
      const done: number[] = [];
      const onProgress = (d: number): number => done.push(d);
      const got = await p.evaluate({ envId: 'VecCounter-v0', kwargs: { ...kwargs, crashFile }, policy: 'random', episodes: 6, seed: 200, chunkSize: 2,
        onProgress });
      expect(existsSync(crashFile)).toBe(false); // the env did kill its thread
      expect(got).toEqual(expected);
      expect(done).toEqual([2, 4, 6]); // 3 jobs counted once each
      expect(w.completed).toBe(3);
    } finally {
      await p.close();
      await w.close();
    }
  });
});

describe('the redis backend under a Redis ACL user', { timeout: 120_000 }, () => {
  it("runs with a user limited to the queue's keys and the stored networks (the default user off), and cannot read other keys", async () => {
    // the ACL line of docs/distributed.md
    const acl = ['~bull:lab:*', '~tsgym:policy:*', '&bull:lab:*', '+@all', '-@admin', '-@dangerous', '+info'];
    const limited = await startRedis(['--user', 'default', 'off', '--user', 'lab', 'on', '>s3cret', ...acl]);
    const url = `redis://lab:s3cret@127.0.0.1:${limited.port}`;
    const w = new RedisRolloutWorker({ redis: url, queue: 'lab' });
    const p = new RolloutPool({ redis: url, queue: 'lab' });
    try {
      await w.ready();
      const got = await p.evaluate({ envId: 'CartPole-v1', policy: { kind: 'mlp', network }, episodes: 2, seed: 3 });
      const env = make('CartPole-v1');
      const policy = new MlpPolicy(network, { deterministic: true });
      expect(got).toEqual([0, 1].map((i) => runEpisode(env, policy, 3 + i, { episode: i })));
      const redis = new Redis({ ...redisConnection(url) });
      await expect(redis.get('other:key')).rejects.toThrow(/NOPERM/);
      redis.disconnect();
    } finally {
      await p.close();
      await w.close();
      await limited.stop();
    }
  });
});

describe('redis job format', () => {
  const job: RolloutJobData = { format: 1, envId: 'CartPole-v1', kwargs: { a: 1, b: { c: 2, d: 3 } }, policy: { name: 'pd' }, seed: 5, first: 4, count: 2 };

  it('derives the job id from the work alone: key order does not matter, any change of env, kwargs, policy or seeds does', () => {
    const reordered: RolloutJobData = {
      count: 2, first: 4, seed: 5, policy: { name: 'pd' }, kwargs: { b: { d: 3, c: 2 }, a: 1 }, envId: 'CartPole-v1', format: 1,
    };
    expect(jobIdOf(reordered)).toBe(jobIdOf(job));
    expect(jobIdOf(job)).toMatch(/^ep-[0-9a-f]{64}$/);
    const changed = [{ ...job, seed: 6 }, { ...job, first: 5 }, { ...job, kwargs: { a: 2, b: { c: 2, d: 3 } } }, { ...job, policy: { name: 'random' } }];
    expect(new Set([job, ...changed].map(jobIdOf)).size).toBe(5);
  });

  it('keeps NaN, infinities and -0 in the episode records', () => {
    const rs = [{ episode: 0, seed: 1, return: -0, length: 3, metrics: { a: NaN, b: Infinity, c: -Infinity, d: 0.1 + 0.2 } }];
    const back = decodeResults(encodeResults(rs));
    expect(Object.is(back[0]?.return, -0)).toBe(true);
    expect(back[0]?.metrics).toEqual({ a: NaN, b: Infinity, c: -Infinity, d: 0.30000000000000004 });
  });
});
