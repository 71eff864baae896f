import type { Command } from 'commander';
import { importEnvModule, loadEnvs } from '../loadEnvs.js';
import { collectSet, intAtLeast } from '../parseArgs.js';

interface WorkerOpts {
  redis: string;
  queue: string;
  concurrency: number;
  import?: string[];
  lockMs: number;
}

/** `tsgym worker --redis URL [--queue NAME] [--concurrency N] [--import MODULE]... [--lock-ms MS]`. */
export function register(program: Command): void {
  program
    .command('worker')
    .description('play the episodes of eval/compare --redis runs and the experience of train --redis: take jobs from a Redis queue (BullMQ) until SIGTERM')
    .requiredOption('--redis <url>', 'redis://[user[:password]@]host[:port][/db], or rediss://... for TLS')
    .option('--queue <name>', 'queue name (the same as the clients)', 'tsgym')
    .option('--concurrency <n>', 'jobs at once, each in a worker thread (one per core is typical)', intAtLeast('--concurrency', 1), 1)
    .option('--import <module>', 'a module that registers custom envs or policies (repeatable)', collectSet)
    .option('--lock-ms <ms>', "a job's lock: a job whose worker died runs again about this long after", intAtLeast('--lock-ms', 500), 30_000)
    .action(async (opts: WorkerOpts, cmd: Command) => {
      await loadEnvs();
      for (const m of opts.import ?? []) await importEnvModule(m);
      const { RedisRolloutWorker } = await import('../../rollout/redis/RedisRolloutWorker.js');
      const { redactUrl } = await import('../../rollout/redis/redisUrl.js');
      const quiet = Boolean(cmd.optsWithGlobals().quiet);
      const log = (line: string): void => {
        if (!quiet) process.stderr.write(`tsgym worker: ${line}\n`);
      };
      const worker = new RedisRolloutWorker({ redis: opts.redis, queue: opts.queue, concurrency: opts.concurrency, lockDurationMs: opts.lockMs, log });
      await worker.ready();
      log(`queue '${opts.queue}' on ${redactUrl(opts.redis)}, ${opts.concurrency} thread(s): waiting for jobs (SIGTERM: finish the jobs in hand and exit)`);
      await new Promise<void>((done) => {
        let stops = 0;
        const stop = (): void => {
          stops++;
          // the first signal lets the jobs in hand finish; a second abandons them (BullMQ gives them to another worker)
          log(stops === 1 ? 'stopping after the jobs in hand' : 'stopping now: the jobs in hand go back to the queue');
          void worker.close(stops > 1).then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      log(`stopped (${worker.completed} jobs done, ${worker.failed} failed)`);
    });
}
