import { Piscina } from 'piscina';
import { workerFile } from '../vector/workerFiles.js';

/**
 * A piscina pool of `threads` rollout worker threads (rolloutWorker.js from the compiled `dist/`).
 *
 * @example
 * ```ts
 * const pool = rolloutThreads(4);
 * const r = await pool.run(task); // a RolloutTaskResult
 * ```
 */
export function rolloutThreads(threads: number): Piscina {
  return new Piscina({ filename: workerFile(import.meta.url, 'rolloutWorker.js'), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
}

/**
 * Closes each thread's cached env (an external simulator ends cleanly), then destroys the pool.
 *
 * @example
 * ```ts
 * await closeRolloutThreads(pool);
 * ```
 */
export async function closeRolloutThreads(pool: Piscina): Promise<void> {
  const threads = pool.threads.length;
  const gate = new Int32Array(new SharedArrayBuffer(4));
  await Promise.all(Array.from({ length: threads }, () => pool.run({ gate, threads }, { name: 'closeCachedEnv' }).catch(() => undefined)));
  await pool.destroy();
}
