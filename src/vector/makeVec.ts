import { z } from 'zod';
import type { Env } from '../core/Env.js';
import { InvalidConfig } from '../core/errors.js';
import { parseConfig } from '../core/parseConfig.js';
import { make, registry, spec } from '../registry/registry.js';
import { AsyncVectorEnv } from './AsyncVectorEnv.js';
import { SyncVectorEnv } from './SyncVectorEnv.js';
import type { AutoresetMode, VectorEnv } from './VectorEnv.js';

/** Wraps one sub-env (applied in order after `make`'s standard wrappers). */
export type EnvWrapperFn = (env: Env<any, any>) => Env<any, any>;

/** Options of `makeVec`. */
export interface MakeVecOptions {
  /** `sync` (default): one thread; `async`: worker threads. */
  mode?: 'sync' | 'async';
  /** Worker threads for `async` (default: min(n, cores), minus one with `mainThreadShare`). */
  workers?: number;
  /** Keyword arguments for every sub-env. */
  kwargs?: Record<string, unknown>;
  autoresetMode?: AutoresetMode;
  /** Sync only: wrappers applied to each sub-env (functions cannot cross to worker threads). */
  wrappers?: readonly EnvWrapperFn[];
  /** Async only: modules each worker imports first (to register custom envs), see AsyncVectorEnv. */
  setupModules?: readonly string[];
  /** Async only: the calling thread steps the first share of the envs too, see AsyncVectorEnv. */
  mainThreadShare?: boolean;
  /** Async only: microseconds the main thread busy-waits before sleeping, see AsyncVectorEnv. */
  spinUs?: number;
  /** Async only: microseconds a worker busy-waits before sleeping, see AsyncVectorEnv. */
  workerSpinUs?: number;
  /** Async only: command timeout in ms, see AsyncVectorEnv. */
  timeoutMs?: number;
}

const OPTIONS = z
  .object({
    mode: z.enum(['sync', 'async']).default('sync'),
    workers: z.number().int().positive().optional(),
    kwargs: z.record(z.string(), z.unknown()).optional(),
    autoresetMode: z.enum(['next-step', 'same-step']).optional(),
    wrappers: z.array(z.custom<EnvWrapperFn>((v) => typeof v === 'function', 'expected a function')).optional(),
    setupModules: z.array(z.string()).optional(),
    mainThreadShare: z.boolean().optional(),
    spinUs: z.number().min(0).optional(),
    workerSpinUs: z.number().min(0).optional(),
    timeoutMs: z.number().positive().optional(),
  })
  .strict();

/**
 * Makes a vector env of `n` copies of a registered single-agent env (each built by `make(id, kwargs)`),
 * stepped in this thread (`sync`) or in worker threads (`async`).
 *
 * @example
 * ```ts
 * const envs = makeVec('CartPole-v1', 64, { mode: 'async', workers: 2 });
 * const [obs] = envs.reset({ seed: 0 });  // Float32Array of 64 x 4
 * envs.step(new Int32Array(64));
 * await envs.close();
 * ```
 */
export function makeVec(id: string, n: number, options: MakeVecOptions = {}): VectorEnv {
  const o = parseConfig(OPTIONS, options, `makeVec('${id}') options`);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidConfig(`makeVec('${id}', n): n must be a positive integer, got ${String(n)}`);
  // in async mode the id may be registered only in the workers (setupModules)
  if ((o.mode === 'sync' || registry.has(id)) && spec(id).parallel)
    throw new InvalidConfig(`makeVec('${id}'): '${id}' is a multi-agent ParallelEnv; vector envs hold single-agent envs`);
  const kwargs = o.kwargs ?? {};
  if (o.mode === 'sync') {
    if (o.setupModules !== undefined) throw new InvalidConfig(`makeVec('${id}'): setupModules is for mode 'async'; in 'sync' mode import the module yourself`);
    const wrappers = o.wrappers ?? [];
    const fns = Array.from({ length: n }, () => () => {
      let env: Env<any, any> = make(id, kwargs);
      for (const w of wrappers) env = w(env);
      return env;
    });
    return new SyncVectorEnv(fns, { autoresetMode: o.autoresetMode });
  }
  if (o.wrappers !== undefined) {
    throw new InvalidConfig(
      `makeVec('${id}'): wrappers are functions and cannot cross to worker threads; in 'async' mode register a wrapped env id in a setup module (option ` +
        `setupModules)`,
    );
  }
  return new AsyncVectorEnv({
    envId: id,
    numEnvs: n,
    workers: o.workers,
    kwargs,
    autoresetMode: o.autoresetMode,
    setupModules: o.setupModules,
    mainThreadShare: o.mainThreadShare,
    spinUs: o.spinUs,
    workerSpinUs: o.workerSpinUs,
    timeoutMs: o.timeoutMs,
  });
}
