import { N_OP_FEATURES } from '../../../envs/factory/jobshop/opFeatures.js';

/**
 * Decisions on same-sized instances in the dense layout `DispatchNetTf.forward` reads: `S` decisions of
 * `J` jobs x `M` machines; operation (j, k) at `j * M + k`. Arrays are allocated for `capacity`
 * decisions and reused; only the first `S` are read.
 */
export interface DecisionBatch {
  S: number;
  readonly J: number;
  readonly M: number;
  /** `[S, J * M, N_OP_FEATURES]` operation features. */
  readonly x: Float32Array;
  /** `[S, J, M]` 1 for unscheduled operations. */
  readonly u: Float32Array;
  /** `[S, J * M, M]` one-hot machine of each unscheduled operation. */
  readonly opMach: Float32Array;
  /** `[S, J, M]` one-hot position of each candidate job's next operation, and of the one after it. */
  readonly pc: Float32Array;
  readonly ps: Float32Array;
  /** `[S, J, M]` one-hot machine of each candidate job's next operation, and of the one after it. */
  readonly oc: Float32Array;
  readonly os: Float32Array;
  /** `[S, J]` allowed jobs; one-hot action taken. */
  readonly mask: Float32Array;
  readonly action: Float32Array;
  /** `[S]` log pi_old(action) and advantage (PPO); unused by behaviour cloning. */
  readonly oldLogp: Float32Array;
  readonly adv: Float32Array;
}

/**
 * A growing store of dispatching decisions on `J` x `M` instances (features, schedule front, allowed
 * jobs, action, log-probability, advantage), preallocated for `capacity` decisions, and the packing of
 * any subset into a {@link DecisionBatch}.
 *
 * @example
 * ```ts
 * const store = new DecisionStore(15, 15, 8000);
 * store.add(x, sim.nextOp, sim.instance.machine, cand, action, logp);
 * store.fill(batch, order, 0, 512);
 * ```
 */
export class DecisionStore {
  n = 0;
  readonly x: Float32Array;
  readonly next: Int32Array;
  readonly machine: Int32Array;
  readonly mask: Int8Array;
  readonly action: Int32Array;
  readonly logp: Float32Array;
  readonly adv: Float32Array;

  constructor(
    readonly J: number,
    readonly M: number,
    readonly capacity: number,
  ) {
    const N = J * M;
    this.x = new Float32Array(capacity * N * N_OP_FEATURES);
    this.next = new Int32Array(capacity * J);
    this.machine = new Int32Array(capacity * N);
    this.mask = new Int8Array(capacity * J);
    this.action = new Int32Array(capacity);
    this.logp = new Float32Array(capacity);
    this.adv = new Float32Array(capacity);
  }

  /** Stores one decision and returns its index (throws when full). */
  add(x: Float32Array, nextOp: Int32Array, machine: Int32Array, mask: Int8Array, action: number, logp: number): number {
    if (this.n >= this.capacity) throw new RangeError(`DecisionStore is full (${this.capacity} decisions)`);
    const d = this.n++;
    const N = this.J * this.M;
    this.x.set(x.subarray(0, N * N_OP_FEATURES), d * N * N_OP_FEATURES);
    this.next.set(nextOp, d * this.J);
    this.machine.set(machine, d * N);
    this.mask.set(mask, d * this.J);
    this.action[d] = action;
    this.logp[d] = logp;
    this.adv[d] = 0;
    return d;
  }

  /** A batch with room for `size` decisions. */
  newBatch(size: number): DecisionBatch {
    const { J, M } = this;
    const N = J * M;
    return {
      S: 0,
      J,
      M,
      x: new Float32Array(size * N * N_OP_FEATURES),
      u: new Float32Array(size * N),
      opMach: new Float32Array(size * N * M),
      pc: new Float32Array(size * N),
      ps: new Float32Array(size * N),
      oc: new Float32Array(size * N),
      os: new Float32Array(size * N),
      mask: new Float32Array(size * J),
      action: new Float32Array(size * J),
      oldLogp: new Float32Array(size),
      adv: new Float32Array(size),
    };
  }

  /** Packs decisions `order[from .. from + count)` into `batch` (S = count). */
  fill(batch: DecisionBatch, order: ArrayLike<number>, from: number, count: number): void {
    const { J, M } = this;
    const N = J * M;
    const F = N_OP_FEATURES;
    batch.S = count;
    batch.u.fill(0, 0, count * N);
    batch.opMach.fill(0, 0, count * N * M);
    for (const a of [batch.pc, batch.ps, batch.oc, batch.os]) a.fill(0, 0, count * N);
    batch.action.fill(0, 0, count * J);
    for (let s = 0; s < count; s++) {
      const d = order[from + s];
      batch.x.set(this.x.subarray(d * N * F, (d + 1) * N * F), s * N * F);
      for (let j = 0; j < J; j++) {
        const k0 = this.next[d * J + j];
        const allowed = this.mask[d * J + j];
        batch.mask[s * J + j] = allowed;
        for (let k = k0; k < M; k++) {
          const o = s * N + j * M + k;
          batch.u[o] = 1;
          batch.opMach[o * M + this.machine[d * N + j * M + k]] = 1;
        }
        if (allowed && k0 < M) {
          const base = s * N + j * M;
          batch.pc[base + k0] = 1;
          batch.oc[base + this.machine[d * N + j * M + k0]] = 1;
          if (k0 + 1 < M) {
            batch.ps[base + k0 + 1] = 1;
            batch.os[base + this.machine[d * N + j * M + k0 + 1]] = 1;
          }
        }
      }
      batch.action[s * J + this.action[d]] = 1;
      batch.oldLogp[s] = this.logp[d];
      batch.adv[s] = this.adv[d];
    }
  }
}
