import type { StepResult } from '../core/types.js';
import { Wrapper } from './Wrapper.js';

/**
 * A wrapper that changes actions only: override `action(act)`, which maps this wrapper's action to the
 * inner env's action before `step`. Set `actionSpace` in the constructor when it changes.
 *
 * @example
 * ```ts
 * class Flip extends ActionWrapper<Float32Array, number> {
 *   action(a: number) { return 1 - a; }
 * }
 * ```
 */
export abstract class ActionWrapper<Obs, Act, WAct = Act> extends Wrapper<Obs, Act, Obs, WAct> {
  /** Maps this wrapper's action to an action of the inner env. */
  abstract action(act: WAct): Act;

  override step(action: WAct): StepResult<Obs> {
    return this.env.step(this.action(action));
  }
}
