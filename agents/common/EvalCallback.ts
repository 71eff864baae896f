import type { Env } from '../../src/core/Env.js';
import type { Callback, CallbackContext } from './callbacks.js';
import { evaluatePolicy, type EvalResult } from './evaluate.js';

/** Options of {@link EvalCallback}. */
export interface EvalCallbackOptions {
  /** A separate env used only for evaluation. */
  env: Env<unknown, unknown>;
  /** Evaluate every this many env steps. */
  everySteps: number;
  episodes?: number;
  /** Evaluation episode i is seeded `seed + i` (same episodes every time). */
  seed?: number;
  /** Stop training once the mean return reaches this. */
  stopAtReturn?: number;
  /** Save the best model here (`agent.save`). */
  bestModelDir?: string;
}

/**
 * Periodic deterministic evaluation on a separate env; results are logged as `eval` records and kept in
 * `history`.
 *
 * @example
 * ```ts
 * const ev = new EvalCallback({ env: make('CartPole-v1'), everySteps: 10_000, episodes: 10, stopAtReturn: 500 });
 * await agent.learn({ totalTimesteps: 1e5, callbacks: [ev] });
 * ev.history.at(-1)?.meanReturn;
 * ```
 */
export class EvalCallback implements Callback {
  readonly history: (EvalResult & { step: number })[] = [];
  best = Number.NEGATIVE_INFINITY;
  private next: number;

  constructor(readonly opts: EvalCallbackOptions) {
    this.next = opts.everySteps;
  }

  onStart(ctx: CallbackContext): void {
    this.next = (Math.floor(ctx.numTimesteps / this.opts.everySteps) + 1) * this.opts.everySteps;
  }

  async onStep(ctx: CallbackContext): Promise<boolean> {
    if (ctx.numTimesteps < this.next) return true;
    this.next += this.opts.everySteps;
    const r = evaluatePolicy(ctx.agent, this.opts.env, { episodes: this.opts.episodes ?? 10, seed: this.opts.seed ?? 10_000 });
    this.history.push({ ...r, step: ctx.numTimesteps });
    ctx.log({ type: 'eval', step: ctx.numTimesteps, meanReturn: r.meanReturn, stdReturn: r.stdReturn, meanLength: r.meanLength, episodes: r.returns.length });
    if (r.meanReturn > this.best) {
      this.best = r.meanReturn;
      if (this.opts.bestModelDir !== undefined) await ctx.agent.save(this.opts.bestModelDir);
    }
    return !(this.opts.stopAtReturn !== undefined && r.meanReturn >= this.opts.stopAtReturn);
  }
}
