/** Vehicle slot states. */
export const VEH_FREE = 0;
export const VEH_PENDING = 1;
export const VEH_RUNNING = 2;
export const VEH_TELEPORTING = 3;

/** Drive items (upcoming links) kept per vehicle. */
export const MAX_ITEMS = 4;

const F64_FIELDS = [
  'pos', 'speed', 'vPlan', 'hardCap', 'departWanted', 'depart', 'timeLoss', 'waiting', 'waitCur', 'odo', 'speedFactor',
  'arrivalPos', 'lookAheadSpeed', 'sgProb', 'krProb', 'entryTime', 'lcAdvice', 'lcAdviceNext', 'roadLoss0', 'stopUntil',
  'tpTime', 'departPosValue', 'departSpeed', 'stuck',
] as const;
const I32_FIELDS = [
  'type', 'seg', 'ahead', 'behind', 'route', 'routeIdx', 'conn', 'extId', 'queueNext', 'departLane', 'lcStep', 'runPos',
  'stopIdx', 'stopEnd', 'nItems', 'stops',
] as const;
const U8_FIELDS = ['state', 'halting', 'departPos', 'stopped'] as const;
const ITEM_F64 = ['itDist', 'itVPass', 'itVWait', 'itArrT', 'itArrV', 'itLeaveV', 'itArrTB', 'itArrVB'] as const;
const ITEM_I32 = ['itLink', 'itNext'] as const;
const ITEM_U8 = ['itReq'] as const;

type F64Field = (typeof F64_FIELDS)[number] | (typeof ITEM_F64)[number] | 'bestLen';
type I32Field = (typeof I32_FIELDS)[number] | (typeof ITEM_I32)[number];
type U8Field = (typeof U8_FIELDS)[number] | (typeof ITEM_U8)[number];

/** A copy of a store's arrays (see `snapshot`). */
export type VehicleStoreState = { capacity: number; freeTop: number; free: Int32Array; run: Int32Array; runCount: number; bestOff: Int8Array } & Record<F64Field, Float64Array> & Record<I32Field, Int32Array> & Record<U8Field, Uint8Array>;

/**
 * Per-vehicle state as struct-of-arrays. Slots are reused through a free list; the arrays double when
 * full (rare, amortised). `pos` is the front bumper's distance along the vehicle's segment; `ahead` and
 * `behind` link the vehicles of a segment in driving order. Each vehicle keeps up to {@link MAX_ITEMS}
 * drive items (the links ahead it plans to pass, `it*[v * MAX_ITEMS + k]`) and the best-lane table of its
 * current road (`bestLen`/`bestOff[v * laneStride + lane index]`).
 *
 * @example
 * ```ts
 * const vs = new VehicleStore(256, 3);
 * const v = vs.alloc(); vs.speed[v] = 10; vs.release(v);
 * ```
 */
export class VehicleStore {
  capacity: number;
  readonly laneStride: number;
  /** Free slots (a stack): `free[0 .. freeTop)`. */
  free: Int32Array;
  freeTop: number;
  /** Running vehicles, densely packed (`run[0 .. runCount)`); `runPos[v]` is v's index there. */
  run: Int32Array;
  runCount = 0;
  bestOff!: Int8Array;
  // per-vehicle fields (see F64_FIELDS, I32_FIELDS, U8_FIELDS)
  pos!: Float64Array; speed!: Float64Array; vPlan!: Float64Array; hardCap!: Float64Array; departWanted!: Float64Array;
  depart!: Float64Array; timeLoss!: Float64Array; waiting!: Float64Array; waitCur!: Float64Array; odo!: Float64Array;
  speedFactor!: Float64Array; arrivalPos!: Float64Array; lookAheadSpeed!: Float64Array; sgProb!: Float64Array;
  krProb!: Float64Array; entryTime!: Float64Array; lcAdvice!: Float64Array; lcAdviceNext!: Float64Array;
  roadLoss0!: Float64Array; stopUntil!: Float64Array; tpTime!: Float64Array; departPosValue!: Float64Array;
  departSpeed!: Float64Array; stuck!: Float64Array;
  type!: Int32Array; seg!: Int32Array; ahead!: Int32Array; behind!: Int32Array; route!: Int32Array; routeIdx!: Int32Array;
  conn!: Int32Array; extId!: Int32Array; queueNext!: Int32Array; departLane!: Int32Array; lcStep!: Int32Array;
  runPos!: Int32Array; stopIdx!: Int32Array; stopEnd!: Int32Array; nItems!: Int32Array; stops!: Int32Array;
  state!: Uint8Array; halting!: Uint8Array; departPos!: Uint8Array; stopped!: Uint8Array;
  itDist!: Float64Array; itVPass!: Float64Array; itVWait!: Float64Array; itArrT!: Float64Array; itArrV!: Float64Array;
  itLeaveV!: Float64Array; itArrTB!: Float64Array; itArrVB!: Float64Array; itLink!: Int32Array; itNext!: Int32Array;
  itReq!: Uint8Array; bestLen!: Float64Array;

