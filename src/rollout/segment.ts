/**
 * Experience segments for on-policy training with collection on RolloutPool workers (local threads or
 * `tsgym worker` processes on Redis): what a segment job asks, what it returns, and the seed streams
 * that make a segment a function of (weights, run seed, env instance, update) alone.
 * @packageDocumentation
 */
import type { SerializedMlp } from '../policy/MlpPolicy.js';

/**
 * Where one env instance of a training run stands between segments: episode `episode` of the instance
 * started with a reset seeded `episodeSeed(seed, instance, episode)` and has taken `prefix` since (flat
 * actions, `actDim` per step per agent); `pendingReset` when its last step ended that episode (the next
 * step is the reset row of next-step autoreset).
 */
export interface InstanceState {
  readonly instance: number;
  readonly episode: number;
  readonly prefix: readonly number[];
  readonly pendingReset: boolean;
}

/** One segment job: `numSteps` steps of each listed env instance under the network, for update `update`. */
export interface SegmentWork {
  readonly envId: string;
  readonly kwargs: Record<string, unknown>;
  /** The run seed: episode seeds and action streams derive from it. */
  readonly seed: number;
  readonly update: number;
  readonly numSteps: number;
  readonly instances: readonly InstanceState[];
  /** Epsilon-greedy actions on a Q network (DQN's actors) with this epsilon; without it, actions are sampled from a policy network. */
  readonly epsilon?: number;
  /** Epsilon-greedy with one epsilon per listed instance (Ape-X's per-actor exploration); takes precedence over `epsilon`. */
  readonly epsilons?: readonly number[];
  /** Epsilon-greedy actors: also return each row's initial priority, `|n-step TD error|` under the network (see `actorPriorities`). */
  readonly priorities?: { readonly gamma: number; readonly nStep: number };
}

/** A segment job with its network, as a worker thread runs it. */
export interface SegmentTask extends SegmentWork {
  readonly network: SerializedMlp;
  /** Identifies (env, kwargs) so a thread reuses the env it built. */
  readonly key: string;
  readonly modules: readonly string[];
}

/**
 * What a segment job returns for each instance: rows `[t][column]` (a ParallelEnv instance has one column
 * per agent, in `possibleAgents` order; a single env one), flat float32 observations before each step,
 * flat actions, rewards, terminated/truncated and valid flags (0 on the reset row of next-step autoreset,
 * whose observation the caller fills with the final observation it holds), and the observation after the
 * last step.
 */
export interface InstanceSegment {
  readonly instance: number;
  readonly columns: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float64Array;
  readonly terms: Uint8Array;
  readonly truncs: Uint8Array;
  readonly valid: Uint8Array;
  readonly lastObs: Float32Array;
  /** With the work's `priorities`: each row's initial priority (0 on reset rows). */
  readonly priorities?: Float64Array;
}

/** 32-bit mix of integers (murmur3's finalizer over each), a non-negative seed. */
export function streamSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    let k = Math.imul((p | 0) ^ Math.floor(p / 2 ** 32), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The reset seed of episode `episode` of env instance `instance` of a run seeded `seed`.
 *
 * @example
 * ```ts
 * episodeSeed(1, 0, 0); // the first episode of instance 0
 * ```
 */
export function episodeSeed(seed: number, instance: number, episode: number): number {
  return streamSeed(seed, 1, instance, episode);
}

/**
 * The seed of the action stream of env instance `instance` in update `update`.
 *
 * @example
 * ```ts
 * new Rng(actionSeed(1, 0, 3));
 * ```
 */
export function actionSeed(seed: number, instance: number, update: number): number {
  return streamSeed(seed, 2, instance, update);
}

type Typed = Float32Array | Float64Array | Uint8Array;

function b64(a: Typed): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function fromB64<T extends Typed>(s: unknown, make: (b: ArrayBuffer) => T, what: string): T {
  if (typeof s !== 'string') throw new TypeError(`segment field ${what} is not base64 text`);
  const buf = Buffer.from(s, 'base64');
  const copy = new ArrayBuffer(buf.byteLength);
  new Uint8Array(copy).set(buf);
  return make(copy);
}

/** Segments as JSON text (typed arrays as base64 of their bytes: every float kept bit for bit). */
export function encodeSegments(segs: readonly InstanceSegment[]): string {
  return JSON.stringify(
    segs.map((s) => ({
      instance: s.instance, columns: s.columns, obsDim: s.obsDim, actDim: s.actDim,
      obs: b64(s.obs), actions: b64(s.actions), rewards: b64(s.rewards), terms: b64(s.terms), truncs: b64(s.truncs), valid: b64(s.valid),
      lastObs: b64(s.lastObs),
      ...(s.priorities !== undefined ? { priorities: b64(s.priorities) } : {}),
    })),
  );
}

/** The inverse of `encodeSegments`; throws TypeError on text that is not segments. */
export function decodeSegments(text: string): InstanceSegment[] {
  const raw = JSON.parse(text) as unknown;
  if (!Array.isArray(raw)) throw new TypeError('segments are not a list');
  return raw.map((r: Record<string, unknown>) => {
    const int = (k: string): number => {
      const v = r[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new TypeError(`segment field ${k} is not a count`);
      return v;
    };
    return {
      instance: int('instance'), columns: int('columns'), obsDim: int('obsDim'), actDim: int('actDim'),
      obs: fromB64(r.obs, (b) => new Float32Array(b), 'obs'),
      actions: fromB64(r.actions, (b) => new Float32Array(b), 'actions'),
      rewards: fromB64(r.rewards, (b) => new Float64Array(b), 'rewards'),
      terms: fromB64(r.terms, (b) => new Uint8Array(b), 'terms'),
      truncs: fromB64(r.truncs, (b) => new Uint8Array(b), 'truncs'),
      valid: fromB64(r.valid, (b) => new Uint8Array(b), 'valid'),
      lastObs: fromB64(r.lastObs, (b) => new Float32Array(b), 'lastObs'),
      ...(r.priorities !== undefined ? { priorities: fromB64(r.priorities, (b) => new Float64Array(b), 'priorities') } : {}),
    };
  });
}
