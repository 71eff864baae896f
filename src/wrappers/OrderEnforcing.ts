import type { Env } from '../core/Env.js';
import { ClosedEnvironment, ResetNeeded } from '../core/errors.js';
import type { ResetOptions, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from './Wrapper.js';

/**
 * Enforces reset-before-step, no step after an episode ended (terminated or truncated) without a new
 * reset, and nothing after `close()`. With `disableRenderOrderEnforcing` false, `render` before `reset`
 * throws too (Gymnasium's behaviour).
 *
 * @example
 * ```ts
 * new OrderEnforcing(env).step(0); // ResetNeeded: Cannot call env.step() before calling env.reset()
 * ```
 */
export class OrderEnforcing<Obs, Act> extends Wrapper<Obs, Act> {
  private hasReset = false;
  private done = false;
  private closed = false;

  constructor(env: Env<Obs, Act>, readonly disableRenderOrderEnforcing = false) {
    super(env);
  }

  /** Whether `reset` has been called. */
  get hasResetBefore(): boolean {
    return this.hasReset;
  }

  protected override snapshotOwn(): unknown {
    return { hasReset: this.hasReset, done: this.done };
  }

  protected override restoreOwn(own: unknown): void {
    const o = own as { hasReset: boolean; done: boolean };
    this.hasReset = o.hasReset;
    this.done = o.done;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    if (this.closed) throw new ClosedEnvironment('Cannot call env.reset() after env.close()');
    const r = this.env.reset(opts);
    this.hasReset = true;
    this.done = false;
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    if (this.closed) throw new ClosedEnvironment('Cannot call env.step() after env.close()');
    if (!this.hasReset) throw new ResetNeeded('Cannot call env.step() before calling env.reset()');
    if (this.done) {
      throw new ResetNeeded('Cannot call env.step() after the episode ended (terminated or truncated was true); call env.reset() first');
    }
    const r = this.env.step(action);
    if (r[2] || r[3]) this.done = true;
    return r;
  }

  override render(): unknown {
    if (!this.disableRenderOrderEnforcing && !this.hasReset) {
      throw new ResetNeeded('Cannot call env.render() before calling env.reset(); set disableRenderOrderEnforcing to allow it');
    }
    return this.env.render();
  }

  override close(): void {
    if (this.closed) return;
    this.closed = true;
    this.env.close();
  }
}
