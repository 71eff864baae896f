import { totalmem } from 'node:os';
import { InvalidConfig } from '../../src/core/errors.js';
import type { Rng } from '../../src/rng/Rng.js';
import { snapshotArray, snapshotNumber, type Snapshot } from './Snapshot.js';
import { SumTree } from './SumTree.js';

/**
 * Refuses a buffer that cannot be allocated: more bytes than half of this machine's memory, or more
 * elements than a typed array holds; the error states what the buffer needs and what the limit is.
 */
function checkReplayMemory(o: ReplayBufferOptions, n: number): void {
  const bytes = n * (8 * o.obsDim + 4 * o.actDim + 7);
  const limit = totalmem() / 2;
  const gib = (b: number): string => `${(b / 2 ** 30).toPrecision(3)} GiB`;
  if (!(bytes <= limit) || !(n * Math.max(o.obsDim, o.actDim, 1) <= 2 ** 32))
    throw new InvalidConfig(
      `Replay buffer of bufferSize ${o.bufferSize} x ${o.numEnvs} envs x ${o.obsDim} observation dims needs ${gib(bytes)}: ` +
        `more than ${gib(limit)} (half of this machine's memory); lower bufferSize`,
    );
}

/** Options of {@link ReplayBuffer}. */
export interface ReplayBufferOptions {
  /** Positions kept per env (the buffer holds `bufferSize * numEnvs` transitions). */
  bufferSize: number;
  numEnvs: number;
  obsDim: number;
  /** Scalars per action (1 for Discrete). */
  actDim: number;
  /** Batch size `sample` fills. */
  batchSize: number;
  /** n of n-step returns (1 = plain one-step TD). */
  nStep?: number;
  gamma?: number;
  /** Prioritized replay exponent alpha (0 or undefined = uniform sampling). */
  alpha?: number;
}

/** The batch `sample` fills in place (preallocated once). */
export interface ReplayBatch {
  obs: Float32Array;
  actions: Float32Array;
  /** n-step discounted reward sum `sum_k gamma^k r_{t+k}`. */
  rewards: Float32Array;
  nextObs: Float32Array;
  /** 1 when the episode terminated (not truncated) within the n steps: no bootstrap. */
  dones: Float32Array;
  /** `gamma^m` where m <= n is the number of steps summed. */
  discounts: Float32Array;
  /** Importance-sampling weights (1 for uniform sampling). */
  weights: Float32Array;
  /** Leaf ids (`pos * numEnvs + env`) of the sampled transitions, for `updatePriorities`. */
  indices: Int32Array;
}

/**
 * Replay memory on preallocated typed arrays, laid out `[bufferSize, numEnvs, ...]` like SB3's, with
 * n-step returns computed at sampling time and optional proportional prioritized replay (sum tree).
 * Transitions flagged invalid (the reset step of a `next-step` autoreset vector env) are never sampled.
 *
 * @example
 * ```ts
 * const rb = new ReplayBuffer({ bufferSize: 10_000, numEnvs: 1, obsDim: 4, actDim: 1, batchSize: 64 });
 * rb.add(obs, Float32Array.of(1), Float64Array.of(1), nextObs, Uint8Array.of(0), Uint8Array.of(0), Uint8Array.of(1));
 * const batch = rb.sample(rng, 0.4); // batch.obs is [64 * 4]
 * ```
 */
export class ReplayBuffer {
  readonly bufferSize: number;
  readonly numEnvs: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly batchSize: number;
  readonly nStep: number;
  readonly gamma: number;
  readonly alpha: number;
  readonly obs: Float32Array;
  readonly nextObs: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  /** Episode terminated at this transition. */
  readonly terms: Uint8Array;
  /** Episode ended (terminated or truncated) at this transition. */
  readonly ends: Uint8Array;
  readonly valid: Uint8Array;
  readonly batch: ReplayBatch;
  readonly tree: SumTree | undefined;
  /** Next position to write. */
  pos = 0;
  full = false;

