/**
 * Entry of an AsyncVectorEnv worker thread (runs compiled, from `dist/`). It makes its share of the envs,
 * then serves commands from the control array until `CLOSE`; see `asyncProtocol.ts`.
 * @packageDocumentation
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Env } from '../core/Env.js';
import { make } from '../registry/registry.js';
import {
  CMD,
  CTRL,
  STATUS,
  workerLine,
  type AttachPayload,
  type ResetPayload,
  type WorkerErrorInfo,
  type WorkerInit,
  type WorkerReply,
} from './asyncProtocol.js';
import { AdaptiveSpin } from './AdaptiveSpin.js';
import { EnvBatch } from './EnvBatch.js';
import { loadWorkerModules } from './loadWorkerModules.js';
import { SpaceBatching } from './spaceBatching.js';
import { envSeed } from './vectorErrors.js';

const init = (workerData as { init: WorkerInit; port: MessagePort }).init;
const port = (workerData as { init: WorkerInit; port: MessagePort }).port;
const ctrl = new Int32Array(init.ctrl);
const base = workerLine(init.workerIndex);
const spin = new AdaptiveSpin(init.spinUs);
let envs: Env<unknown, unknown>[] = [];
let batching: SpaceBatching | undefined;
let batch: EnvBatch | undefined;
let actions: Float64Array | undefined;

process.on('exit', () => {
  // process.exit() in an env, or the thread ending: wake the main thread so it does not wait forever
  Atomics.store(ctrl, base + CTRL.STATUS, STATUS.DEAD);
  Atomics.notify(ctrl, CTRL.PENDING);
});

function errorInfo(e: unknown, local: number): WorkerErrorInfo {
  const err = e instanceof Error ? e : new Error(String(e));
  const seed = envSeed(local >= 0 ? envs[local] : undefined);
  return { name: err.name, message: err.message, stack: err.stack ?? `${err.name}: ${err.message}`, envIndex: local >= 0 ? init.start + local : -1, seed };
}

function finish(seq: number, reply: WorkerReply | undefined, status: number): void {
  if (reply !== undefined) port.postMessage(reply);
  Atomics.store(ctrl, base + CTRL.MSG, reply === undefined ? 0 : 1);
  Atomics.store(ctrl, base + CTRL.STATUS, status);
  Atomics.store(ctrl, base + CTRL.DONE, seq);
  // the last worker to finish wakes the main thread
  if (Atomics.sub(ctrl, CTRL.PENDING, 1) === 1) Atomics.notify(ctrl, CTRL.PENDING);
}

function payload<T>(): T {
  for (let tries = 0; ; tries++) {
    const m = receiveMessageOnPort(port);
    if (m !== undefined) return m.message as T;
    if (tries > 1000) throw new Error('AsyncVectorEnv worker: command payload did not arrive');
    Atomics.wait(ctrl, base + CTRL.SLEEP, 0, 1); // sleep 1 ms
  }
}

/** Infos that are not empty, as `[globalIndex, info]` pairs (or undefined when all are empty). */
function nonEmpty(infos: readonly Record<string, unknown>[]): [number, Record<string, unknown>][] | undefined {
  let out: [number, Record<string, unknown>][] | undefined;
  for (let j = 0; j < infos.length; j++) {
    const info = infos[j];
    for (const _k in info) {
      (out ??= []).push([init.start + j, info]);
      break;
    }
  }
  return out;
}

async function start(): Promise<void> {
  let building = -1; // global index of the env being constructed, for the error report
  try {
    await loadWorkerModules(import.meta.url, init.modules);
    for (let j = 0; j < init.count; j++) {
      building = init.start + j;
      envs.push(make(init.envId, init.kwargs) as Env<unknown, unknown>);
    }
    building = -1;
    const first = envs[0];
    batching = new SpaceBatching(first.observationSpace, first.actionSpace);
    finish(0, { spaces: { observation: first.observationSpace.toJSON(), action: first.actionSpace.toJSON() } }, STATUS.OK);
  } catch (e) {
    // report, then keep serving so that close() finds the thread as it expects
    const info = errorInfo(e, -1);
    finish(0, { error: building >= 0 ? { ...info, envIndex: building } : info }, STATUS.ERROR);
  }
  serve();
}

function serve(): void {
  let seq = 0;
  for (;;) {
    // bounded adaptive spin: the main thread often sends the next step within microseconds
    spin.whileEquals(ctrl, CTRL.SEQ, seq);
    while (Atomics.load(ctrl, CTRL.SEQ) === seq) Atomics.wait(ctrl, CTRL.SEQ, seq);
    seq = Atomics.load(ctrl, CTRL.SEQ);
    const cmd = Atomics.load(ctrl, CTRL.CMD);
    if (cmd === CMD.CLOSE) {
      for (const env of envs) env.close();
      envs = [];
      finish(seq, undefined, STATUS.OK);
      port.close();
      return;
    }
    try {
      if (cmd === CMD.ATTACH) {
        const p = payload<AttachPayload>();
        const b = batching as SpaceBatching;
        const s = init.start;
        const c = init.count;
        batch = new EnvBatch(envs, b, init.autoresetMode, {
          obs: new Float32Array(p.obs, s * b.obsSize * 4, c * b.obsSize),
          rewards: new Float64Array(p.rewards, s * 8, c),
          terminations: new Uint8Array(p.terminations, s, c),
          truncations: new Uint8Array(p.truncations, s, c),
        });
        actions = new Float64Array(p.actions, s * b.actionSize * 8, c * b.actionSize);
        finish(seq, undefined, STATUS.OK);
      } else if (cmd === CMD.RESET) {
        const p = payload<ResetPayload>();
        const infos = (batch as EnvBatch).reset(p.seed === undefined ? undefined : p.seed + init.start, p.options);
        const sparse = nonEmpty(infos);
        finish(seq, sparse === undefined ? undefined : { infos: sparse }, STATUS.OK);
      } else {
        const infos = (batch as EnvBatch).step(actions as Float64Array);
        const sparse = nonEmpty(infos);
        finish(seq, sparse === undefined ? undefined : { infos: sparse }, STATUS.OK);
      }
    } catch (e) {
      finish(seq, { error: errorInfo(e, batch === undefined ? -1 : batch.current) }, STATUS.ERROR);
    }
  }
}

await start();