  constructor(capacity: number, laneStride = 1) {
    this.capacity = Math.max(16, capacity);
    this.laneStride = Math.max(1, laneStride);
    this.allocate(this.capacity);
    this.free = new Int32Array(this.capacity);
    this.run = new Int32Array(this.capacity);
    this.freeTop = 0;
    this.clear();
  }

  private allocate(cap: number): void {
    for (const f of F64_FIELDS) this[f] = new Float64Array(cap);
    for (const f of I32_FIELDS) this[f] = new Int32Array(cap);
    for (const f of U8_FIELDS) this[f] = new Uint8Array(cap);
    for (const f of ITEM_F64) this[f] = new Float64Array(cap * MAX_ITEMS);
    for (const f of ITEM_I32) this[f] = new Int32Array(cap * MAX_ITEMS);
    for (const f of ITEM_U8) this[f] = new Uint8Array(cap * MAX_ITEMS);
    this.bestLen = new Float64Array(cap * this.laneStride);
    this.bestOff = new Int8Array(cap * this.laneStride);
  }

  /** Frees every slot. */
  clear(): void {
    this.state.fill(0);
    this.freeTop = 0;
    this.runCount = 0;
    for (let i = this.capacity - 1; i >= 0; i--) this.free[this.freeTop++] = i;
  }

  /** Takes a free slot (growing the arrays if none is left), with its per-trip fields reset. */
  alloc(): number {
    if (this.freeTop === 0) this.grow(this.capacity * 2);
    const v = this.free[--this.freeTop] ?? 0;
    this.ahead[v] = -1;
    this.behind[v] = -1;
    this.queueNext[v] = -1;
    this.timeLoss[v] = 0;
    this.roadLoss0[v] = 0;
    this.waiting[v] = 0;
    this.waitCur[v] = 0;
    this.odo[v] = 0;
    this.stops[v] = 0;
    this.halting[v] = 0;
    this.conn[v] = -1;
    this.lcStep[v] = -1;
    this.nItems[v] = 0;
    this.lookAheadSpeed[v] = 0;
    this.sgProb[v] = 0;
    this.krProb[v] = 0;
    this.entryTime[v] = Infinity;
    this.lcAdvice[v] = Infinity;
    this.lcAdviceNext[v] = Infinity;
    this.stopped[v] = 0;
    this.stopUntil[v] = -1;
    this.stopIdx[v] = -1;
    this.stopEnd[v] = -1;
    this.stuck[v] = 0;
    return v;
  }

  /** Marks `v` running and adds it to the dense `run` list. */
  activate(v: number): void {
    this.state[v] = 2;
    this.runPos[v] = this.runCount;
    this.run[this.runCount++] = v;
  }

  /** Removes running `v` from the `run` list (it stays allocated, e.g. while teleporting). */
  deactivate(v: number): void {
    const i = this.runPos[v] ?? 0;
    const last = this.run[--this.runCount] ?? 0;
    this.run[i] = last;
    this.runPos[last] = i;
  }

  /** Returns slot `v` to the free list (removing it from `run` if it was running). */
  release(v: number): void {
    if (this.state[v] === VEH_RUNNING) this.deactivate(v);
    this.state[v] = VEH_FREE;
    this.free[this.freeTop++] = v;
  }

  private grow(cap: number): void {
    const old = this.snapshot();
    this.allocate(cap);
    this.copyFrom(old);
    const free = new Int32Array(cap);
    free.set(old.free.subarray(0, this.freeTop));
    this.free = free;
    const run = new Int32Array(cap);
    run.set(old.run.subarray(0, this.runCount));
    this.run = run;
    for (let i = cap - 1; i >= this.capacity; i--) this.free[this.freeTop++] = i;
    this.capacity = cap;
  }

  private copyFrom(s: VehicleStoreState): void {
    for (const f of [...F64_FIELDS, ...ITEM_F64, 'bestLen'] as const) this[f].set(s[f]);
    for (const f of [...I32_FIELDS, ...ITEM_I32] as const) this[f].set(s[f]);
    for (const f of [...U8_FIELDS, ...ITEM_U8] as const) this[f].set(s[f]);
    this.bestOff.set(s.bestOff);
  }

  /** A deep copy of all arrays. */
  snapshot(): VehicleStoreState {
    const s: Record<string, unknown> = { capacity: this.capacity, freeTop: this.freeTop, free: this.free.slice(), run: this.run.slice(), runCount: this.runCount, bestOff: this.bestOff.slice() };
    for (const f of [...F64_FIELDS, ...ITEM_F64, 'bestLen', ...I32_FIELDS, ...ITEM_I32, ...U8_FIELDS, ...ITEM_U8] as const) s[f] = this[f].slice();
    return s as VehicleStoreState;
  }

  /** Restores a copy made by `snapshot` (the arrays are copied, the snapshot stays reusable). */
  restore(s: VehicleStoreState): void {
    if (s.capacity !== this.capacity) {
      this.capacity = s.capacity;
      this.allocate(s.capacity);
      this.free = new Int32Array(s.capacity);
      this.run = new Int32Array(s.capacity);
    }
    this.copyFrom(s);
    this.free.set(s.free);
    this.freeTop = s.freeTop;
    this.run.set(s.run);
    this.runCount = s.runCount;
  }
}
