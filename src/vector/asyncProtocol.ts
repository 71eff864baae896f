import type { SpaceJSON } from '../spaces/Space.js';
import type { AutoresetMode } from './VectorEnv.js';

/**
 * The shared-memory protocol between AsyncVectorEnv and its workers. Each worker owns one 64-byte line
 * of the control `Int32Array` (so workers never share a cache line):
 * - `SEQ`: command number, bumped by the main thread after it wrote `CMD` (and any payload message);
 * - `CMD`: what to do (`ATTACH`, `RESET`, `STEP`, `CLOSE`);
 * - `DONE`: the last command number the worker finished, written after its results;
 * - `STATUS`: `OK`, `ERROR` (a `WorkerReply` with `error` was posted) or `DEAD` (the worker is exiting);
 * - `MSG`: 1 when the worker posted a `WorkerReply` for this command (infos, spaces or an error).
 * The main thread waits on `DONE`, the worker on `SEQ` (Atomics.wait after a short spin). Messages go
 * through a MessagePort that both sides read synchronously with `receiveMessageOnPort`.
 *
 * @example
 * ```ts
 * Atomics.store(ctrl, w * CTRL_STRIDE + CTRL.CMD, CMD.STEP);
 * Atomics.add(ctrl, w * CTRL_STRIDE + CTRL.SEQ, 1);
 * Atomics.notify(ctrl, w * CTRL_STRIDE + CTRL.SEQ);
 * ```
 */
export const CTRL = { SEQ: 0, CMD: 1, DONE: 2, STATUS: 3, MSG: 4 } as const;

/** Int32 slots per worker in the control array (one cache line). */
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
