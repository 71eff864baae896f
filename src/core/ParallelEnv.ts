import { SnapshotUnsupported } from './errors.js';
import { Rng, type RngState } from '../rng/Rng.js';
import type { Space } from '../spaces/Space.js';
import type { EnvSpec } from './EnvSpec.js';
import type { EnvMetadata, Info, ResetOptions } from './types.js';

/** `[observations, rewards, terminations, truncations, infos]`, each a record by agent. */
export type ParallelStepResult<Agent extends string, Obs> = [
  Record<Agent, Obs>,
  Record<Agent, number>,
  Record<Agent, boolean>,
  Record<Agent, boolean>,
  Record<Agent, Info>,
];

/**
 * A multi-agent environment where all agents act at once, after PettingZoo's `ParallelEnv`.
 * `agents` lists the live agents; an agent whose termination or truncation is true leaves `agents`.
 *
 * @example
 * ```ts
 * const env = make('TrafficGrid-v0') as ParallelEnv<string, Float32Array, number>;
 * let [obs] = env.reset({ seed: 0 });
 * const actions = Object.fromEntries(env.agents.map((a) => [a, env.actionSpace(a).sample(env.rng)]));
 * const [next, rewards, terms, truncs] = env.step(actions);
 * ```
 */
export abstract class ParallelEnv<Agent extends string = string, Obs = unknown, Act = unknown> {
  /** Agents currently acting. */
  agents: Agent[] = [];
  /** All agents that may ever appear. */
  abstract readonly possibleAgents: readonly Agent[];
  metadata: EnvMetadata = { renderModes: [] };
  renderMode: string | undefined = undefined;
  spec: EnvSpec | undefined = undefined;
  private _rng: Rng | undefined = undefined;

  abstract observationSpace(agent: Agent): Space<Obs>;
  abstract actionSpace(agent: Agent): Space<Act>;
  abstract reset(opts?: ResetOptions): [Record<Agent, Obs>, Record<Agent, Info>];
  abstract step(actions: Record<Agent, Act>): ParallelStepResult<Agent, Obs>;

  render(): unknown {
    return undefined;
  }

  close(): void {}

  get unwrapped(): ParallelEnv<Agent, Obs, Act> {
    return this;
  }

  get rng(): Rng {
    if (this._rng === undefined) this._rng = new Rng();
    return this._rng;
  }

  set rng(r: Rng) {
    this._rng = r;
  }

  /** The whole dynamic state as JSON-able data (see `Env.snapshot`); the base refuses. */
  snapshot(): unknown {
    throw new SnapshotUnsupported(`${this.constructor.name} cannot snapshot its state (it does not override snapshot()/restore())`);
  }

  /** Puts back a state taken by `snapshot`. */
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

  /** Reseeds `rng` when `seed` is given. */
  protected seedRng(seed: number | undefined): void {
    if (seed !== undefined) this._rng = new Rng(seed);
  }
}

/** Whether `x` is a ParallelEnv (multi-agent) rather than an Env. */
export function isParallelEnv(x: unknown): x is ParallelEnv {
  return x instanceof ParallelEnv;
}
