import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SnapshotUnsupported } from '../../src/core/errors.js';
import { writeManifest } from './fileManifest.js';
import type { Callback, CallbackContext } from './callbacks.js';
import { commitCheckpoint, ENV_STATE_FILE, pointLast, readEnvState, stamp } from './checkpointDirs.js';

export { ENV_STATE_FILE } from './checkpointDirs.js';

/** Something whose dynamic state can be snapshot and restored (a SyncVectorEnv, a ParallelEnv...). */
export interface Restorable {
  snapshot(): unknown;
  restore(s: unknown): void;
}

/**
 * Saves a full checkpoint (`agent.saveCheckpoint`) every `everySteps` env steps into
 * `dir/step-<numTimesteps>`, and at the end of training (also after a stop) at the step reached; `dir/last`
 * is a link to the newest. Given the env it trains on, it also writes the env's state (`env.snapshot()`)
 * and `meta` (e.g. env id and algorithm) into each checkpoint, so a resumed run continues the same
 * episodes bit-for-bit (`restoreEnvState`); an env without snapshots still gets agent checkpoints, and
 * resuming it exactly is then refused with the reason.
 *
 * Crash consistency: a checkpoint is written whole into a temporary folder (every file fsynced and listed
 * with its length and SHA-256 in `manifest.json`), renamed to `step-N`, and only then is `last` moved to
 * it, by one rename of a link. A crash at any instant leaves every `step-N` and `last` complete.
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

  constructor(readonly dir: string, readonly everySteps: number, readonly env?: Restorable, readonly meta: Record<string, unknown> = {}) {
    this.next = everySteps;
  }

  onStart(ctx: CallbackContext): void {
    this.next = (Math.floor(ctx.numTimesteps / this.everySteps) + 1) * this.everySteps;
  }

  async onStep(ctx: CallbackContext): Promise<boolean> {
    if (ctx.numTimesteps >= this.next) {
      this.next += this.everySteps;
      await this.save(ctx);
    }
    return true;
  }

  async onEnd(ctx: CallbackContext): Promise<void> {
    const name = `step-${ctx.numTimesteps}`;
    // the periodic checkpoint of this very step is already whole: `last` only has to point at it
    if (existsSync(join(this.dir, name, 'manifest.json'))) pointLast(this.dir, name);
    else await this.save(ctx);
  }

  private async save(ctx: CallbackContext): Promise<void> {
    const name = `step-${ctx.numTimesteps}`;
    const tmp = join(this.dir, `.${name}.tmp-${stamp()}`);
    try {
      await ctx.agent.saveCheckpoint(tmp);
      if (this.env !== undefined) {
        let state: unknown;
        try {
          state = { numTimesteps: ctx.numTimesteps, ...this.meta, env: this.env.snapshot() };
        } catch (e) {
          if (!(e instanceof SnapshotUnsupported)) throw e;
          state = { numTimesteps: ctx.numTimesteps, ...this.meta, env: null, reason: e.message };
        }
        writeFileSync(join(tmp, ENV_STATE_FILE), `${JSON.stringify(state)}\n`);
        writeManifest(tmp);
      }
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    commitCheckpoint(tmp, this.dir, name);
  }
}

/**
 * Restores the env state a CheckpointCallback saved beside a checkpoint and returns the step it was taken
 * at; refuses (naming the reason) when the env could not be snapshot, since resuming would then not
 * continue the same episodes, and refuses a damaged env-state file naming it.
 *
 * @example
 * ```ts
 * const step = restoreEnvState('runs/x/checkpoints/last', vec);
 * ```
 */
export function restoreEnvState(checkpointDir: string, env: Restorable): number {
  const s = readEnvState(checkpointDir);
  if (s.env === null)
    throw new SnapshotUnsupported(`Cannot resume exactly from '${checkpointDir}': the env state was not saved (${s.reason ?? 'unknown reason'})`);
  env.restore(s.env);
  return s.numTimesteps;
}
