import type { Env } from '../core/Env.js';
import type { ResetOptions, ResetResult, StepResult } from '../core/types.js';
import { InvalidConfig } from '../core/errors.js';
import { Wrapper } from './Wrapper.js';

/**
 * Truncates episodes after `maxEpisodeSteps` steps: sets `truncated`, never `terminated`.
 *
 * @example
 * ```ts
 * const env = new TimeLimit(new CartPoleEnv(), 500);
 * ```
 */
export class TimeLimit<Obs, Act> extends Wrapper<Obs, Act> {
  private elapsedSteps = 0;

  constructor(env: Env<Obs, Act>, readonly maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new InvalidConfig(`TimeLimit maxEpisodeSteps must be a positive integer, got ${String(maxEpisodeSteps)}`);
    }
  }

  /** Steps taken in the current episode. */
  get elapsed(): number {
    return this.elapsedSteps;
  }

  protected override snapshotOwn(): unknown {
    return { elapsedSteps: this.elapsedSteps };
  }

  protected override restoreOwn(own: unknown): void {
    this.elapsedSteps = (own as { elapsedSteps: number }).elapsedSteps;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    this.elapsedSteps = 0;
    return this.env.reset(opts);
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    if (++this.elapsedSteps >= this.maxEpisodeSteps) r[3] = true;
    return r;
  }
}
