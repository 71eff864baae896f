import type { Env } from '../../src/core/Env.js';
import type { Callback, CallbackContext } from './callbacks.js';
import { evaluatePolicy, type EvalResult } from './evaluate.js';

/** One evaluation of {@link EvalCallback}: the result and the env step it was taken at. */
export type EvalPoint = EvalResult & { step: number; score: number };

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
  /** Called after an evaluation that beat every earlier one (strictly: the first of equal maxima stays best). */
  onBest?: (ctx: CallbackContext, point: EvalPoint) => void | Promise<void>;
  /** The best score already reached (a resumed run), so only a better one counts as new best. */
  best?: number;
  /** The score an evaluation is ranked by, higher is better (default: the mean return). */
  score?: (r: EvalResult) => number;
}

/**
 * Periodic deterministic evaluation on a separate env; results are logged as `eval` records and kept in
 * `history`. The best model so far (highest score, by default the mean return; the earliest of equal ones,
 * as SB3's EvalCallback) can be saved to `bestModelDir` or handed to `onBest`.
 *
 * @example
 * ```ts
 * const ev = new EvalCallback({ env: make('CartPole-v1'), everySteps: 10_000, episodes: 10, stopAtReturn: 500 });
 * await agent.learn({ totalTimesteps: 1e5, callbacks: [ev] });
 * ev.history.at(-1)?.meanReturn;
 * ```
 */
export class EvalCallback implements Callback {
  readonly history: EvalPoint[] = [];
  best: number;
  private next: number;

  constructor(readonly opts: EvalCallbackOptions) {
    this.next = opts.everySteps;
    this.best = opts.best ?? Number.NEGATIVE_INFINITY;
  }

  onStart(ctx: CallbackContext): void {
    this.next = (Math.floor(ctx.numTimesteps / this.opts.everySteps) + 1) * this.opts.everySteps;
  }

  async onStep(ctx: CallbackContext): Promise<boolean> {
    if (ctx.numTimesteps < this.next) return true;
    this.next += this.opts.everySteps;
    const r = await this.evaluate(ctx);
    return !(this.opts.stopAtReturn !== undefined && r.meanReturn >= this.opts.stopAtReturn);
  }

  /** Evaluates the agent now: logs an `eval` record, keeps it in `history`, saves the model when it is the best so far. */
  async evaluate(ctx: CallbackContext): Promise<EvalPoint> {
    const r = evaluatePolicy(ctx.agent, this.opts.env, { episodes: this.opts.episodes ?? 10, seed: this.opts.seed ?? 10_000 });
    const score = this.opts.score ? this.opts.score(r) : r.meanReturn;
    const point = { ...r, step: ctx.numTimesteps, score };
    this.history.push(point);
    ctx.log({
      type: 'eval', step: ctx.numTimesteps, meanReturn: r.meanReturn, stdReturn: r.stdReturn, meanLength: r.meanLength, episodes: r.returns.length, score,
    });
    if (score > this.best) {
      this.best = score;
      if (this.opts.bestModelDir !== undefined) await ctx.agent.save(this.opts.bestModelDir);
      await this.opts.onBest?.(ctx, point);
    }
    return point;
  }
}