  constructor(o: ReplayBufferOptions) {
    this.bufferSize = o.bufferSize;
    this.numEnvs = o.numEnvs;
    this.obsDim = o.obsDim;
    this.actDim = o.actDim;
    this.batchSize = o.batchSize;
    this.nStep = o.nStep ?? 1;
    this.gamma = o.gamma ?? 0.99;
    this.alpha = o.alpha ?? 0;
    const n = o.bufferSize * o.numEnvs;
    checkReplayMemory(o, n);
    this.obs = new Float32Array(n * o.obsDim);
    this.nextObs = new Float32Array(n * o.obsDim);
    this.actions = new Float32Array(n * o.actDim);
    this.rewards = new Float32Array(n);
    this.terms = new Uint8Array(n);
    this.ends = new Uint8Array(n);
    this.valid = new Uint8Array(n);
    const b = o.batchSize;
    this.batch = {
      obs: new Float32Array(b * o.obsDim), actions: new Float32Array(b * o.actDim), rewards: new Float32Array(b),
      nextObs: new Float32Array(b * o.obsDim), dones: new Float32Array(b), discounts: new Float32Array(b),
      weights: new Float32Array(b).fill(1), indices: new Int32Array(b),
    };
    this.tree = this.alpha > 0 ? new SumTree(n) : undefined;
  }

  /** Positions filled so far. */
  size(): number {
    return this.full ? this.bufferSize : this.pos;
  }

  /**
   * Stores one step of all envs (each argument holds `numEnvs` entries, obs flat `[numEnvs, obsDim]`). A
   * prioritized buffer gives new transitions the maximum priority so far, or with `priorities` (|TD error|
   * estimates, e.g. Ape-X actors') `(|p| + 1e-6)^alpha`.
   */
  add(obs: ArrayLike<number>, actions: ArrayLike<number>, rewards: ArrayLike<number>, nextObs: ArrayLike<number>,
    terms: ArrayLike<number>, truncs: ArrayLike<number>, valid: ArrayLike<number>, priorities?: ArrayLike<number>): void {
    const ne = this.numEnvs;
    const base = this.pos * ne;
    const od = this.obsDim;
    const ad = this.actDim;
    for (let k = 0; k < ne * od; k++) {
      this.obs[base * od + k] = obs[k] ?? 0;
      this.nextObs[base * od + k] = nextObs[k] ?? 0;
    }
    for (let k = 0; k < ne * ad; k++) this.actions[base * ad + k] = actions[k] ?? 0;
    const pmax = this.tree !== undefined ? (this.tree.max() > 0 ? this.tree.max() : 1) : 0;
    for (let e = 0; e < ne; e++) {
      const i = base + e;
      this.rewards[i] = rewards[e] ?? 0;
      this.terms[i] = terms[e] ? 1 : 0;
      this.ends[i] = terms[e] || truncs[e] ? 1 : 0;
      this.valid[i] = valid[e] ? 1 : 0;
      const p = priorities === undefined ? pmax : Math.pow(Math.abs(priorities[e] ?? 0) + 1e-6, this.alpha);
      this.tree?.set(i, this.valid[i] ? p : 0);
    }
    this.pos++;
    if (this.pos === this.bufferSize) {
      this.full = true;
      this.pos = 0;
    }
  }

