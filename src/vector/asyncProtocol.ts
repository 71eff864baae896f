import type { SpaceJSON } from '../spaces/Space.js';
import type { AutoresetMode } from './VectorEnv.js';

/**
 * The shared-memory protocol between AsyncVectorEnv and its workers, over one control `Int32Array`.
 * Line 0 (64 bytes) is shared: `SEQ` (command number), `CMD` (what to do) and `PENDING` (workers still
 * busy). Line `k + 1` belongs to worker k (so workers never share a cache line): `DONE` (the last
 * command number it finished), `STATUS` (`OK`, `ERROR`: a reply with `error` was posted, `DEAD`: the
 * thread is exiting) and `MSG` (1 when it posted a `WorkerReply` for this command).
 * A command is: main writes `CMD` and `PENDING = workers`, bumps `SEQ` and wakes all workers with one
 * notify; each worker writes its results, then decrements `PENDING`, and the last one wakes the main
 * thread. So a step costs one wake-up per thread, whatever the number of envs. Payloads and replies go
 * through a MessagePort that both sides read synchronously with `receiveMessageOnPort`.
 *
 * @example
 * ```ts
 * Atomics.store(ctrl, CTRL.CMD, CMD.STEP);
 * Atomics.store(ctrl, CTRL.PENDING, workers);
 * Atomics.add(ctrl, CTRL.SEQ, 1);
 * Atomics.notify(ctrl, CTRL.SEQ);
 * ```
 */
export const CTRL = { SEQ: 0, CMD: 1, PENDING: 2, DONE: 0, STATUS: 1, MSG: 2, SLEEP: 15 } as const;

/** Int32 slots per line of the control array (64 bytes); worker k's line starts at `(k + 1) * CTRL_STRIDE`. */
export const CTRL_STRIDE = 16;

/** Commands (values of the `CMD` slot). */
export const CMD = { INIT: 0, ATTACH: 1, RESET: 2, STEP: 3, CLOSE: 4 } as const;

/** Values of the `STATUS` slot. */
export const STATUS = { OK: 0, ERROR: 1, DEAD: 2 } as const;

/** What a worker is started with (`workerData`). */
export interface WorkerInit {
  readonly workerIndex: number;
  readonly envId: string;
  readonly kwargs: Record<string, unknown>;
  /** Global index of this worker's first env. */
  readonly start: number;
  readonly count: number;
  readonly autoresetMode: AutoresetMode;
  /** Module URLs imported before the envs are made (they may export `setup(tsgym)`). */
  readonly setupModules: readonly string[];
  readonly ctrl: SharedArrayBuffer;
  /** Busy-wait iterations before sleeping on Atomics.wait. */
  readonly spin: number;
}

/** Payload of `ATTACH`: the shared result buffers, for all envs. */
export interface AttachPayload {
  readonly obs: SharedArrayBuffer;
  readonly rewards: SharedArrayBuffer;
  readonly terminations: SharedArrayBuffer;
  readonly truncations: SharedArrayBuffer;
  readonly actions: SharedArrayBuffer;
}

/** Payload of `RESET`. */
export interface ResetPayload {
  readonly seed?: number;
  readonly options?: Record<string, unknown>;
}

/** An error raised in a worker, as it crosses to the main thread. */
export interface WorkerErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  /** Global env index, or -1 when the failure is not tied to one env (e.g. a module failed to load). */
  readonly envIndex: number;
  /** Seed of that env's rng (its last explicit seed, or the entropy seed it drew). */
  readonly seed: number | undefined;
}

/** What a worker posts back for a command: infos (sparse, only non-empty ones), spaces, or an error. */
export interface WorkerReply {
  readonly infos?: readonly (readonly [number, Record<string, unknown>])[];
  readonly spaces?: { readonly observation: SpaceJSON; readonly action: SpaceJSON };
  readonly error?: WorkerErrorInfo;
}
