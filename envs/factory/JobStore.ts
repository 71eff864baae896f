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
    return this.data[this.head];
  }

  shift(): number {
    const v = this.data[this.head];
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return v;
  }

  /** The i-th element from the front. */
  at(i: number): number {
    return this.data[(this.head + i) & this.mask];
  }

  /** Removes and returns the i-th element, keeping the order of the others. */
  removeAt(i: number): number {
    if (i === 0) return this.shift();
    const mk = this.mask;
    const v = this.data[(this.head + i) & mk];
    for (let k = i; k < this.length - 1; k++) this.data[(this.head + k) & mk] = this.data[(this.head + k + 1) & mk];
    this.length--;
    return v;
  }

  /** The contents, front first, as a new Int32Array (snapshots). */
  snapshot(): Int32Array {
    const out = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i);
    return out;
  }

  /** Replaces the contents with `items` (front first). */
  restore(items: ArrayLike<number>): void {
    this.clear();
    for (let i = 0; i < items.length; i++) this.push(items[i]);
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
    if (this.nFree > 0) j = this.freeList[--this.nFree];
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

  /** A copy of every slot and the free list (structured-cloneable). */
  snapshot(): JobStoreSnapshot {
    const n = this.used;
    return {
      product: this.product.slice(0, n),
      step: this.step.slice(0, n),
      arrive: this.arrive.slice(0, n),
      release: this.release.slice(0, n),
      due: this.due.slice(0, n),
      enter: this.enter.slice(0, n),
      serial: this.serial.slice(0, n),
      live: this.live.slice(0, n),
      freeList: this.freeList.slice(0, this.nFree),
      created: this.created,
    };
  }

  /** Restores a `snapshot()`. */
  restore(s: JobStoreSnapshot): void {
    const n = s.product.length;
    while (this.product.length < Math.max(n, s.freeList.length)) this.grow();
    this.clear();
    this.product.set(s.product);
    this.step.set(s.step);
    this.arrive.set(s.arrive);
    this.release.set(s.release);
    this.due.set(s.due);
    this.enter.set(s.enter);
    this.serial.set(s.serial);
    this.live.set(s.live);
    this.freeList.set(s.freeList);
    this.nFree = s.freeList.length;
    this.used = n;
    this.created = s.created;
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

/** The state of a {@link JobStore}, as returned by `snapshot()`. */
export interface JobStoreSnapshot {
  readonly product: Int32Array;
  readonly step: Int32Array;
  readonly arrive: Float64Array;
  readonly release: Float64Array;
  readonly due: Float64Array;
  readonly enter: Float64Array;
  readonly serial: Float64Array;
  readonly live: Uint8Array;
  readonly freeList: Int32Array;
  readonly created: number;
}
