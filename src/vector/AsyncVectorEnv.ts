import type { TypedArray } from '../spaces/dtypes.js';
import { formatValue } from '../core/assertAction.js';
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Env } from '../core/Env.js';
import { ClosedEnvironment, InvalidAction, InvalidConfig, ResetNeeded, WorkerError, type TsgymError } from '../core/errors.js';
import { make, registry } from '../registry/registry.js';
import type { Info } from '../core/types.js';
import type { Box } from '../spaces/Box.js';
import type { Space } from '../spaces/Space.js';
import { spaceFromJSON } from '../spaces/spaceFromJSON.js';
import {
  CMD,
  CTRL,
  CTRL_HEADER_LINES,
  CTRL_STRIDE,
  STATUS,
  workerLine,
  type AttachPayload,
  type ResetPayload,
  type WorkerInit,
  type WorkerReply,
} from './asyncProtocol.js';
import { AdaptiveSpin } from './AdaptiveSpin.js';
import { EnvBatch } from './EnvBatch.js';
import { mainShareError, workerReplyError } from './vectorErrors.js';
import { batchActionSpace, batchObservationSpace, SpaceBatching } from './spaceBatching.js';
import { VectorEnv, type AutoresetMode, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from './VectorEnv.js';
import { workerFile, workerModules } from './workerFiles.js';

/** Options of `AsyncVectorEnv`. */
export interface AsyncVectorEnvOptions {
  /** Registered env id (made in each worker with `make(envId, kwargs)`). */
  envId: string;
  numEnvs: number;
  /**
   * Worker threads (default: min(numEnvs, available cores), minus one with `mainThreadShare`). The envs
   * are split into contiguous shares, one per lane: lane 0 is the calling thread when `mainThreadShare`
   * is on, then one lane per worker; lane l of L steps envs floor(l * numEnvs / L) .. floor((l + 1) * numEnvs / L) - 1.
   */
  workers?: number;
  kwargs?: Record<string, unknown>;
  autoresetMode?: AutoresetMode;
  /** Modules (paths or URLs) every worker imports after the env's own module, for ids registered only in workers; see `loadWorkerModules`. */
  setupModules?: readonly string[];
  /**
   * The calling thread steps the first share of the envs itself while the workers step theirs (default
   * false). With `workers: 1` that is two lanes on two threads, so no thread waits for a core on a
   * 2-core machine. Needs `envId` registered in the calling thread too.
   */
  mainThreadShare?: boolean;
  /**
   * Most microseconds the main thread busy-waits for the workers before it sleeps on Atomics.wait (an
   * adaptive budget, see `AdaptiveSpin`). Default 100 when every thread has a core (workers + 1 <=
   * available cores, e.g. `mainThreadShare` with 1 worker on 2 cores), else 0: a spinning main thread
   * would keep a worker off a core.
   */
  spinUs?: number;
  /** Most microseconds a worker busy-waits for the next command before it sleeps on Atomics.wait (adaptive; default 100). */
  workerSpinUs?: number;
  /** Fail a command (WorkerError) when a worker has not answered within this many ms (default: 120 s for start-up, none after). */
  timeoutMs?: number;
}

const EMPTY: Info = Object.freeze({});

/** Default most microseconds of a spin before sleeping (measured, see docs/vector.md). */
const DEFAULT_SPIN_US = 100;

/** Env and worker counts of valid options; InvalidConfig naming the bad option otherwise. */
function checkedSizes(opts: AsyncVectorEnvOptions): { n: number; share: boolean; w: number } {
    const n = opts.numEnvs;
    if (!Number.isInteger(n) || n <= 0) throw new InvalidConfig(`AsyncVectorEnv numEnvs must be a positive integer, got ${String(n)}`);
    const share = opts.mainThreadShare ?? false;
    const lanesMax = share ? n - 1 : n;
    const w = opts.workers ?? Math.max(1, Math.min(n, availableParallelism()) - (share ? 1 : 0));
    if (!Number.isInteger(w) || w <= 0 || w > lanesMax) {
      const most = share ? `numEnvs - 1 = ${lanesMax} (mainThreadShare takes a share)` : `numEnvs = ${n}`;
      throw new InvalidConfig(`AsyncVectorEnv workers must be an integer in [1, ${most}], got ${String(w)}`);
    }
    for (const [name, v] of [['spinUs', opts.spinUs], ['workerSpinUs', opts.workerSpinUs]] as const) {
      if (v !== undefined && !(Number.isFinite(v) && v >= 0))
        throw new InvalidConfig(`AsyncVectorEnv ${name} must be a number of microseconds >= 0, got ${String(v)}`);
    }
    if (share && !registry.has(opts.envId)) {
      throw new InvalidConfig(
        `AsyncVectorEnv mainThreadShare needs '${opts.envId}' registered in the calling thread too (import the module that registers it, or leave ` +
          `mainThreadShare off)`,
      );
    }
  return { n, share, w };
}

/**
 * Steps `numEnvs` envs in worker threads, several envs per worker, after Gymnasium's `AsyncVectorEnv`;
 * with `mainThreadShare` the calling thread steps the first share itself while the workers step theirs.
 * Observations, rewards, flags and actions live in SharedArrayBuffers; the main thread and the workers
 * hand over with Atomics (one command word and one completion counter per step, no message per env;
 * each side spins a bounded time before it sleeps), infos cross as one message per worker and only
 * when non-empty. `reset`/`step` block until every share is done, so the API is the same as
 * SyncVectorEnv's and trajectories are identical for the same seeds.
 *
 * Workers load the compiled `dist/` (run `npm run build` first) and import the module that registered the
 * env id (`EnvSpec.module`), so built-in and third-party envs exist there; `setupModules` add ids
 * registered only in the workers. An env that throws
 * surfaces as a WorkerError naming the env index, its seed and the original stack (call `reset` again
 * to go on); a tsgym typed error (InvalidConfig from bad kwargs, InvalidAction...) keeps its type, its
 * message prefixed with the env index and seed. A worker that dies mid-command (e.g. `process.exit` in an env) fails the command with a
 * WorkerError; the env's episode cannot be recovered, so close and recreate the vector env.
 * `close()` terminates every worker and leaves no handle open. Returned arrays are reused between calls.
 *
 * @example
 * ```ts
 * const envs = new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 64, workers: 1, mainThreadShare: true });
 * let [obs] = envs.reset({ seed: 0 });  // envs 0..31 in this thread, 32..63 in the worker
 * const [next, rewards, terms, truncs] = envs.step(new Int32Array(64));
 * await envs.close();
 * ```
 */
export class AsyncVectorEnv extends VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space;
  readonly singleActionSpace: Space;
  readonly observationSpace: Box;
  readonly actionSpace: Space;
  readonly autoresetMode: AutoresetMode;
  /** Number of worker threads (not counting the calling thread). */
  readonly numWorkers: number;
  /** Envs stepped in the calling thread (envs 0 .. mainThreadEnvs - 1; 0 unless `mainThreadShare`). */
  readonly mainThreadEnvs: number;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly ctrl: Int32Array;
  private readonly spin: AdaptiveSpin;
  private readonly timeoutMs: number | undefined;
  private readonly obs: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly actions: Float64Array;
  private readonly actionSize: number;
  private readonly batching: SpaceBatching;
  private readonly actionScratch: TypedArray | null;
  private readonly infos: Info[];
  private readonly mainEnvs: Env<unknown, unknown>[];
  private readonly mainBatch: EnvBatch | undefined;
  private readonly mainActions: Float64Array;
  private readonly replies: (WorkerReply | undefined)[];
  private seq = 0;
  private hasReset = false;
  private closed = false;
  private broken: string | undefined;

  constructor(opts: AsyncVectorEnvOptions) {
    super();
    const { n, share, w } = checkedSizes(opts);
    const lanes = w + (share ? 1 : 0);
    const laneStart = (l: number): number => Math.floor((l * n) / lanes);
    this.numEnvs = n;
    this.numWorkers = w;
    this.mainThreadEnvs = share ? laneStart(1) : 0;
    this.autoresetMode = opts.autoresetMode ?? 'next-step';
    this.spin = new AdaptiveSpin(opts.spinUs ?? (w + 1 <= availableParallelism() ? DEFAULT_SPIN_US : 0));
    this.timeoutMs = opts.timeoutMs;
    // the main-thread share is made first: a bad id or kwargs fails before any thread starts
    this.mainEnvs = Array.from({ length: this.mainThreadEnvs }, () => make(opts.envId, opts.kwargs ?? {}) as Env<unknown, unknown>);
    this.replies = new Array<WorkerReply | undefined>(w).fill(undefined);
    this.ctrl = new Int32Array(new SharedArrayBuffer((w + CTRL_HEADER_LINES) * CTRL_STRIDE * 4));
    Atomics.store(this.ctrl, CTRL.PENDING, w);
    const file = workerFile(import.meta.url, 'asyncWorker.js');
    const modules = workerModules(opts.envId, opts.setupModules);
    const first = share ? 1 : 0;
    for (let k = 0; k < w; k++) {
      const start = laneStart(k + first);
      const count = laneStart(k + first + 1) - start;
      Atomics.store(this.ctrl, workerLine(k) + CTRL.DONE, -1);
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit = {
        workerIndex: k, envId: opts.envId, kwargs: opts.kwargs ?? {}, start, count, autoresetMode: this.autoresetMode, modules,
        ctrl: this.ctrl.buffer as SharedArrayBuffer, spinUs: opts.workerSpinUs ?? DEFAULT_SPIN_US,
      };
      const worker = new Worker(file, { workerData: { init, port: port2 }, transferList: [port2], stdout: false, stderr: false });
      worker.unref();
      // an uncaught error in a worker arrives here later (the main thread may be blocked meanwhile)
      worker.on('error', (e: Error) => {
        this.broken ??= `worker ${k} failed: ${e.message}`;
      });
      this.workers.push(worker);
      this.ports.push(port1);
    }
    let spaces: WorkerReply['spaces'];
    try {
      spaces = this.await(0, opts.timeoutMs ?? 120_000, 'start')[0]?.spaces;
    } catch (e) {
      void this.terminateAll(); // the workers end in the background: the error is what the caller needs
      throw e;
    }
    if (spaces === undefined) {
      void this.terminateAll();
      throw new WorkerError('AsyncVectorEnv worker 0 did not report its spaces');
    }
    this.singleObservationSpace = spaceFromJSON(spaces.observation);
    this.singleActionSpace = spaceFromJSON(spaces.action);
    const m0 = this.mainEnvs[0];
    if (m0 !== undefined && !(m0.observationSpace.equals(this.singleObservationSpace) && m0.actionSpace.equals(this.singleActionSpace))) {
      void this.terminateAll();
      throw new InvalidConfig(
        `AsyncVectorEnv: '${opts.envId}' has other spaces in the calling thread (${m0.observationSpace.toString()} / ${m0.actionSpace.toString()}) than in ` +
          `the workers (${this.singleObservationSpace.toString()} / ${this.singleActionSpace.toString()})`,
      );
    }
    this.observationSpace = batchObservationSpace(this.singleObservationSpace, n);
    this.actionSpace = batchActionSpace(this.singleActionSpace, n);
    const batching = new SpaceBatching(this.singleObservationSpace, this.singleActionSpace);
    this.batching = batching;
    this.actionScratch = batching.allocActionScratch();
    this.actionSize = batching.actionSize;
    const buffers: AttachPayload = {
      obs: new SharedArrayBuffer(n * batching.obsSize * 4),
      rewards: new SharedArrayBuffer(n * 8),
      terminations: new SharedArrayBuffer(n),
      truncations: new SharedArrayBuffer(n),
      actions: new SharedArrayBuffer(n * batching.actionSize * 8),
    };
    this.obs = new Float32Array(buffers.obs);
    this.rewards = new Float64Array(buffers.rewards);
    this.terminations = new Uint8Array(buffers.terminations);
    this.truncations = new Uint8Array(buffers.truncations);
    this.actions = new Float64Array(buffers.actions);
    const m = this.mainThreadEnvs;
    this.mainActions = this.actions.subarray(0, m * batching.actionSize);
    this.mainBatch =
      m === 0
        ? undefined
        : new EnvBatch(this.mainEnvs, batching, this.autoresetMode, {
            obs: this.obs.subarray(0, m * batching.obsSize),
            rewards: this.rewards.subarray(0, m),
            terminations: this.terminations.subarray(0, m),
            truncations: this.truncations.subarray(0, m),
          });
    this.infos = new Array<Info>(n).fill(EMPTY);
    try {
      this.command(CMD.ATTACH, buffers, opts.timeoutMs ?? 120_000, 'attach');
    } catch (e) {
      void this.terminateAll();
      throw e;
    }
  }

  reset(opts: VectorResetOptions = {}): VectorResetResult {
    this.checkOpen('reset');
    const payload: ResetPayload = { seed: opts.seed, options: opts.options };
    this.hasReset = false;
    this.command(CMD.RESET, payload, this.timeoutMs, 'reset');
    this.hasReset = true;
    return [this.obs, this.infos];
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    this.checkOpen('step');
    if (!this.hasReset) throw new ResetNeeded('Cannot call AsyncVectorEnv.step() before calling reset() (or after an env error)');
    if (actions.length !== this.actions.length) {
      throw new InvalidAction(`AsyncVectorEnv.step() needs ${this.actions.length} actions (${this.numEnvs} envs x ${this.actionSize}), got ${actions.length}`);
    }
    // refuse a bad action here, as SyncVectorEnv does, with the typed error and the env index: the
    // workers would only report it wrapped in a WorkerError (and the batch would be half stepped)
    const nextStep = this.autoresetMode === 'next-step';
    for (let i = 0; i < this.numEnvs; i++) {
      // an env that ended on the last step only resets now (next-step autoreset): its action is ignored
      if (nextStep && (this.terminations[i] || this.truncations[i])) continue;
      const act = this.batching.readAction(actions, i, this.actionScratch);
      if (!this.singleActionSpace.contains(act)) {
        throw new InvalidAction(
          `Invalid action ${formatValue(act)} for env ${i} of AsyncVectorEnv.step(): expected an element of ${this.singleActionSpace.toString()}`,
        );
      }
    }
    const a = this.actions;
    for (let i = 0; i < a.length; i++) a[i] = actions[i];
    try {
      this.command(CMD.STEP, undefined, this.timeoutMs, 'step');
    } catch (e) {
      this.hasReset = false;
      throw e;
    }
    return [this.obs, this.rewards, this.terminations, this.truncations, this.infos];
  }

  /** Asks every worker to close its envs, then terminates the threads; closes the main-thread share. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.broken === undefined) {
      try {
        this.command(CMD.CLOSE, undefined, 5000, 'close');
      } catch {
        // a dead or stuck worker is terminated below
      }
    } else {
      this.runMainShare(CMD.CLOSE, undefined, 'close');
    }
    await this.terminateAll();
  }

  private terminateAll(): Promise<void> {
    for (const p of this.ports) p.close();
    return Promise.all(this.workers.map((w) => w.terminate())).then(() => undefined);
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new ClosedEnvironment(`Cannot call ${what}() on a closed AsyncVectorEnv`);
    if (this.broken !== undefined) throw new WorkerError(`AsyncVectorEnv is unusable: ${this.broken}; close it and make a new one`);
  }

  /**
   * Sends `cmd` (with `payload` as a message) to every worker, runs it on the main-thread share
   * meanwhile, and waits for all workers; throws the error of the lowest env index that failed.
   */
  private command(cmd: number, payload: unknown, timeoutMs: number | undefined, what: string): void {
    const ctrl = this.ctrl;
    if (payload !== undefined) for (const p of this.ports) p.postMessage(payload);
    Atomics.store(ctrl, CTRL.CMD, cmd);
    Atomics.store(ctrl, CTRL.PENDING, this.numWorkers);
    const seq = ++this.seq;
    Atomics.store(ctrl, CTRL.SEQ, seq);
    Atomics.notify(ctrl, CTRL.SEQ);
    const mainError = this.runMainShare(cmd, payload, what);
    const replies = this.await(seq, timeoutMs, what, mainError);
    if (cmd === CMD.RESET || cmd === CMD.STEP) {
      const infos = this.infos;
      infos.fill(EMPTY);
      const own = this.mainBatch?.infos;
      if (own !== undefined) for (let j = 0; j < own.length; j++) infos[j] = own[j];
      for (const r of replies) if (r?.infos) for (const [i, info] of r.infos) infos[i] = info;
    }
  }

  /** Runs `cmd` on the envs of the calling thread; returns the error (naming the env) instead of throwing, so the workers are still awaited. */
  private runMainShare(cmd: number, payload: unknown, what: string): TsgymError | undefined {
    const batch = this.mainBatch;
    if (batch === undefined) return undefined;
    try {
      if (cmd === CMD.STEP) batch.step(this.mainActions);
      else if (cmd === CMD.RESET) {
        const p = payload as ResetPayload;
        batch.reset(p.seed, p.options);
      } else if (cmd === CMD.CLOSE) batch.close();
    } catch (e) {
      const j = batch.current;
      batch.current = -1;
      return mainShareError(e, j, this.mainEnvs[j], what);
    }
    return undefined;
  }

  /** Waits until every worker finished command `seq`; returns their replies; throws `mainError`, else the first worker error. */
  private await(seq: number, timeoutMs: number | undefined, what: string, mainError?: TsgymError): readonly (WorkerReply | undefined)[] {
    const ctrl = this.ctrl;
    // bounded adaptive spin: on free cores the workers answer within microseconds, a futex wake-up costs more
    this.spin.untilEquals(ctrl, CTRL.PENDING, 0);
    const t0 = timeoutMs === undefined ? 0 : performance.now();
    for (;;) {
      const pending = Atomics.load(ctrl, CTRL.PENDING);
      if (pending === 0) break;
      for (let k = 0; k < this.numWorkers; k++) {
        const base = workerLine(k);
        if (Atomics.load(ctrl, base + CTRL.STATUS) === STATUS.DEAD && Atomics.load(ctrl, base + CTRL.DONE) !== seq) {
          this.broken = `worker ${k} died during ${what}`;
          throw new WorkerError(`AsyncVectorEnv worker ${k} (envs ${this.envRange(k)}) died during ${what} (the thread exited, e.g. process.exit() in an env)`);
        }
      }
      Atomics.wait(ctrl, CTRL.PENDING, pending, 200);
      if (timeoutMs !== undefined && performance.now() - t0 > timeoutMs) {
        this.broken = `a worker did not answer ${what} within ${timeoutMs} ms`;
        throw new WorkerError(`AsyncVectorEnv: ${pending} of ${this.numWorkers} workers did not answer ${what} within ${timeoutMs} ms`);
      }
    }
    const replies = this.replies;
    let firstError = mainError;
    for (let k = 0; k < this.numWorkers; k++) {
      const base = workerLine(k);
      const reply = Atomics.load(ctrl, base + CTRL.MSG) === 1 ? this.receive(k) : undefined;
      replies[k] = reply;
      if (firstError === undefined && (reply?.error !== undefined || Atomics.load(ctrl, base + CTRL.STATUS) === STATUS.ERROR)) {
        firstError =
          reply?.error === undefined
            ? new WorkerError(`AsyncVectorEnv worker ${k} failed during ${what} without an error report`)
            : workerReplyError(reply.error, k, what);
      }
    }
    if (firstError !== undefined) throw firstError;
    return replies;
  }

  private receive(k: number): WorkerReply | undefined {
    const port = this.ports[k];
    for (let tries = 0; tries < 1000; tries++) {
      const m = receiveMessageOnPort(port);
      if (m !== undefined) return m.message as WorkerReply;
      Atomics.wait(this.ctrl, CTRL.SLEEP, 0, 1); // sleep 1 ms
    }
    return undefined;
  }

  private envRange(k: number): string {
    const lanes = this.numWorkers + (this.mainThreadEnvs > 0 ? 1 : 0);
    const l = k + (this.mainThreadEnvs > 0 ? 1 : 0);
    return `${Math.floor((l * this.numEnvs) / lanes)}..${Math.floor(((l + 1) * this.numEnvs) / lanes) - 1}`;
  }
}
