import type { Callback, CallbackContext, LogRecord } from '../../../agents/common/callbacks.js';
import { startProgress, type Progress } from '../progress.js';

/**
 * A training progress bar on stderr: steps, fps, recent mean return (last 20 episodes), ETA.
 *
 * @example
 * ```ts
 * const bar = new TrainProgress(100_000, 0, false); await agent.learn({ totalTimesteps: 1e5, callbacks: [bar] }); bar.stop();
 * ```
 */
export class TrainProgress implements Callback {
  private readonly bar: Progress;
  private readonly recent: number[] = [];
  private lastDraw = 0;
  private fps = 0;
  private lastSteps: number;
  private lastTime = performance.now();

  constructor(total: number, start: number, quiet: boolean) {
    this.bar = startProgress(total, 'train {bar} {value}/{total} steps | {fps} fps | return {ret} | ETA {eta_formatted}', quiet, { fps: '-', ret: '-' });
    this.bar.update(start);
    this.lastSteps = start;
  }

  onLog(r: LogRecord): void {
    if (r.type !== 'episode') return;
    this.recent.push(r.return);
    if (this.recent.length > 20) this.recent.shift();
  }

  onStep(ctx: CallbackContext): boolean {
    const now = performance.now();
    if (now - this.lastDraw < 200) return true;
    const dt = (now - this.lastTime) / 1000;
    if (dt > 1) {
      this.fps = Math.round((ctx.numTimesteps - this.lastSteps) / dt);
      this.lastSteps = ctx.numTimesteps;
      this.lastTime = now;
    }
    this.lastDraw = now;
    const ret = this.recent.length ? (this.recent.reduce((a, b) => a + b, 0) / this.recent.length).toFixed(1) : '-';
    this.bar.update(ctx.numTimesteps, { fps: this.fps || '-', ret });
    return true;
  }

  stop(): void {
    this.bar.stop();
  }
}
