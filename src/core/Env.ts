import { SnapshotUnsupported } from './errors.js';
import { Rng, type RngState } from '../rng/Rng.js';
import type { Space } from '../spaces/Space.js';
import type { EnvSpec } from './EnvSpec.js';
import type { EnvMetadata, ResetOptions, ResetResult, StepResult } from './types.js';

/**
 * The environment contract, after Gymnasium's `Env`: four methods plus spaces, metadata and an rng.
 * Subclasses call `this.seedRng(opts?.seed)` first thing in `reset`: a seed reseeds `rng`, without one
 * the stream continues (and the first reset without a seed draws fresh entropy).
 *
 * @example
 * ```ts
 * class Coin extends Env<number, number> {
 *   observationSpace = new Discrete(2);
 *   actionSpace = new Discrete(2);
 *   reset(opts?: ResetOptions): ResetResult<number> { this.seedRng(opts?.seed); return [0, {}]; }
 *   step(a: number): StepResult<number> { const o = this.rng.integers(2); return [o, o === a ? 1 : 0, true, false, {}]; }
 * }
 * ```
 */
export abstract class Env<Obs = unknown, Act = unknown> {
  abstract readonly observationSpace: Space<Obs>;
  abstract readonly actionSpace: Space<Act>;
  /** Render modes and fps; `description` is shown by `tsgym list`. */
  metadata: EnvMetadata = { renderModes: [] };
  /** The render mode chosen at construction, if any. */
  renderMode: string | undefined = undefined;
  /** The registry spec this env was made from (set by `make`). */
  spec: EnvSpec | undefined = undefined;
  private _rng: Rng | undefined = undefined;

  /** Starts a new episode and returns the first observation. */
  abstract reset(opts?: ResetOptions): ResetResult<Obs>;
  /** Advances one step. */
  abstract step(action: Act): StepResult<Obs>;

  /** Renders according to `renderMode` (e.g. a string for `ansi`); the base renders nothing. */
  render(): unknown {
    return undefined;
  }

  /** Releases resources. Idempotent. */
  close(): void {}

  /** The innermost environment (wrappers override this). */
  get unwrapped(): Env<unknown, unknown> {
    return this;
  }

  /** The env's random stream; created from entropy on first use if never seeded. */
  get rng(): Rng {
    if (this._rng === undefined) this._rng = new Rng();
    return this._rng;
  }

  set rng(r: Rng) {
    this._rng = r;
  }

  /**
   * The env's whole dynamic state as JSON-able data, so that `restore` on an env built with the same
   * kwargs continues exactly (exact resume of training, replays, debugging). Wrappers include their own
   * state. Envs that can, override `snapshot` and `restore`; the base refuses with SnapshotUnsupported.
   *
   * @example
   * ```ts
   * const s = JSON.stringify(env.snapshot()); const twin = make('CartPole-v1'); twin.restore(JSON.parse(s));
   * ```
   */
  snapshot(): unknown {
    throw new SnapshotUnsupported(`${this.constructor.name} cannot snapshot its state (it does not override snapshot()/restore())`);
  }

  /** Puts back a state taken by `snapshot` (see there). */
  restore(_snapshot: unknown): void {
    throw new SnapshotUnsupported(`${this.constructor.name} cannot restore a snapshot (it does not override snapshot()/restore())`);
  }

  /** The rng's position for `snapshot` (null when never used). */
  protected rngSnapshot(): RngState | null {
    return this._rng === undefined ? null : this._rng.getState();
  }

  /** Restores the rng position taken by `rngSnapshot`. */
  protected restoreRng(s: RngState | null): void {
    this._rng = s === null ? undefined : Rng.fromState(s);
  }

  /** Reseeds `rng` when `seed` is given, as Gymnasium's `super().reset(seed=seed)`. */
  protected seedRng(seed: number | undefined): void {
    if (seed !== undefined) this._rng = new Rng(seed);
  }

  toString(): string {
    return `<${this.constructor.name}${this.spec ? `<${this.spec.id}>` : ''}>`;
  }
}
