import type { Agent } from './Agent.js';

/** One log record: an `episode` that finished, a `train` summary (losses, schedules, fps) or an `eval`. */
export type LogRecord =
  | { type: 'episode'; step: number; env: number; return: number; length: number }
  | { type: 'train'; step: number; fps: number; [key: string]: number | string }
  | { type: 'eval'; step: number; meanReturn: number; stdReturn: number; meanLength: number; episodes: number; score?: number };

/** What a callback sees: the agent and its step counter. */
export interface CallbackContext {
  readonly agent: Agent;
  /** Env steps so far (summed over vector sub-envs). */
  readonly numTimesteps: number;
  /** Sends a record to every callback's `onLog`. */
  log(record: LogRecord): void;
}

/**
 * Typed training callbacks (SB3's callbacks without the class tower): every hook is optional; `onStep`
 * returning `false` stops training. Hooks may be async (the loop awaits only when a Promise comes back).
 *
 * @example
 * ```ts
 * const stopAt450: Callback = { onLog: (r) => { if (r.type === 'eval' && r.meanReturn >= 450) stop = true; } };
 * await agent.learn({ totalTimesteps: 1e5, callbacks: [new JsonlLogger('runs/log.jsonl'), stopAt450] });
 * ```
 */
export interface Callback {
  onStart?(ctx: CallbackContext): void | Promise<void>;
  /** After every vector step. */
  onStep?(ctx: CallbackContext): void | boolean | Promise<void | boolean>;
  onLog?(record: LogRecord, ctx: CallbackContext): void;
  onEnd?(ctx: CallbackContext): void | Promise<void>;
}

/**
 * Runs a list of callbacks; agents own one per `learn` call.
 *
 * @example
 * ```ts
 * const cbs = new CallbackList([logger]);
 * cbs.log({ type: 'train', step: 100, fps: 5000, loss: 0.1 }, ctx);
 * ```
 */
export class CallbackList {
  readonly hasStep: boolean;
  readonly hasLog: boolean;

  constructor(readonly callbacks: readonly Callback[]) {
    this.hasStep = callbacks.some((c) => c.onStep !== undefined);
    this.hasLog = callbacks.some((c) => c.onLog !== undefined);
  }

  async start(ctx: CallbackContext): Promise<void> {
    for (const c of this.callbacks) await c.onStart?.(ctx);
  }

  /** False when some callback asked to stop. */
  async step(ctx: CallbackContext): Promise<boolean> {
    let go = true;
    for (const c of this.callbacks) {
      if (c.onStep === undefined) continue;
      let r = c.onStep(ctx);
      if (r instanceof Promise) r = await r;
      if (r === false) go = false;
    }
    return go;
  }

  log(record: LogRecord, ctx: CallbackContext): void {
    for (const c of this.callbacks) c.onLog?.(record, ctx);
  }

  async end(ctx: CallbackContext): Promise<void> {
    for (const c of this.callbacks) await c.onEnd?.(ctx);
  }
}

/**
 * The context a learn loop hands its callbacks: `numTimesteps` reads the agent's live counter.
 *
 * @example
 * ```ts
 * const ctx = callbackContext(this, cbs);
 * ```
 */
export function callbackContext(agent: Agent, cbs: CallbackList): CallbackContext {
  const ctx: CallbackContext = {
    agent,
    get numTimesteps(): number {
      return agent.numTimesteps;
    },
    log: (r: LogRecord): void => cbs.log(r, ctx),
  };
  return ctx;
}
