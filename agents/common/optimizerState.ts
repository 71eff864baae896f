import type * as tfjs from '@tensorflow/tfjs';
import { InvalidFile } from '../../src/core/errors.js';

/** A tensor with a name, as in an optimizer's `getWeights`. */
export interface NamedTensor {
  name: string;
  tensor: tfjs.Tensor;
}

/**
 * An optimizer's whole state as a checkpoint keeps it: `snapshot` gives named tensors (`optimizer/0..n-1`
 * in `getWeights` order, plus any state `getWeights` leaves out), `restore` puts back what a checkpoint
 * read, `count` being the number of `optimizer/i` tensors it holds.
 */
export interface OptimizerSnapshotting {
  snapshot(): Promise<tfjs.NamedTensorMap>;
  restore(tensors: tfjs.NamedTensorMap, count: number): Promise<void>;
}

/**
 * A `getWeights` list under checkpoint names.
 *
 * @example
 * ```ts
 * weightsToNamed(await opt.getWeights()); // { 'optimizer/0': iter, 'optimizer/1': m0, ... }
 * ```
 */
export function weightsToNamed(ws: readonly NamedTensor[]): tfjs.NamedTensorMap {
  return Object.fromEntries(ws.map((w, i) => [`optimizer/${i}`, w.tensor]));
}

/**
 * The `getWeights` list back from checkpoint tensors; InvalidFile naming a missing one.
 *
 * @example
 * ```ts
 * await opt.setWeights(namedToWeights(loaded.tensors, 5));
 * ```
 */
export function namedToWeights(tensors: tfjs.NamedTensorMap, count: number): NamedTensor[] {
  return Array.from({ length: count }, (_, i) => {
    const tensor = tensors[`optimizer/${i}`];
    if (tensor === undefined) throw new InvalidFile(`Checkpoint weights lack optimizer/${i} (expected ${count} optimizer tensors)`);
    return { name: `optimizer/${i}`, tensor };
  });
}

/**
 * The state of a tfjs optimizer (Adam, RMSprop): its `getWeights`, plus Adam's running products beta1^t and
 * beta2^t, which tfjs keeps outside `getWeights` and `setWeights` would recompute with pow(), different in
 * the last bit: they are saved too, so a resumed run is exact.
 *
 * @example
 * ```ts
 * const state = new TfOptimizerState(tf.train.adam(1e-3));
 * await state.restore(await state.snapshot(), 5);
 * ```
 */
export class TfOptimizerState implements OptimizerSnapshotting {
  constructor(readonly optimizer: tfjs.Optimizer) {}

  private betaPowers(): { accBeta1?: tfjs.Variable; accBeta2?: tfjs.Variable } {
    return this.optimizer as unknown as { accBeta1?: tfjs.Variable; accBeta2?: tfjs.Variable };
  }

  async snapshot(): Promise<tfjs.NamedTensorMap> {
    const out = weightsToNamed(await this.optimizer.getWeights());
    const { accBeta1, accBeta2 } = this.betaPowers();
    if (accBeta1 !== undefined && accBeta2 !== undefined) Object.assign(out, { 'optimizer/accBeta1': accBeta1, 'optimizer/accBeta2': accBeta2 });
    return out;
  }

  async restore(tensors: tfjs.NamedTensorMap, count: number): Promise<void> {
    if (count === 0) return;
    await this.optimizer.setWeights(namedToWeights(tensors, count));
    const { accBeta1, accBeta2 } = this.betaPowers();
    const b1 = tensors['optimizer/accBeta1'];
    const b2 = tensors['optimizer/accBeta2'];
    if (accBeta1 !== undefined && accBeta2 !== undefined && b1 !== undefined && b2 !== undefined) {
      accBeta1.assign(b1);
      accBeta2.assign(b2);
    }
  }
}
