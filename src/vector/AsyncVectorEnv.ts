import type { TypedArray } from '../spaces/dtypes.js';
import { formatValue } from '../core/assertAction.js';
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { ClosedEnvironment, InvalidAction, InvalidConfig, ResetNeeded, WorkerError, type TsgymError } from '../core/errors.js';
import { fromWorker } from './workerErrors.js';
import type { Info } from '../core/types.js';
import type { Box } from '../spaces/Box.js';
import type { Space } from '../spaces/Space.js';
import { spaceFromJSON } from '../spaces/spaceFromJSON.js';
import { CMD, CTRL, CTRL_STRIDE, STATUS, type AttachPayload, type ResetPayload, type WorkerInit, type WorkerReply } from './asyncProtocol.js';
import { batchActionSpace, batchObservationSpace, SpaceBatching } from './spaceBatching.js';
import { VectorEnv, type AutoresetMode, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from './VectorEnv.js';
import { toModuleUrl, workerFile } from './workerFiles.js';

/** Options of `AsyncVectorEnv`. */
export interface AsyncVectorEnvOptions {
  /** Registered env id (made in each worker with `make(envId, kwargs)`). */
  envId: string;
  numEnvs: number;
  /** Worker threads (default: min(numEnvs, available cores)); env i goes to worker floor(i * workers / numEnvs). */
  workers?: number;
  kwargs?: Record<string, unknown>;
  autoresetMode?: AutoresetMode;
  /** Modules (paths or URLs) every worker imports first, to register custom envs; see `loadWorkerModules`. */
  setupModules?: readonly string[];
  /** Busy-wait iterations of the main thread before it sleeps on Atomics.wait for the workers (default 0). */
  spin?: number;
  /** Busy-wait iterations of a worker before it sleeps waiting for the next command (default 0: spinning only pays on an idle machine). */
  workerSpin?: number;
  /** Fail a command (WorkerError) when a worker has not answered within this many ms (default: 120 s for start-up, none after). */
  timeoutMs?: number;
}

const EMPTY: Info = Object.freeze({}) as Info;

/**
 * Steps `numEnvs` envs in worker threads, several envs per worker, after Gymnasium's `AsyncVectorEnv`.
 * Observations, rewards, flags and actions live in SharedArrayBuffers; the main thread and the workers
 * hand over with Atomics (one wake-up per worker per step, no message per env), infos cross as one
 * message per worker and only when non-empty. `reset`/`step` block until every worker is done, so the
 * API is the same as SyncVectorEnv's and trajectories are identical for the same seeds.
 *
 * Workers load the compiled `dist/` (run `npm run build` first) and import `dist/envs/index.js`, so every
 * built-in env exists there; custom envs are registered through `setupModules`. An env that throws
 * surfaces as a WorkerError naming the env index, its seed and the original stack (call `reset` again
 * to go on); a tsgym typed error (InvalidConfig from bad kwargs, InvalidAction...) keeps its type, its
 * message prefixed with the env index and seed. A worker that dies mid-command (e.g. `process.exit` in an env) fails the command with a
 * WorkerError; the env's episode cannot be recovered, so close and recreate the vector env.
 * `close()` terminates every worker and leaves no handle open. Returned arrays are reused between calls.
 *
 * @example
 * ```ts
 * const envs = new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 64, workers: 2 });
 * let [obs] = envs.reset({ seed: 0 });
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
  /** Number of worker threads. */
  readonly numWorkers: number;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly ctrl: Int32Array;
  private readonly spin: number;
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
  private seq = 0;
  private hasReset = false;
  private closed = false;
  private broken: string | undefined;

  constructor(opts: AsyncVectorEnvOptions) {
    super();
    const n = opts.numEnvs;
    if (!Number.isInteger(n) || n <= 0) throw new InvalidConfig(`AsyncVectorEnv numEnvs must be a positive integer, got ${String(n)}`);
    const w = opts.workers ?? Math.min(n, availableParallelism());
    if (!Number.isInteger(w) || w <= 0 || w > n) throw new InvalidConfig(`AsyncVectorEnv workers must be an integer in [1, numEnvs=${n}], got ${String(w)}`);
    this.numEnvs = n;
    this.numWorkers = w;
    this.autoresetMode = opts.autoresetMode ?? 'next-step';
    this.spin = opts.spin ?? 0;
    this.timeoutMs = opts.timeoutMs;
    this.ctrl = new Int32Array(new SharedArrayBuffer((w + 1) * CTRL_STRIDE * 4));
    Atomics.store(this.ctrl, CTRL.PENDING, w);
    const file = workerFile(import.meta.url, 'asyncWorker.js');
    const setupModules = (opts.setupModules ?? []).map(toModuleUrl);
    for (let k = 0; k < w; k++) {
      const start = Math.floor((k * n) / w);
      const count = Math.floor(((k + 1) * n) / w) - start;
      Atomics.store(this.ctrl, (k + 1) * CTRL_STRIDE + CTRL.DONE, -1);
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit = { workerIndex: k, envId: opts.envId, kwargs: opts.kwargs ?? {}, start, count, autoresetMode: this.autoresetMode, setupModules, ctrl: this.ctrl.buffer as SharedArrayBuffer, spin: opts.workerSpin ?? 0 };
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
      const replies = this.await(0, opts.timeoutMs ?? 120_000, 'start');
      spaces = replies[0]?.spaces;
    } catch (e) {
      this.terminateAll();
      throw e;
    }
    if (spaces === undefined) {
      this.terminateAll();
      throw new WorkerError('AsyncVectorEnv worker 0 did not report its spaces');
    }
    this.singleObservationSpace = spaceFromJSON(spaces.observation);
    this.singleActionSpace = spaceFromJSON(spaces.action);
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
    this.infos = new Array<Info>(n).fill(EMPTY);
    try {
      this.command(CMD.ATTACH, buffers, opts.timeoutMs ?? 120_000, 'attach');
    } catch (e) {
      this.terminateAll();
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
        throw new InvalidAction(`Invalid action ${formatValue(act)} for env ${i} of AsyncVectorEnv.step(): expected an element of ${this.singleActionSpace.toString()}`);
      }
    }
    const a = this.actions;
    for (let i = 0; i < a.length; i++) a[i] = actions[i] as number;
    try {
      this.command(CMD.STEP, undefined, this.timeoutMs, 'step');
    } catch (e) {
      this.hasReset = false;
      throw e;
    }
    return [this.obs, this.rewards, this.terminations, this.truncations, this.infos];
  }

  /** Asks every worker to close its envs, then terminates the threads. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.broken === undefined) {
      try {
        this.command(CMD.CLOSE, undefined, 5000, 'close');
      } catch {
        // a dead or stuck worker is terminated below
      }
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

  /** Sends `cmd` (with `payload` as a message) to every worker and waits for all of them. */
  private command(cmd: number, payload: unknown, timeoutMs: number | undefined, what: string): void {
    const ctrl = this.ctrl;
    if (payload !== undefined) for (const p of this.ports) p.postMessage(payload);
    Atomics.store(ctrl, CTRL.CMD, cmd);
    Atomics.store(ctrl, CTRL.PENDING, this.numWorkers);
    const seq = ++this.seq;
    Atomics.store(ctrl, CTRL.SEQ, seq);
    Atomics.notify(ctrl, CTRL.SEQ);
    const replies = this.await(seq, timeoutMs, what);
    if (cmd === CMD.RESET || cmd === CMD.STEP) {
      const infos = this.infos;
      infos.fill(EMPTY);
      for (const r of replies) if (r?.infos) for (const [i, info] of r.infos) infos[i] = info;
    }
  }

  /** Waits until every worker finished command `seq`; returns their replies; throws the first error. */
  private await(seq: number, timeoutMs: number | undefined, what: string): (WorkerReply | undefined)[] {
    const ctrl = this.ctrl;
    const t0 = timeoutMs === undefined ? 0 : performance.now();
    let spins = 0;
    for (;;) {
      const pending = Atomics.load(ctrl, CTRL.PENDING);
      if (pending === 0) break;
      for (let k = 0; k < this.numWorkers; k++) {
        const base = (k + 1) * CTRL_STRIDE;
        if (Atomics.load(ctrl, base + CTRL.STATUS) === STATUS.DEAD && Atomics.load(ctrl, base + CTRL.DONE) !== seq) {
          this.broken = `worker ${k} died during ${what}`;
          throw new WorkerError(`AsyncVectorEnv worker ${k} (envs ${this.envRange(k)}) died during ${what} (the thread exited, e.g. process.exit() in an env)`);
        }
      }
      if (spins < this.spin) {
        spins++;
        continue;
      }
      Atomics.wait(ctrl, CTRL.PENDING, pending, 200);
      if (timeoutMs !== undefined && performance.now() - t0 > timeoutMs) {
        this.broken = `a worker did not answer ${what} within ${timeoutMs} ms`;
        throw new WorkerError(`AsyncVectorEnv: ${pending} of ${this.numWorkers} workers did not answer ${what} within ${timeoutMs} ms`);
      }
    }
    const replies: (WorkerReply | undefined)[] = [];
    let firstError: TsgymError | undefined;
    for (let k = 0; k < this.numWorkers; k++) {
      const base = (k + 1) * CTRL_STRIDE;
      let reply: WorkerReply | undefined;
      if (Atomics.load(ctrl, base + CTRL.MSG) === 1) reply = this.receive(k);
      replies.push(reply);
      if ((reply?.error !== undefined || Atomics.load(ctrl, base + CTRL.STATUS) === STATUS.ERROR) && firstError === undefined) {
        const e = reply?.error;
        if (e === undefined) firstError = new WorkerError(`AsyncVectorEnv worker ${k} failed during ${what} without an error report`);
        else {
          const where = e.envIndex >= 0 ? `env ${e.envIndex} (seed ${e.seed === undefined ? 'unknown' : e.seed})` : `worker ${k}`;
          firstError = fromWorker(e, `${where} threw during ${what} in worker ${k}`);
        }
      }
    }
    if (firstError !== undefined) throw firstError;
    return replies;
  }

  private receive(k: number): WorkerReply | undefined {
    const port = this.ports[k] as MessagePort;
    for (let tries = 0; tries < 1000; tries++) {
      const m = receiveMessageOnPort(port);
      if (m !== undefined) return m.message as WorkerReply;
      Atomics.wait(this.ctrl, CTRL.SLEEP, 0, 1); // sleep 1 ms
    }
    return undefined;
  }

  private envRange(k: number): string {
    return `${Math.floor((k * this.numEnvs) / this.numWorkers)}..${Math.floor(((k + 1) * this.numEnvs) / this.numWorkers) - 1}`;
  }
}
