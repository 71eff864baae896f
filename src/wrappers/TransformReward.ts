import type { Env } from '../core/Env.js';
import { RewardWrapper } from './RewardWrapper.js';

/**
 * Applies `fn` to every reward.
 *
 * @example
 * ```ts
 * const env = new TransformReward(make('CartPole-v1'), (r) => 0.1 * r);
 * ```
 */
export class TransformReward<Obs, Act> extends RewardWrapper<Obs, Act> {
  constructor(env: Env<Obs, Act>, readonly fn: (r: number) => number) {
    super(env);
  }

  reward(r: number): number {
    return this.fn(r);
  }
}
