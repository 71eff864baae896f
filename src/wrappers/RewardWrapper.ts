import type { StepResult } from '../core/types.js';
import { Wrapper } from './Wrapper.js';

/**
 * A wrapper that changes rewards only: override `reward(r)`.
 *
 * @example
 * ```ts
 * class Halve extends RewardWrapper<Float32Array, number> {
 *   reward(r: number) { return r / 2; }
 * }
 * ```
 */
export abstract class RewardWrapper<Obs, Act> extends Wrapper<Obs, Act> {
  /** Maps a reward of the inner env to this wrapper's reward. */
  abstract reward(r: number): number;

  override step(action: Act): StepResult<Obs> {
    const [obs, reward, terminated, truncated, info] = this.env.step(action);
    return [obs, this.reward(reward), terminated, truncated, info];
  }
}
