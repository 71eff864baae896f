/**
 * A sum tree over `capacity` non-negative priorities: O(log n) update and prefix-sum search, the
 * sampling structure of prioritized experience replay (Schaul et al. 2016). Leaves live in one
 * Float64Array (`tree[capacity - 1 + i]` holds priority i), internal nodes hold the sums of their children.
 *
 * @example
 * ```ts
 * const t = new SumTree(4);
 * t.set(0, 1); t.set(1, 3);
 * t.total();         // 4
 * t.find(0.5);       // 0   (prefix sums: [0,1) -> 0, [1,4) -> 1)
 * t.find(2.0);       // 1
 * ```
 */
export class SumTree {
  readonly capacity: number;
  /** Leaf count rounded up to a power of two, so leaves are in index order at the bottom level. */
  private readonly size: number;
  private readonly tree: Float64Array;
  private maxLeaf = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`SumTree capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    let size = 1;
    while (size < capacity) size *= 2;
    this.size = size;
    this.tree = new Float64Array(2 * size - 1);
  }

  /** Sets the priority of leaf `i`. */
  set(i: number, priority: number): void {
    if (!(priority >= 0) || !Number.isFinite(priority)) throw new RangeError(`SumTree priority must be finite and >= 0, got ${priority}`);
    if (!(i >= 0 && i < this.capacity)) throw new RangeError(`SumTree index ${i} out of [0, ${this.capacity})`);
    let node = i + this.size - 1;
    const delta = priority - (this.tree[node] ?? 0);
    this.tree[node] = priority;
    if (priority > this.maxLeaf) this.maxLeaf = priority;
    while (node > 0) {
      node = (node - 1) >> 1;
      this.tree[node] = (this.tree[node] ?? 0) + delta;
    }
  }

  /** The priority of leaf `i`. */
  get(i: number): number {
    return this.tree[i + this.size - 1] ?? 0;
  }

  /** Sum of all priorities. */
  total(): number {
    return this.tree[0];
  }

  /** Largest priority ever set (new transitions get it, as in the paper). */
  max(): number {
    return this.maxLeaf;
  }

  /** The leaf `i` whose prefix-sum interval `[sum(p_0..p_{i-1}), sum(p_0..p_i))` contains `mass`. */
  find(mass: number): number {
    let node = 0;
    let m = mass;
    while (node < this.size - 1) {
      const left = 2 * node + 1;
      const lv = this.tree[left] ?? 0;
      if (m < lv || (this.tree[left + 1] ?? 0) <= 0) {
        node = left;
      } else {
        m -= lv;
        node = left + 1;
      }
    }
    return Math.min(node - (this.size - 1), this.capacity - 1);
  }

  /** Copy of the raw tree (for checkpoints). */
  state(): { tree: Float64Array; maxLeaf: number } {
    return { tree: this.tree.slice(), maxLeaf: this.maxLeaf };
  }

  /** Restores `state()`. */
  restore(s: { tree: ArrayLike<number>; maxLeaf: number }): void {
    if (s.tree.length !== this.tree.length) throw new RangeError(`SumTree state has ${s.tree.length} nodes, expected ${this.tree.length}`);
    this.tree.set(s.tree);
    this.maxLeaf = s.maxLeaf;
  }
}
