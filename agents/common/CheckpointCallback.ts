import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidFile, SnapshotUnsupported } from '../../src/core/errors.js';
import { writeFileAtomic } from '../../src/io/writeFileAtomic.js';
import type { Callback, CallbackContext } from './callbacks.js';

/** Something whose dynamic state can be snapshot and restored (a SyncVectorEnv, a ParallelEnv...). */
export interface Restorable {
  snapshot(): unknown;
  restore(s: unknown): void;
}

/** The env state file written beside each agent checkpoint when the callback is given the env. */
export const ENV_STATE_FILE = 'env-state.json';

/**
 * Saves a full checkpoint (`agent.saveCheckpoint`) every `everySteps` env steps into
 * `dir/step-<numTimesteps>`, and at the end of training (also after a stop) into `dir/last`. Given the
 * env it trains on, it also writes the env's state (`env.snapshot()`) beside each checkpoint, so a resumed
 * run continues the same episodes bit-for-bit (`restoreEnvState`); an env without snapshots still gets
 * agent checkpoints, and resuming it exactly is then refused with the reason.
 *
 * @example
 * ```ts
 * await agent.learn({ totalTimesteps: 1e5, callbacks: [new CheckpointCallback('runs/dqn/ckpt', 25_000, vec)] });
 * const resumed = await DQN.loadCheckpoint('runs/dqn/ckpt/last', vec);
 * restoreEnvState('runs/dqn/ckpt/last', vec);
 * ```
 */
export class CheckpointCallback implements Callback {
  private next: number;

  constructor(readonly dir: string, readonly everySteps: number, readonly env?: Restorable) {
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
    if (this.env === undefined) return;
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
 * Restores the env state a CheckpointCallback saved beside a checkpoint and returns the step it was taken
 * at; refuses (naming the reason) when the env could not be snapshot, since resuming would then not
 * continue the same episodes.
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
  if (s.env === null)
    throw new SnapshotUnsupported(`Cannot resume exactly from '${checkpointDir}': the env state was not saved (${s.reason ?? 'unknown reason'})`);
  env.restore(s.env);
  return s.numTimesteps;
}
