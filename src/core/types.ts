/** Free-form information returned by `reset` and `step`. */
export type Info = Record<string, unknown>;

/** Options of `Env.reset`: a seed reseeds the env's rng; `options` are env specific. */
export interface ResetOptions {
  seed?: number;
  options?: Record<string, unknown>;
}

/** `[observation, reward, terminated, truncated, info]`, as Gymnasium's `step`. */
export type StepResult<Obs> = [Obs, number, boolean, boolean, Info];

/** `[observation, info]`, as Gymnasium's `reset`. */
export type ResetResult<Obs> = [Obs, Info];

/** Static facts about an environment class. */
export interface EnvMetadata {
  readonly renderModes: readonly string[];
  readonly renderFps?: number;
  /** One-line human description (shown by `tsgym list`). */
  readonly description?: string;
}
