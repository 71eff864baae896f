import { Env } from '../../src/core/Env.js';
import { ResetNeeded, SnapshotUnsupported } from '../../src/core/errors.js';
import type { RngState } from '../../src/rng/Rng.js';
import { copyState } from './copyState.js';

/**
 * What the four classic-control envs share: a float64 physical state that Gymnasium exposes as
 * `env.unwrapped.state`, readable (as a copy) and writable, and the check that it exists before `step`.
 *
 * @example
 * ```ts
 * const env = new CartPoleEnv();
 * env.state = [0, 0, 0.1, 0]; // the next step continues from here
 * env.state;                  // Float64Array [0, 0, 0.1, 0]
 * ```
 */
export abstract class ClassicControlEnv<Act> extends Env<Float32Array, Act> {
  /** The physical state (float64), stepped in place by the env's step function. */
  protected readonly s: Float64Array;
  /** Whether the state has been set by `reset` or by assigning `state`. */
  protected hasState = false;

  constructor(stateSize: number, private readonly envName: string) {
    super();
    this.s = new Float64Array(stateSize);
  }

  /** The float64 state (a copy), or undefined before the first reset. */
  get state(): Float64Array | undefined {
    return this.hasState ? Float64Array.from(this.s) : undefined;
  }

  /** Sets the state, like assigning Gymnasium's `env.unwrapped.state`; the next `step` continues from it. */
  set state(v: ArrayLike<number> | undefined) {
    copyState(this.s, v, this.envName);
    this.hasState = true;
  }

  /** State, rng position and the env's own counters (`snapshotExtra`), for exact resume. */
  override snapshot(): unknown {
    return { s: Array.from(this.s), hasState: this.hasState, rng: this.rngSnapshot(), extra: this.snapshotExtra() };
  }

  override restore(snapshot: unknown): void {
    const o = snapshot as { s: number[]; hasState: boolean; rng: RngState | null; extra: unknown };
    if (!Array.isArray(o?.s) || o.s.length !== this.s.length) {
      throw new SnapshotUnsupported(
        `${this.envName}.restore(): expected a snapshot with a ${this.s.length}-entry state, got ${JSON.stringify(o?.s)?.slice(0, 80)}`,
      );
    }
    this.s.set(o.s);
    this.hasState = o.hasState;
    this.restoreRng(o.rng);
    this.restoreExtra(o.extra);
  }

  /** Env-specific dynamic fields beyond the physical state (e.g. CartPole's steps beyond termination). */
  protected snapshotExtra(): unknown {
    return null;
  }

  protected restoreExtra(_extra: unknown): void {}

  /** Throws `ResetNeeded` when there is no state to step from. */
  protected requireState(): void {
    if (!this.hasState) throw new ResetNeeded(`Cannot call ${this.constructor.name}.step() before reset(): the state is not set`);
  }
}
