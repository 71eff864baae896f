import type { SpaceJSON } from '../spaces/Space.js';
import type { AutoresetMode } from './VectorEnv.js';

/**
 * The shared-memory protocol between AsyncVectorEnv and its workers, over one control `Int32Array` of
 * 64-byte lines. Line 0 holds `SEQ` (command number) and `CMD` (what to do), written by the main thread
 * and read by spinning workers; line 1 holds `PENDING` (workers still busy), written by the workers and
 * read by the spinning main thread, so the two directions never share a cache line. Line `k + 2`
 * belongs to worker k: `DONE` (the last command number it finished), `STATUS` (`OK`, `ERROR`: a reply
 * with `error` was posted, `DEAD`: the thread is exiting) and `MSG` (1 when it posted a `WorkerReply`
 * for this command).
 * A command is: main writes `CMD` and `PENDING = workers`, bumps `SEQ` and wakes sleeping workers with
 * one notify; each worker writes its results, then decrements `PENDING`, and the last one wakes the main
 * thread. So a step is one command word and one completion counter, whatever the number of envs. Both
 * sides first spin a bounded time (`spinUs`) on the word they wait for and only then sleep on
 * `Atomics.wait`, so a hand-over between running threads costs no futex wake-up. Payloads and replies
 * go through a MessagePort that both sides read synchronously with `receiveMessageOnPort`.
 *
 * @example
 * ```ts
 * Atomics.store(ctrl, CTRL.CMD, CMD.STEP);
 * Atomics.store(ctrl, CTRL.PENDING, workers);
 * Atomics.add(ctrl, CTRL.SEQ, 1);
 * Atomics.notify(ctrl, CTRL.SEQ);
 * ```
 */
export const CTRL = { SEQ: 0, CMD: 1, PENDING: 16, DONE: 0, STATUS: 1, MSG: 2, SLEEP: 15 } as const;

/** Int32 slots per line of the control array (64 bytes). */
export const CTRL_STRIDE = 16;

/** Lines before the first worker's line. */
export const CTRL_HEADER_LINES = 2;

/** Offset of worker k's line in the control array. */
export function workerLine(k: number): number {
  return (k + CTRL_HEADER_LINES) * CTRL_STRIDE;
}

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
  /** Module URLs imported before the envs are made: the env's registering module, then setup modules (they may export `setup(tsgym)`). */
  readonly modules: readonly string[];
  readonly ctrl: SharedArrayBuffer;
  /** Microseconds to busy-wait for the next command before sleeping on Atomics.wait. */
  readonly spinUs: number;
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
