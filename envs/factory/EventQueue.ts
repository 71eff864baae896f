/**
 * A binary-heap event queue over preallocated typed arrays (no object per event). Events are ordered by
 * time, then priority (lower first), then insertion order, so equal-time events always pop in the same
 * order. Each event carries an integer `kind`, `target` and `stamp` (a version number the caller uses to
 * ignore events it cancelled). The arrays double when full (amortised: no allocation per event).
 *
 * @example
 * ```ts
 * const q = new EventQueue(16);
 * q.push(2.5, 1, 7, 42, 0);          // time, priority, kind, target, stamp
 * q.push(1.0, 5, 3, 0, 0);
 * q.pop();                           // true: q.time === 1.0, q.kind === 3
 * ```
 */
export class EventQueue {
  private times: Float64Array;
  /** Secondary key: priority * 2^40 + insertion sequence (exact in a double). */
  private keys: Float64Array;
  private kinds: Int32Array;
  private targets: Int32Array;
  private stamps: Int32Array;
  private n = 0;
  private seq = 0;
  /** Fields of the last popped event. */
  time = 0;
  kind = 0;
  target = 0;
  stamp = 0;

  constructor(capacity = 64) {
    const c = Math.max(4, capacity | 0);
    this.times = new Float64Array(c);
    this.keys = new Float64Array(c);
    this.kinds = new Int32Array(c);
    this.targets = new Int32Array(c);
    this.stamps = new Int32Array(c);
  }

  /** Number of pending events. */
  get size(): number {
    return this.n;
  }

  /** Removes every event and restarts the insertion counter. */
  clear(): void {
    this.n = 0;
    this.seq = 0;
  }

  /** Time of the earliest pending event (Infinity when empty). */
  peekTime(): number {
    return this.n > 0 ? (this.times[0]) : Infinity;
  }

  /** Schedules an event; `priority` is a small integer in [0, 4095]. */
  push(time: number, priority: number, kind: number, target: number, stamp: number): void {
    if (this.n === this.times.length) this.grow();
    const key = priority * 1099511627776 + this.seq++;
    let i = this.n++;
    const times = this.times;
    const keys = this.keys;
    // sift up: move parents down until the slot fits
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p];
      if (pt < time || (pt === time && (keys[p]) < key)) break;
      this.move(p, i);
      i = p;
    }
    times[i] = time;
    keys[i] = key;
    this.kinds[i] = kind;
    this.targets[i] = target;
    this.stamps[i] = stamp;
  }

  /** Pops the earliest event into `time`, `kind`, `target`, `stamp`; false when empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    const times = this.times;
    const keys = this.keys;
    this.time = times[0];
    this.kind = this.kinds[0];
    this.target = this.targets[0];
    this.stamp = this.stamps[0];
    const last = --this.n;
    if (last === 0) return true;
    const t = times[last];
    const k = keys[last];
    const kind = this.kinds[last];
    const target = this.targets[last];
    const stamp = this.stamps[last];
    let i = 0;
    // sift down the former last element from the root
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last) {
        const ct = times[c];
        const rt = times[r];
        if (rt < ct || (rt === ct && (keys[r]) < (keys[c]))) c = r;
      }
      const ct = times[c];
      if (t < ct || (t === ct && k < (keys[c]))) break;
      this.move(c, i);
      i = c;
    }
    times[i] = t;
    keys[i] = k;
    this.kinds[i] = kind;
    this.targets[i] = target;
    this.stamps[i] = stamp;
    return true;
  }

  /** A copy of the pending events (structured-cloneable). */
  snapshot(): EventQueueSnapshot {
    const n = this.n;
    return {
      times: this.times.slice(0, n),
      keys: this.keys.slice(0, n),
      kinds: this.kinds.slice(0, n),
      targets: this.targets.slice(0, n),
      stamps: this.stamps.slice(0, n),
      seq: this.seq,
    };
  }

  /** Restores a `snapshot()` (same heap layout, so the same pop order). */
  restore(s: EventQueueSnapshot): void {
    const n = s.times.length;
    while (this.times.length < n) this.grow();
    this.times.set(s.times);
    this.keys.set(s.keys);
    this.kinds.set(s.kinds);
    this.targets.set(s.targets);
    this.stamps.set(s.stamps);
    this.n = n;
    this.seq = s.seq;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.keys[to] = this.keys[from];
    this.kinds[to] = this.kinds[from];
    this.targets[to] = this.targets[from];
    this.stamps[to] = this.stamps[from];
  }

  private grow(): void {
    const c = this.times.length * 2;
    const t = new Float64Array(c);
    t.set(this.times);
    this.times = t;
    const k = new Float64Array(c);
    k.set(this.keys);
    this.keys = k;
    const a = new Int32Array(c);
    a.set(this.kinds);
    this.kinds = a;
    const b = new Int32Array(c);
    b.set(this.targets);
    this.targets = b;
    const s = new Int32Array(c);
    s.set(this.stamps);
    this.stamps = s;
  }
}

/** The pending events of an {@link EventQueue}, as returned by `snapshot()`. */
export interface EventQueueSnapshot {
  readonly times: Float64Array;
  readonly keys: Float64Array;
  readonly kinds: Int32Array;
  readonly targets: Int32Array;
  readonly stamps: Int32Array;
  readonly seq: number;
}
