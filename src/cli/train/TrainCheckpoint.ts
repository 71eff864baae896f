import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import { join } from 'node:path';
import type { Callback, CallbackContext } from '../../../agents/common/callbacks.js';
import { InvalidFile, SnapshotUnsupported } from '../../core/errors.js';

/** Something whose dynamic state can be snapshot and restored (a SyncVectorEnv, a ParallelEnv...). */
export interface Restorable {
  snapshot(): unknown;
  restore(s: unknown): void;
}

/** The env state file written beside each agent checkpoint. */
export const ENV_STATE_FILE = 'env-state.json';

/**
 * Saves, every `everySteps` env steps and at the end (also after Ctrl-C), the agent's full checkpoint
 * (`agent.saveCheckpoint`) and the env's state (`env.snapshot()`) into `dir/step-N` and `dir/last`, so
 * that `tsgym train --resume` continues bit-for-bit. An env without snapshots still gets agent
 * checkpoints; resuming it is then refused with a message saying why.
 *
 * @example
 * ```ts
 * await agent.learn({ totalTimesteps: 1e5, callbacks: [new TrainCheckpoint('runs/x/checkpoints', 10_000, vec)] });
 * ```
 */
export class TrainCheckpoint implements Callback {
  private next: number;

  constructor(readonly dir: string, readonly everySteps: number, readonly env: Restorable) {
    this.next = everySteps;
  }

  onStart(ctx: CallbackContext): void {
    this.next = (Math.floor(ctx.numTimesteps / this.everySteps) + 1) * this.everySteps;
  }

  async onStep(ctx: CallbackContext): Promise<boolean> {
    if (ctx.numTimesteps >= this.next) {
      this.next += this.everySteps;
      await this.save(ctx, join(this.dir, `step-${ctx.numTimesteps}`));
    }
    return true;
  }

  async onEnd(ctx: CallbackContext): Promise<void> {
    await this.save(ctx, join(this.dir, 'last'));
  }

  private async save(ctx: CallbackContext, dir: string): Promise<void> {
    await ctx.agent.saveCheckpoint(dir);
    mkdirSync(dir, { recursive: true });
    let state: unknown;
    try {
      state = { numTimesteps: ctx.numTimesteps, env: this.env.snapshot() };
    } catch (e) {
      if (!(e instanceof SnapshotUnsupported)) throw e;
      state = { numTimesteps: ctx.numTimesteps, env: null, reason: e.message };
    }
    writeFileAtomic(join(dir, ENV_STATE_FILE), `${JSON.stringify(state)}\n`);
  }
}

/**
 * Restores the env state saved beside a checkpoint; refuses (naming the reason) when the run's env could
 * not be snapshot, since resuming would then not continue the same episodes.
 *
 * @example
 * ```ts
 * const step = restoreEnvState('runs/x/checkpoints/last', vec);
 * ```
 */
export function restoreEnvState(checkpointDir: string, env: Restorable): number {
  const file = join(checkpointDir, ENV_STATE_FILE);
  if (!existsSync(file)) throw new InvalidFile(`Cannot resume from '${checkpointDir}': no ${ENV_STATE_FILE} (not a tsgym train checkpoint)`);
  const s = JSON.parse(readFileSync(file, 'utf8')) as { numTimesteps: number; env: unknown; reason?: string };
  if (s.env === null) throw new SnapshotUnsupported(`Cannot resume exactly from '${checkpointDir}': the env state was not saved (${s.reason ?? 'unknown reason'})`);
  env.restore(s.env);
  return s.numTimesteps;
}
