/** Vehicle slot states. */
export const VEH_FREE = 0;
export const VEH_PENDING = 1;
export const VEH_RUNNING = 2;

const F64_FIELDS = ['pos', 'speed', 'newSpeed', 'departWanted', 'depart', 'timeLoss', 'waiting', 'stuck', 'distance', 'departSpeed', 'roadLoss0'] as const;
const I32_FIELDS = ['type', 'seg', 'ahead', 'behind', 'route', 'routeIdx', 'nextRoad', 'next2Road', 'conn', 'stops', 'extId', 'queueNext', 'departLane', 'lcStep', 'runPos'] as const;
const U8_FIELDS = ['state', 'halting', 'mayEnter'] as const;
type F64Field = (typeof F64_FIELDS)[number];
type I32Field = (typeof I32_FIELDS)[number];
type U8Field = (typeof U8_FIELDS)[number];

/** A copy of a store's arrays (see `snapshot`). */
export type VehicleStoreState = { capacity: number; freeTop: number; free: Int32Array; run: Int32Array; runCount: number } & Record<F64Field, Float64Array> & Record<I32Field, Int32Array> & Record<U8Field, Uint8Array>;

/**
 * Per-vehicle state as struct-of-arrays. Slots are reused through a free list; the arrays double when
 * full (rare, amortised). `pos` is the front bumper's distance along the vehicle's segment; `ahead` and
 * `behind` link the vehicles of a segment in driving order.
 *
 * @example
 * ```ts
 * const vs = new VehicleStore(256);
 * const v = vs.alloc(); vs.speed[v] = 10; vs.release(v);
 * ```
 */
export class VehicleStore {
  capacity: number;
  /** Free slots (a stack): `free[0 .. freeTop)`. */
  free: Int32Array;
  freeTop: number;
  /** Running vehicles, densely packed (`run[0 .. runCount)`); `runPos[v]` is v's index there. */
  run: Int32Array;
  runCount = 0;
  pos!: Float64Array;
  speed!: Float64Array;
  /** Speed chosen for the end of the current step. */
  newSpeed!: Float64Array;
  departWanted!: Float64Array;
  depart!: Float64Array;
  timeLoss!: Float64Array;
  waiting!: Float64Array;
  /** Seconds spent stopped at a stop line in a lane that does not lead to the next road. */
  stuck!: Float64Array;
  distance!: Float64Array;
  /** Time loss when the vehicle entered its current road (for the per-intersection approach delay). */
  roadLoss0!: Float64Array;
  /** Requested insertion speed (m/s), -1 for the highest safe one. */
  departSpeed!: Float64Array;
  type!: Int32Array;
  seg!: Int32Array;
  ahead!: Int32Array;
  behind!: Int32Array;
  route!: Int32Array;
  routeIdx!: Int32Array;
  nextRoad!: Int32Array;
  next2Road!: Int32Array;
  conn!: Int32Array;
  stops!: Int32Array;
  extId!: Int32Array;
  queueNext!: Int32Array;
  departLane!: Int32Array;
  /** Step number of the last lane change (one change per step). */
  lcStep!: Int32Array;
  runPos!: Int32Array;
  state!: Uint8Array;
  halting!: Uint8Array;
  mayEnter!: Uint8Array;

  constructor(capacity: number) {
    this.capacity = Math.max(16, capacity);
    for (const f of F64_FIELDS) this[f] = new Float64Array(this.capacity);
    for (const f of I32_FIELDS) this[f] = new Int32Array(this.capacity);
    for (const f of U8_FIELDS) this[f] = new Uint8Array(this.capacity);
    this.free = new Int32Array(this.capacity);
    this.run = new Int32Array(this.capacity);
    this.freeTop = 0;
    this.clear();
  }

  /** Frees every slot. */
  clear(): void {
    this.state.fill(VEH_FREE);
    this.freeTop = 0;
    this.runCount = 0;
    for (let i = this.capacity - 1; i >= 0; i--) this.free[this.freeTop++] = i;
  }

  /** Takes a free slot (growing the arrays if none is left). */
  alloc(): number {
    if (this.freeTop === 0) this.grow(this.capacity * 2);
    const v = this.free[--this.freeTop] as number;
    this.ahead[v] = -1;
    this.behind[v] = -1;
    this.queueNext[v] = -1;
    this.timeLoss[v] = 0;
    this.roadLoss0[v] = 0;
    this.waiting[v] = 0;
    this.stuck[v] = 0;
    this.distance[v] = 0;
    this.stops[v] = 0;
    this.halting[v] = 0;
    this.mayEnter[v] = 0;
    this.conn[v] = -1;
    this.lcStep[v] = -1;
    return v;
  }

  /** Marks `v` running and adds it to the dense `run` list. */
  activate(v: number): void {
    this.state[v] = VEH_RUNNING;
    this.runPos[v] = this.runCount;
    this.run[this.runCount++] = v;
  }

  /** Returns slot `v` to the free list (removing it from `run` if it was running). */
  release(v: number): void {
    if (this.state[v] === VEH_RUNNING) {
      const i = this.runPos[v] as number;
      const last = this.run[--this.runCount] as number;
      this.run[i] = last;
      this.runPos[last] = i;
    }
    this.state[v] = VEH_FREE;
    this.free[this.freeTop++] = v;
  }

  private grow(cap: number): void {
    const old = this.capacity;
    for (const f of F64_FIELDS) this[f] = copyInto(new Float64Array(cap), this[f]);
    for (const f of I32_FIELDS) this[f] = copyInto(new Int32Array(cap), this[f]);
    for (const f of U8_FIELDS) this[f] = copyInto(new Uint8Array(cap), this[f]);
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeTop));
    this.free = free;
    const run = new Int32Array(cap);
    run.set(this.run.subarray(0, this.runCount));
    this.run = run;
    for (let i = cap - 1; i >= old; i--) this.free[this.freeTop++] = i;
    this.capacity = cap;
  }

  /** A deep copy of all arrays. */
  snapshot(): VehicleStoreState {
    const s: Record<string, unknown> = { capacity: this.capacity, freeTop: this.freeTop, free: this.free.slice(), run: this.run.slice(), runCount: this.runCount };
    for (const f of [...F64_FIELDS, ...I32_FIELDS, ...U8_FIELDS]) s[f] = this[f].slice();
    return s as VehicleStoreState;
  }

  /** Restores a copy made by `snapshot` (the arrays are copied, the snapshot stays reusable). */
  restore(s: VehicleStoreState): void {
    if (s.capacity !== this.capacity) {
      this.capacity = s.capacity;
      for (const f of F64_FIELDS) this[f] = new Float64Array(s.capacity);
      for (const f of I32_FIELDS) this[f] = new Int32Array(s.capacity);
      for (const f of U8_FIELDS) this[f] = new Uint8Array(s.capacity);
      this.free = new Int32Array(s.capacity);
      this.run = new Int32Array(s.capacity);
    }
    for (const f of F64_FIELDS) this[f].set(s[f]);
    for (const f of I32_FIELDS) this[f].set(s[f]);
    for (const f of U8_FIELDS) this[f].set(s[f]);
    this.free.set(s.free);
    this.freeTop = s.freeTop;
    this.run.set(s.run);
    this.runCount = s.runCount;
  }
}

function copyInto<T extends Float64Array | Int32Array | Uint8Array>(dst: T, src: T): T {
  dst.set(src);
  return dst;
}
