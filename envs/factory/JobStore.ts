/**
 * A FIFO ring of integer ids over a growable `Int32Array` (doubles when full, so pushes are amortised
 * allocation-free). Supports removal at any position, as dispatching rules need.
 *
 * @example
 * ```ts
 * const q = new RingQueue(4);
 * q.push(7); q.push(9); q.removeAt(1); // 9
 * q.shift();                            // 7
 * ```
 */
export class RingQueue {
  private data: Int32Array;
  private mask: number;
  private head = 0;
  length = 0;

  constructor(capacity = 16) {
    let c = 2;
    while (c < capacity) c *= 2;
    this.data = new Int32Array(c);
    this.mask = c - 1;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[(this.head + this.length) & this.mask] = v;
    this.length++;
  }

  /** The first element (undefined behaviour when empty: check `length`). */
  peek(): number {
    return this.data[this.head] as number;
  }

  shift(): number {
    const v = this.data[this.head] as number;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return v;
  }

  /** The i-th element from the front. */
  at(i: number): number {
    return this.data[(this.head + i) & this.mask] as number;
  }

  /** Removes and returns the i-th element, keeping the order of the others. */
  removeAt(i: number): number {
    if (i === 0) return this.shift();
    const mk = this.mask;
    const v = this.data[(this.head + i) & mk] as number;
    for (let k = i; k < this.length - 1; k++) this.data[(this.head + k) & mk] = this.data[(this.head + k + 1) & mk] as number;
    this.length--;
    return v;
  }

  /** Copies the contents, front first, into a new plain array (for views, not hot paths). */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i));
    return out;
  }

  private grow(): void {
    const next = new Int32Array(this.data.length * 2);
    for (let i = 0; i < this.length; i++) next[i] = this.at(i);
    this.data = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}

/**
 * Job records as struct-of-arrays with a free list: slot ids are reused, `serial` is the job's unique
 * number within the run. Arrays double when full.
 *
 * @example
 * ```ts
 * const jobs = new JobStore(8);
 * const j = jobs.alloc(); jobs.product[j] = 0; jobs.free(j);
 * ```
 */
export class JobStore {
  product: Int32Array;
  /** Index of the current step in the product's route. */
  step: Int32Array;
  arrive: Float64Array;
  release: Float64Array;
  due: Float64Array;
  /** Time the job entered its current buffer. */
  enter: Float64Array;
  serial: Float64Array;
  /** Live flag per slot. */
  live: Uint8Array;
  private freeList: Int32Array;
  private nFree = 0;
  private used = 0;
  /** Jobs created since `clear()`. */
  created = 0;

  constructor(capacity = 64) {
    const c = Math.max(4, capacity);
    this.product = new Int32Array(c);
    this.step = new Int32Array(c);
    this.arrive = new Float64Array(c);
    this.release = new Float64Array(c);
    this.due = new Float64Array(c);
    this.enter = new Float64Array(c);
    this.serial = new Float64Array(c);
    this.live = new Uint8Array(c);
    this.freeList = new Int32Array(c);
  }

  /** Capacity (slots). */
  get capacity(): number {
    return this.product.length;
  }

  /** Live jobs. */
  get count(): number {
    return this.used - this.nFree;
  }

  clear(): void {
    this.nFree = 0;
    this.used = 0;
    this.created = 0;
    this.live.fill(0);
  }

  alloc(): number {
    let j: number;
    if (this.nFree > 0) j = this.freeList[--this.nFree] as number;
    else {
      if (this.used === this.product.length) this.grow();
      j = this.used++;
    }
    this.live[j] = 1;
    this.serial[j] = this.created++;
    return j;
  }

  free(j: number): void {
    this.live[j] = 0;
    this.freeList[this.nFree++] = j;
  }

  private grow(): void {
    const c = this.product.length * 2;
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(c);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(c);
      b.set(a);
      return b;
    };
    this.product = i32(this.product);
    this.step = i32(this.step);
    this.freeList = i32(this.freeList);
    this.arrive = f64(this.arrive);
    this.release = f64(this.release);
    this.due = f64(this.due);
    this.enter = f64(this.enter);
    this.serial = f64(this.serial);
    const l = new Uint8Array(c);
    l.set(this.live);
    this.live = l;
  }
}
