import type { Env } from '../core/Env.js';
import type { Info } from '../core/types.js';
import type { TypedArray } from '../spaces/dtypes.js';
import type { SpaceBatching } from './spaceBatching.js';
import type { AutoresetMode } from './VectorEnv.js';

/** The output rows an EnvBatch writes: views into the vector env's (possibly shared) buffers. */
export interface BatchBuffers {
  readonly obs: Float32Array;
  readonly rewards: Float64Array;
  readonly terminations: Uint8Array;
  readonly truncations: Uint8Array;
}

const EMPTY: Info = Object.freeze({});

/**
 * Steps a contiguous group of envs with Gymnasium 1.x autoreset semantics, writing observations,
 * rewards and flags into preallocated rows. SyncVectorEnv runs one over all its envs; each
 * AsyncVectorEnv worker runs one over its share, on views of the shared buffers, so both step
 * identically. `current` is the index (within the batch) of the env being reset or stepped, for
 * error reports.
 *
 * @example
 * ```ts
 * const batch = new EnvBatch(envs, batching, 'next-step', buffers);
 * batch.reset(42);            // env j seeded with 42 + j
 * const infos = batch.step(actions);
 * ```
 */
export class EnvBatch {
  /** Index of the env currently being reset or stepped (for error reports). */
  current = -1;
  /** Infos of the last reset/step, one per env (the empty ones share one frozen `{}`). */
  readonly infos: Info[];
  private readonly autoreset: Uint8Array;
  private readonly scratch: (TypedArray | null)[];

  constructor(
    readonly envs: readonly Env<unknown, unknown>[],
    private readonly batching: SpaceBatching,
    readonly mode: AutoresetMode,
    private readonly out: BatchBuffers,
  ) {
    this.infos = envs.map(() => EMPTY);
    this.autoreset = new Uint8Array(envs.length);
    this.scratch = envs.map(() => batching.allocActionScratch());
  }

  /** The pending next-step autoresets, for snapshots. */
  autoresetFlags(): number[] {
    return Array.from(this.autoreset);
  }

  /** Restores `autoresetFlags`. */
  setAutoresetFlags(flags: readonly number[]): void {
    this.autoreset.set(flags);
  }

  /** Resets every env (env j with `seed + j` when a seed is given). */
  reset(seed: number | undefined, options: Record<string, unknown> | undefined): Info[] {
    const { obs, rewards, terminations, truncations } = this.out;
    const size = this.batching.obsSize;
    for (let j = 0; j < this.envs.length; j++) {
      this.current = j;
      const opts =
        seed === undefined ? (options === undefined ? undefined : { options }) : options === undefined ? { seed: seed + j } : { seed: seed + j, options };
      const [o, info] = (this.envs[j]).reset(opts);
      this.batching.writeObs(o, obs, j * size);
      this.infos[j] = info;
    }
    this.current = -1;
    rewards.fill(0);
    terminations.fill(0);
    truncations.fill(0);
    this.autoreset.fill(0);
    return this.infos;
  }

  /** Steps every env with its row of `actions` (the batch's own rows, `[envs.length, ...actionShape]`). */
  step(actions: ArrayLike<number>): Info[] {
    const { obs, rewards, terminations, truncations } = this.out;
    const size = this.batching.obsSize;
    const nextStep = this.mode === 'next-step';
    for (let j = 0; j < this.envs.length; j++) {
      this.current = j;
      const env = this.envs[j];
      if (nextStep && this.autoreset[j] === 1) {
        // the previous step ended this env's episode: reset it and ignore its action
        const [o, info] = env.reset();
        this.batching.writeObs(o, obs, j * size);
        rewards[j] = 0;
        terminations[j] = 0;
        truncations[j] = 0;
        this.infos[j] = info;
        this.autoreset[j] = 0;
        continue;
      }
      const r = env.step(this.batching.readAction(actions, j, this.scratch[j] ?? null));
      const term = r[2];
      const trunc = r[3];
      rewards[j] = r[1];
      terminations[j] = term ? 1 : 0;
      truncations[j] = trunc ? 1 : 0;
      if (!(term || trunc)) {
        this.batching.writeObs(r[0], obs, j * size);
        this.infos[j] = r[4];
      } else if (nextStep) {
        this.batching.writeObs(r[0], obs, j * size);
        this.infos[j] = r[4];
        this.autoreset[j] = 1;
      } else {
        // same-step: reset now, report the final observation and info
        const [o, info] = env.reset();
        this.batching.writeObs(o, obs, j * size);
        this.infos[j] = { ...info, finalObs: r[0], finalInfo: r[4] };
      }
    }
    this.current = -1;
    return this.infos;
  }

  /** Closes every env. */
  close(): void {
    for (const env of this.envs) env.close();
  }
}
