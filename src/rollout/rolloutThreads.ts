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
  const pool = new Piscina({ filename: workerFile(import.meta.url, 'rolloutWorker.js'), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  // piscina reports on the pool (an 'error' event, fatal to the process without a listener) a result that
  // arrives for a task it has already dropped: when the pool is being destroyed this is a cancelled task's
  // late answer and harmless; anything else is made visible as a process warning
  pool.on('error', (err: unknown) => {
    if (closing.has(pool) && /Unexpected message from Worker/.test(String(err))) return;
    process.emitWarning(`rollout worker pool: ${String(err)}`);
  });
  return pool;
}

/** Pools whose close has begun. */
const closing = new WeakSet<Piscina>();

/**
 * Closes each thread's cached env (an external simulator ends cleanly), then destroys the pool.
 *
 * @example
 * ```ts
 * await closeRolloutThreads(pool);
 * ```
 */
export async function closeRolloutThreads(pool: Piscina): Promise<void> {
  closing.add(pool);
  const threads = pool.threads.length;
  const gate = new Int32Array(new SharedArrayBuffer(4));
  await Promise.all(Array.from({ length: threads }, () => pool.run({ gate, threads }, { name: 'closeCachedEnv' }).catch(() => undefined)));
  await pool.destroy();
}
