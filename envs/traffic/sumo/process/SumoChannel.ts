import { SUMO_WORKER_SOURCE } from './sumoWorkerSource.js';
import { nodeModule } from './nodeModule.js';

/** An answer of the SUMO worker (see `SUMO_WORKER_SOURCE` for the fields of each request). */
export interface WorkerAnswer {
  readonly seq: number;
  readonly error?: string;
  readonly exit?: { code: number | null; signal: string | null; spawnError?: string } | null;
  readonly ok?: boolean;
  readonly pid?: number;
  readonly port?: number;
  readonly log?: string;
  readonly out?: string;
  readonly bytes?: Uint8Array;
  readonly text?: string;
}

/** The worker did not answer in time (the request is abandoned; its late answer is dropped). */
export class ChannelTimeout extends Error {}

type WorkerThreads = typeof import('node:worker_threads');

/**
 * A synchronous line to the worker thread that owns a SUMO process: `call` posts a request and blocks
 * the calling thread (`Atomics.wait` on a shared flag) until the worker answers or `timeoutMs` passes,
 * then takes the answer with `receiveMessageOnPort`. Requests carry a sequence number, so an answer that
 * comes after its request timed out is recognised and dropped. The worker is unref'd: an open channel
 * never keeps Node alive.
 *
 * @example
 * ```ts
 * const ch = new SumoChannel();
 * const a = ch.call({ op: 'start', ... }, 10_000);
 * ch.terminate();
 * ```
 */
export class SumoChannel {
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: import('node:worker_threads').MessagePort;
  private readonly worker: import('node:worker_threads').Worker;
  private readonly wt: WorkerThreads;
  private seq = 0;
  private closed = false;

  constructor() {
    this.wt = nodeModule<WorkerThreads>('node:worker_threads');
    const { port1, port2 } = new this.wt.MessageChannel();
    this.port = port1;
    // execArgv: none of the parent's flags (--input-type=module would make the CommonJS source fail)
    this.worker = new this.wt.Worker(SUMO_WORKER_SOURCE, { eval: true, execArgv: [], workerData: { port: port2, flag: this.flag }, transferList: [port2] });
    this.worker.unref();
    this.port.unref();
  }

  /** Posts `request` and waits for its answer (throws ChannelTimeout after `timeoutMs`). */
  call(request: Record<string, unknown>, timeoutMs: number, transfer: ArrayBuffer[] = []): WorkerAnswer {
    if (this.closed) throw new Error('SumoChannel: call() after terminate()');
    const seq = ++this.seq;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ ...request, seq }, transfer);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) throw new ChannelTimeout(`no answer within ${Math.round(timeoutMs)} ms`);
      Atomics.wait(this.flag, 0, 0, left);
      for (let m = this.wt.receiveMessageOnPort(this.port); m; m = this.wt.receiveMessageOnPort(this.port)) {
        const a = m.message as WorkerAnswer;
        if (a.seq === seq) return a;
      }
      Atomics.store(this.flag, 0, 0);
    }
  }

  /** Stops the worker thread (SUMO started through setpriv dies with it). */
  terminate(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}
