import type { Env } from './Env.js';
import type { ParallelEnv } from './ParallelEnv.js';
import type { MetricCatalog } from './MetricInfo.js';

/** Builds an env from its keyword arguments (already merged with the spec's defaults). */
export type EntryPoint = (kwargs: Record<string, unknown>) => Env<any, any> | ParallelEnv<any, any, any>;

/**
 * A registered environment, after Gymnasium's `EnvSpec`.
 *
 * @example
 * ```ts
 * register({ id: 'CartPole-v1', entryPoint: (kw) => new CartPoleEnv(kw), module: import.meta.url, maxEpisodeSteps: 500, rewardThreshold: 475 });
 * ```
 */
export interface EnvSpec {
  /** `Name-vN`, optionally with a namespace: `ns/Name-vN`. */
  readonly id: string;
  readonly entryPoint: EntryPoint;
  /** TimeLimit applied by `make` (steps); undefined for none. */
  readonly maxEpisodeSteps?: number;
  /** Default keyword arguments, overridden by `make(id, kwargs)`. */
  readonly kwargs?: Readonly<Record<string, unknown>>;
  /** Return at which the task counts as solved. */
  readonly rewardThreshold?: number;
  /** Whether the env is deterministic given a seed (checked by `checkEnv`). */
  readonly nondeterministic?: boolean;
  /** Skip PassiveEnvChecker in `make`. */
  readonly disableEnvChecker?: boolean;
  /** Whether the entry point builds a ParallelEnv (multi-agent). */
  readonly parallel?: boolean;
  /**
   * The kwarg a CLI `--config FILE` fills (e.g. `config` for a factory scenario, `scenario` for a traffic
   * one); without it the file's object is merged into the kwargs.
   */
  readonly configKwarg?: string;
  /**
   * URL of the module that registers this id: pass `import.meta.url` at the `register` call (Gymnasium's
   * module entry points). Worker threads (AsyncVectorEnv, RolloutPool) import it to register the env
   * there, so a third-party env works in workers as the built-in ones do.
   */
  readonly module?: string;
  /** One-line description for `tsgym list`. */
  readonly description?: string;
  /** What `info.metrics` holds (units, kinds, main metric), for reports and early checks of metric names. */
  readonly metrics?: MetricCatalog;
}
