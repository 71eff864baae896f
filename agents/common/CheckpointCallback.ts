import { join } from 'node:path';
import type { Callback, CallbackContext } from './callbacks.js';

/**
 * Saves a full checkpoint (`agent.saveCheckpoint`) every `everySteps` env steps into
 * `dir/step-<numTimesteps>`, and at the end of training into `dir/last`.
 *
 * @example
 * ```ts
 * await agent.learn({ totalTimesteps: 1e5, callbacks: [new CheckpointCallback('runs/dqn/ckpt', 25_000)] });
 * const resumed = await DQN.loadCheckpoint('runs/dqn/ckpt/last', env);
 * ```
 */
export class CheckpointCallback implements Callback {
  private next: number;

  constructor(readonly dir: string, readonly everySteps: number) {
    this.next = everySteps;
  }

  onStart(ctx: CallbackContext): void {
    this.next = (Math.floor(ctx.numTimesteps / this.everySteps) + 1) * this.everySteps;
  }

  async onStep(ctx: CallbackContext): Promise<boolean> {
    if (ctx.numTimesteps >= this.next) {
      this.next += this.everySteps;
      await ctx.agent.saveCheckpoint(join(this.dir, `step-${ctx.numTimesteps}`));
    }
    return true;
  }

  async onEnd(ctx: CallbackContext): Promise<void> {
    await ctx.agent.saveCheckpoint(join(this.dir, 'last'));
  }
}
