import { Env } from '../core/Env.js';
import { SnapshotUnsupported } from '../core/errors.js';
import type { EnvMetadata, ResetOptions, ResetResult, StepResult } from '../core/types.js';
import type { Rng } from '../rng/Rng.js';
import type { Space } from '../spaces/Space.js';

/**
 * Wraps an env to change one aspect of it; everything else passes through. Subclasses override only
 * what they change (see ObservationWrapper, ActionWrapper, RewardWrapper for one-hook kinds).
 *
 * @example
 * ```ts
 * class CountSteps<O, A> extends Wrapper<O, A> {
 *   count = 0;
 *   override step(a: A) { this.count++; return this.env.step(a); }
 * }
 * ```
 */
export class Wrapper<Obs = unknown, Act = unknown, WObs = Obs, WAct = Act> extends Env<WObs, WAct> {
  observationSpace: Space<WObs>;
  actionSpace: Space<WAct>;

  constructor(readonly env: Env<Obs, Act>) {
    super();
    this.observationSpace = env.observationSpace as unknown as Space<WObs>;
    this.actionSpace = env.actionSpace as unknown as Space<WAct>;
    this.metadata = env.metadata;
    this.renderMode = env.renderMode;
    this.spec = env.spec;
  }

  reset(opts?: ResetOptions): ResetResult<WObs> {
    return this.env.reset(opts) as unknown as ResetResult<WObs>;
  }

  step(action: WAct): StepResult<WObs> {
    return this.env.step(action as unknown as Act) as unknown as StepResult<WObs>;
  }

  override render(): unknown {
    return this.env.render();
  }

  override close(): void {
    this.env.close();
  }

  /** The inner env's snapshot plus this wrapper's own state (`snapshotOwn`). */
  override snapshot(): unknown {
    return { inner: this.env.snapshot(), own: this.snapshotOwn() };
  }

  override restore(snapshot: unknown): void {
    const s = snapshot as { inner?: unknown; own?: unknown } | null;
    if (s === null || typeof s !== 'object' || !('inner' in s)) {
      throw new SnapshotUnsupported(
        `${this.constructor.name}.restore(): expected a wrapper snapshot { inner, own }, got ${JSON.stringify(snapshot)?.slice(0, 80)}`,
      );
    }
    this.env.restore(s.inner);
    this.restoreOwn(s.own ?? null);
  }

  /** This wrapper's own dynamic state (stateless wrappers keep the default null). */
  protected snapshotOwn(): unknown {
    return null;
  }

  /** Restores `snapshotOwn`'s data. */
  protected restoreOwn(_own: unknown): void {}

  override get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped;
  }

  override get rng(): Rng {
    return this.env.rng;
  }

  override set rng(r: Rng) {
    this.env.rng = r;
  }

  override toString(): string {
    return `<${this.constructor.name}${this.env.toString()}>`;
  }
}

export type { EnvMetadata };
