import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchFigure, BenchFn } from '../../bench/types.js';
import { RolloutPool } from '../../rollout/RolloutPool.js';
import { RedisRolloutWorker } from '../../rollout/redis/RedisRolloutWorker.js';
import '../../vector/BusyStepEnv.js';
import { startRedis } from '../privateRedis.js';
import { apexFigures } from './apexBench.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
/** The module that registers BusyStep-v0 (not a built-in env of the CLI: workers import it). */
const BUSY_STEP = fileURLToPath(new URL('../../vector/BusyStepEnv.js', import.meta.url));

/** Seconds one evaluation takes. */
async function timed(pool: RolloutPool, kwargs: Record<string, unknown>, episodes: number): Promise<number> {
  const t0 = performance.now();
  await pool.evaluate({ envId: 'BusyStep-v0', kwargs, policy: 'random', episodes, seed: 0, chunkSize: 1 });
  return (performance.now() - t0) / 1000;
}

/** `n` `tsgym worker` processes (one thread each) on `url`, resolved when all wait for jobs. */
async function workerProcesses(url: string, queue: string, n: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: n }, () => {
      const p = spawn(process.execPath, [MAIN, 'worker', '--redis', url, '--queue', queue, '--import', BUSY_STEP], { stdio: ['ignore', 'ignore', 'pipe'] });
      return new Promise<ChildProcess>((resolve, reject) => {
        let out = '';
        p.stderr?.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('waiting for jobs')) resolve(p);
        });
        p.once('exit', (code) => reject(new Error(`tsgym worker exited with ${code}: ${out}`)));
      });
    }),
  );
}

async function stopAll(ps: readonly ChildProcess[]): Promise<void> {
  await Promise.all(ps.map((p) => new Promise((resolve) => (p.exitCode !== null ? resolve(null) : (p.once('exit', resolve), p.kill('SIGTERM'))))));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/**
 * Throughput (jobs/s) of 1 and of 4 worker processes (each on its own queue, all started at once) on
 * one-episode jobs of `kwargs`: median of `rounds` rounds that alternate the two, so that a change of
 * the machine's load hits both alike.
 */
async function scaling(url: string, kwargs: Record<string, unknown>, jobs: number, rounds: number): Promise<{ one: number; four: number }> {
  const ps = [...(await workerProcesses(url, 'scale1', 1)), ...(await workerProcesses(url, 'scale4', 4))];
  const pools = [new RolloutPool({ redis: url, queue: 'scale1' }), new RolloutPool({ redis: url, queue: 'scale4' })] as const;
  try {
    for (const p of pools) await timed(p, kwargs, 4); // warm-up: every worker builds its env
    const rates: [number[], number[]] = [[], []];
    for (let r = 0; r < rounds; r++) for (const [i, p] of pools.entries()) rates[i]?.push(jobs / (await timed(p, kwargs, jobs)));
    return { one: median(rates[0]), four: median(rates[1]) };
  } finally {
    for (const p of pools) await p.close();
    await stopAll(ps);
  }
}

/**
 * Benchmark section `distributed`: the redis backend of RolloutPool on a private redis-server on this
 * machine. `jobOverheadMs`: the extra wall time of a one-episode job over the same episode in the local
 * pool, one at a time (client -> Redis -> worker -> Redis -> client); `jobsPerSec`: tiny jobs through one
 * Redis with an in-process worker of 2 threads; `sleep1wJobsPerSec`, `sleep4wJobsPerSec` and
 * `sleepSpeedup4w`: one and four `tsgym worker` processes on a latency-bound env (BusyStep-v0 in sleep
 * mode: each step waits 2 ms with the core free, as an env waiting on an external simulator does);
 * `dqnTurnsSeconds`, `dqnPipelinedSeconds`, `dqnPipelineSpeedup`: DQN training with actors on two worker
 * processes of that env, taking turns with the learner or one round ahead (see `apexFigures`).
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async ({ quick }) => {
  const redis = await startRedis();
  const tiny = { stepUs: 0, episodeLength: 2 };
  const n = quick ? 100 : 400;
  try {
    const cpu = (): number => {
      const u = process.cpuUsage(); // this process and its threads: client, worker and the worker's thread
      return (u.user + u.system) / 1000;
    };
    const local = new RolloutPool({ workers: 1 });
    await timed(local, tiny, 4);
    let c0 = cpu();
    const localS = await timed(local, tiny, n);
    const localCpu = cpu() - c0;
    await local.close();
    const worker = new RedisRolloutWorker({ redis: redis.url, queue: 'overhead', concurrency: 1 });
    await worker.ready();
    const remote = new RolloutPool({ redis: redis.url, queue: 'overhead' });
    await timed(remote, tiny, 4);
    c0 = cpu();
    const r0 = redis.cpuMs();
    const remoteS = await timed(remote, tiny, n);
    const redisCpu = redis.cpuMs() - r0;
    const remoteCpu = cpu() - c0 + redisCpu;
    await remote.close();
    await worker.close();
    const wide = new RedisRolloutWorker({ redis: redis.url, queue: 'rate', concurrency: 2 });
    await wide.ready();
    const ratePool = new RolloutPool({ redis: redis.url, queue: 'rate' });
    await timed(ratePool, tiny, 4);
    const rateS = await timed(ratePool, tiny, n * 2);
    await ratePool.close();
    await wide.close();
    const sleepy = { stepUs: 2000, episodeLength: 100, wait: 'sleep' };
    const jobs = quick ? 16 : 32;
    const rounds = quick ? 1 : 3;
    const { one, four } = await scaling(redis.url, sleepy, jobs, rounds);
    const actors = await workerProcesses(redis.url, 'apex', 2);
    const apex = await apexFigures(redis.url, 'apex', { quick }).finally(() => stopAll(actors));
    const where = 'private redis-server on this machine (loopback)';
    const figures: BenchFigure[] = [
      {
        key: 'jobOverheadMs',
        value: ((remoteS - localS) / n) * 1000,
        unit: 'ms',
        scenario:
          `${n} one-episode jobs one after the other (BusyStep-v0, 1-2 steps, stepUs 0): ` +
          `redis backend with a 1-thread worker minus the local pool of 1 thread, per job; ${where}`,
      },
      {
        key: 'jobCpuMs',
        value: (remoteCpu - localCpu) / n,
        unit: 'ms',
        scenario: `the jobs of jobOverheadMs: CPU time of client, worker and redis-server minus that of the local pool, per job (load-independent)`,
      },
      {
        key: 'redisCpuMsPerJob',
        value: redisCpu / n,
        unit: 'ms',
        scenario: 'the jobs of jobOverheadMs: CPU time of redis-server per job (one Redis core serves about 1000 / this jobs/s)',
      },
      { key: 'jobsPerSec', value: (n * 2) / rateS, unit: 'jobs/s', scenario: `${n * 2} one-episode tiny jobs, one worker of 2 threads; ${where}` },
      {
        key: 'sleep1wJobsPerSec',
        value: one,
        unit: 'jobs/s',
        scenario: `${jobs} one-episode jobs of BusyStep-v0 in sleep mode (50-100 steps of 2 ms), 1 tsgym worker process, median of ${rounds}; ${where}`,
      },
      { key: 'sleep4wJobsPerSec', value: four, unit: 'jobs/s', scenario: `the same jobs, 4 tsgym worker processes, rounds alternating with 1; ${where}` },
      { key: 'sleepSpeedup4w', value: four / one, unit: 'x', scenario: '4 worker processes over 1 on the latency-bound jobs above (ideal 4)' },
      ...apex,
    ];
    return figures;
  } finally {
    await redis.stop();
  }
};
