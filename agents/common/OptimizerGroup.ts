import type * as tfjs from '@tensorflow/tfjs';
import { InvalidFile } from '../../src/core/errors.js';
import type { FlatAdam } from './FlatAdam.js';
import { namedToWeights, weightsToNamed, type OptimizerSnapshotting } from './optimizerState.js';

/**
 * Several Adam optimizers saved as one checkpoint optimizer (an agent with an actor, a critic and a
 * temperature, each with its own Adam): their `getWeights` lists are concatenated in order as
 * `optimizer/0..n-1`, and split back by each optimizer's length (`1 + 2 x variables`).
 *
 * @example
 * ```ts
 * await saveAgentDir(tf, dir, { ...files, optimizer: new OptimizerGroup([actorOpt, criticOpt]) });
 * ```
 */
export class OptimizerGroup implements OptimizerSnapshotting {
  constructor(readonly members: readonly FlatAdam[]) {}

  async snapshot(): Promise<tfjs.NamedTensorMap> {
    const all = [];
    for (const m of this.members) all.push(...(await m.getWeights()));
    return weightsToNamed(all);
  }

  async restore(tensors: tfjs.NamedTensorMap, count: number): Promise<void> {
    if (count === 0) return;
    const sizes = this.members.map((m) => 1 + 2 * m.params.length);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (count !== total) {
      throw new InvalidFile(`Checkpoint holds ${count} optimizer tensors, expected ${total} (${sizes.join(' + ')} for ${sizes.length} optimizers)`);
    }
    const ws = namedToWeights(tensors, count);
    let off = 0;
    for (let i = 0; i < this.members.length; i++) {
      const n = sizes[i] ?? 0;
      await this.members[i]?.setWeights(ws.slice(off, off + n));
      off += n;
    }
  }
}