  /**
   * Samples `batchSize` valid transitions into `this.batch`: uniformly, or proportionally to priority
   * (stratified over `batchSize` equal segments of the total mass) with importance weights `(N P(i))^-beta`
   * normalised by their maximum.
   */
  sample(rng: Rng, beta = 0.4): ReplayBatch {
    const filled = this.size();
    if (filled === 0) throw new RangeError('ReplayBuffer.sample() on an empty buffer');
    const ne = this.numEnvs;
    const b = this.batch;
    const tree = this.tree;
    let maxW = 0;
    for (let j = 0; j < this.batchSize; j++) {
      let leaf: number;
      if (tree !== undefined) {
        const seg = tree.total() / this.batchSize;
        if (!(seg > 0)) throw new RangeError('ReplayBuffer.sample(): no valid transition stored yet');
        leaf = tree.find((j + rng.random()) * seg);
        const p = tree.get(leaf) / tree.total();
        const w = Math.pow(filled * ne * p, -beta);
        b.weights[j] = w;
        if (w > maxW) maxW = w;
      } else {
        let tries = 0;
        do {
          leaf = rng.integers(0, filled) * ne + (ne > 1 ? rng.integers(0, ne) : 0);
          if (++tries > 1000) throw new RangeError('ReplayBuffer.sample(): no valid transition stored yet');
        } while (!this.valid[leaf]);
      }
      b.indices[j] = leaf;
      this.fillOne(j, leaf);
    }
    if (tree !== undefined) for (let j = 0; j < this.batchSize; j++) b.weights[j] = (b.weights[j] ?? 0) / maxW;
    return b;
  }

  /** Sets priorities `(|tdError| + eps)^alpha` of the transitions of the last batch. */
  updatePriorities(indices: ArrayLike<number>, tdErrors: ArrayLike<number>, eps = 1e-6): void {
    const tree = this.tree;
    if (tree === undefined) return;
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j] ?? 0;
      if (this.valid[i]) tree.set(i, Math.pow(Math.abs(tdErrors[j] ?? 0) + eps, this.alpha));
    }
  }

  /** Copies transition `leaf` into batch row `j`, folding up to nStep rewards of the same env. */
  /** The stored transitions, the write position and (prioritized) the priority tree. */
  snapshot(): Snapshot {
    const tree = this.tree?.state();
    return {
      state: { rbPos: this.pos, rbFull: this.full, treeMax: tree?.maxLeaf ?? 0 },
      arrays: {
        obs: this.obs.slice(), nextObs: this.nextObs.slice(), actions: this.actions.slice(), rewards: this.rewards.slice(),
        terms: this.terms.slice(), ends: this.ends.slice(), valid: this.valid.slice(), ...(tree !== undefined ? { tree: tree.tree } : {}),
      },
    };
  }

  /** Restores what `snapshot` took from a buffer of the same sizes (InvalidFile naming a missing or mis-sized array). */
  restore(s: Snapshot): void {
    for (const name of ['obs', 'nextObs', 'actions', 'rewards', 'terms', 'ends', 'valid'] as const) {
      this[name].set(snapshotArray(s, name, this[name].length));
    }
    this.pos = snapshotNumber(s, 'rbPos');
    this.full = s.state.rbFull === true;
    this.tree?.restore({ tree: snapshotArray(s, 'tree'), maxLeaf: snapshotNumber(s, 'treeMax') });
  }

  private fillOne(j: number, leaf: number): void {
    const ne = this.numEnvs;
    const od = this.obsDim;
    const ad = this.actDim;
    const b = this.batch;
    const pos = Math.floor(leaf / ne);
    const env = leaf - pos * ne;
    // steps available from pos up to the last written position (never run into the write head)
    const avail = ((this.pos - pos - 1 + this.bufferSize) % this.bufferSize) + 1;
    const n = Math.min(this.nStep, avail);
    let ret = 0;
    let disc = 1;
    let last = leaf;
    for (let k = 0; k < n; k++) {
      const i = ((pos + k) % this.bufferSize) * ne + env;
      ret += disc * (this.rewards[i] ?? 0);
      disc *= this.gamma;
      last = i;
      if (this.ends[i]) break; // the episode ended: do not sum rewards of the next one
    }
    // element loops, not set(subarray()): no view objects per sampled row (this runs B times per step)
    for (let k = 0; k < od; k++) {
      b.obs[j * od + k] = this.obs[leaf * od + k] ?? 0;
      b.nextObs[j * od + k] = this.nextObs[last * od + k] ?? 0;
    }
    for (let k = 0; k < ad; k++) b.actions[j * ad + k] = this.actions[leaf * ad + k] ?? 0;
    b.rewards[j] = ret;
    b.dones[j] = this.terms[last] ?? 0;
    b.discounts[j] = disc;
  }
}
