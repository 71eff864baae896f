/** Vehicle slot states. */
export const VEH_FREE = 0;
export const VEH_PENDING = 1;
export const VEH_RUNNING = 2;
export const VEH_TELEPORTING = 3;
/** Off the lane for a parking stop (SUMO `parking="true"`, a parkingArea). */
export const VEH_PARKED = 4;

/** Drive items (upcoming links) kept per vehicle. */
export const MAX_ITEMS = 4;
/** Lanes beyond the current road kept per best-lane entry (for the occupation ahead, SUMO `nextOccupation`). */
export const MAX_CONT = 12;
/** Lane-change speed advices a vehicle can hold per step (SUMO `myLCAccelerationAdvices`). */
export const MAX_ADVICES = 6;

const F64_FIELDS = [
  'pos', 'speed', 'acc', 'vPlan', 'departWanted', 'depart', 'timeLoss', 'waiting', 'waitCur', 'odo', 'speedFactor', 'vTop',
  'arrivalPos', 'lookAheadSpeed', 'sgProb', 'krProb', 'leftSpace', 'blockerLen', 'entryTime', 'roadLoss0', 'stopUntil',
  'tpTime', 'departPosValue', 'departSpeed', 'stuck', 'rerouteAt', 'detLoss0', 'stopTarget', 'confEntryTime', 'entryTimeNY',
  'stopPlanDist',
] as const;
const I32_FIELDS = [
  'type', 'seg', 'ahead', 'behind', 'route', 'routeIdx', 'conn', 'extId', 'queueNext', 'departLane', 'lcState', 'runPos',
  'stopIdx', 'stopEnd', 'stopRi', 'nItems', 'stops', 'nAdvice', 'detMark', 'lot', 'viaFrom', 'viaTo',
] as const;
const U8_FIELDS = ['state', 'halting', 'departPos', 'stopped', 'dontBrake', 'trip', 'exitNoReq', 'haveToWait', 'planEnd'] as const;
const ITEM_F64 = ['itDist', 'itVPass', 'itVWait', 'itArrT', 'itArrV', 'itLeaveV', 'itArrTB', 'itArrVB', 'itWait'] as const;
const ITEM_I32 = ['itLink', 'itNext'] as const;
const ITEM_U8 = ['itReq', 'itExit'] as const;
/** Per lane of the current road (stride `laneStride`): best-lane length and offset; the continuation lanes (`MAX_CONT` each). */
const LANE_F64 = ['bestLen'] as const;
const LANE_I8 = ['bestOff'] as const;
const CONT_I32 = ['bestCont'] as const;
const ADV_F64 = ['advice'] as const;

type F64Field = (typeof F64_FIELDS)[number] | (typeof ITEM_F64)[number] | (typeof LANE_F64)[number] | (typeof ADV_F64)[number];
type I32Field = (typeof I32_FIELDS)[number] | (typeof ITEM_I32)[number] | (typeof CONT_I32)[number];
type U8Field = (typeof U8_FIELDS)[number] | (typeof ITEM_U8)[number];
type I8Field = (typeof LANE_I8)[number];

/** A copy of a store's arrays (see `snapshot`). */
export type VehicleStoreState = { capacity: number; freeTop: number; free: Int32Array; run: Int32Array; runCount: number } & Record<F64Field, Float64Array> &
  Record<I32Field, Int32Array> & Record<U8Field, Uint8Array> & Record<I8Field, Int8Array>;

/** The field groups: names, element type, and how many elements each vehicle has. */
function groups(
  laneStride: number,
): ReadonlyArray<{ names: readonly string[]; make: (n: number) => Float64Array | Int32Array | Uint8Array | Int8Array; per: number }> {
  return [
    { names: F64_FIELDS, make: (n) => new Float64Array(n), per: 1 },
    { names: I32_FIELDS, make: (n) => new Int32Array(n), per: 1 },
    { names: U8_FIELDS, make: (n) => new Uint8Array(n), per: 1 },
    { names: ITEM_F64, make: (n) => new Float64Array(n), per: MAX_ITEMS },
    { names: ITEM_I32, make: (n) => new Int32Array(n), per: MAX_ITEMS },
    { names: ITEM_U8, make: (n) => new Uint8Array(n), per: MAX_ITEMS },
    { names: LANE_F64, make: (n) => new Float64Array(n), per: laneStride },
    { names: LANE_I8, make: (n) => new Int8Array(n), per: laneStride },
    { names: CONT_I32, make: (n) => new Int32Array(n), per: laneStride * MAX_CONT },
    { names: ADV_F64, make: (n) => new Float64Array(n), per: MAX_ADVICES },
  ];
}

/**
 * Per-vehicle state as struct-of-arrays. Slots are reused through a free list; the arrays double when
 * full (rare, amortised). `pos` is the front bumper's distance along the vehicle's segment; `ahead` and
 * `behind` link the vehicles of a segment in driving order. Each vehicle keeps up to {@link MAX_ITEMS}
 * drive items (the links ahead it plans to pass, `it*[v * MAX_ITEMS + k]`), the best-lane table of its
 * current road (`bestLen`/`bestOff[v * laneStride + lane index]`, and the lanes it continues on, one per road
 * ahead, in `bestCont[(v * laneStride + lane index) * MAX_CONT + j]`, -1 terminated), and the lane-change speed advices of the
 * step (`advice[v * MAX_ADVICES + j]`, `nAdvice[v]` of them).
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
  // per-vehicle fields (see the *_FIELDS lists)
  pos!: Float64Array; speed!: Float64Array; acc!: Float64Array; vPlan!: Float64Array;
  departWanted!: Float64Array; depart!: Float64Array; timeLoss!: Float64Array; waiting!: Float64Array;
  waitCur!: Float64Array; odo!: Float64Array; speedFactor!: Float64Array; arrivalPos!: Float64Array;
  /** The vehicle's top speed (see `topSpeed`), set with its speed factor (`setSpeedFactor`). */
  vTop!: Float64Array;
  lookAheadSpeed!: Float64Array; sgProb!: Float64Array; krProb!: Float64Array; leftSpace!: Float64Array;
  /**
   * Junction times (Infinity when not on a junction): `entryTime` is when the vehicle entered its current
   * junction, given up (Infinity) while it waits inside without a request (SUMO `myJunctionEntryTime`);
   * `entryTimeNY` the same never given up (`myJunctionEntryTimeNeverYield`); `confEntryTime` when it entered
   * the junction's conflict area (`myJunctionConflictEntryTime`: at the entry unless the connection waits at
   * an internal junction, then when it passes that).
   */
  confEntryTime!: Float64Array;
  entryTimeNY!: Float64Array;
  /** Planned this step: the link out of the vehicle's internal lane to the road after the junction has no request. */
  exitNoReq!: Uint8Array;
  /**
   * Decided this step (SUMO `myHaveToWaitOnNextLink`): the vehicle will stop before its next link (closed,
   * yellow, not asked for, or too slow to cross it); read by the next step's keep-clear check of drivers behind.
   */
  haveToWait!: Uint8Array;
  /** Planned this step: the look-ahead ended at a stop, the arrival or a lane the route cannot leave (SUMO's drive item without a link). */
  planEnd!: Uint8Array;
  blockerLen!: Float64Array; entryTime!: Float64Array; roadLoss0!: Float64Array; stopUntil!: Float64Array; stopTarget!: Float64Array;
  tpTime!: Float64Array; departPosValue!: Float64Array; departSpeed!: Float64Array; stuck!: Float64Array;
  /** A trip waiting to be inserted is routed again at this time (SUMO's routing device, every 60 s before insertion). */
  rerouteAt!: Float64Array;
  /** Distance from where the vehicle planned this step to where it would halt for its next stop (SUMO `myStopDist`); NaN: no stop in its look-ahead. */
  stopPlanDist!: Float64Array;
  /** Time loss of the vehicle when it came onto the delay_based detector `detMark` (-1: none). */
  detLoss0!: Float64Array;
  type!: Int32Array; seg!: Int32Array; ahead!: Int32Array; behind!: Int32Array; route!: Int32Array; routeIdx!: Int32Array;
  conn!: Int32Array; extId!: Int32Array; queueNext!: Int32Array; departLane!: Int32Array; lcState!: Int32Array;
  runPos!: Int32Array; stopIdx!: Int32Array; stopEnd!: Int32Array; stopRi!: Int32Array; nItems!: Int32Array; stops!: Int32Array; lot!: Int32Array;
  nAdvice!: Int32Array;
  detMark!: Int32Array;
  /** A trip's via roads: `net.demand.viaRoad[viaFrom .. viaTo)`. */
  viaFrom!: Int32Array; viaTo!: Int32Array;
  state!: Uint8Array; halting!: Uint8Array; departPos!: Uint8Array; stopped!: Uint8Array; dontBrake!: Uint8Array;
  /** 1 for a trip (routed by the routing device). */
  trip!: Uint8Array;
  itDist!: Float64Array; itVPass!: Float64Array; itVWait!: Float64Array; itArrT!: Float64Array; itArrV!: Float64Array;
  itLeaveV!: Float64Array; itArrTB!: Float64Array; itArrVB!: Float64Array; itWait!: Float64Array; itLink!: Int32Array; itNext!: Int32Array;
  itReq!: Uint8Array;
  /** 1 when the plan went on past the junction exit of item k's link (SUMO had an exit-link drive item after it). */
  itExit!: Uint8Array;
  bestLen!: Float64Array; bestOff!: Int8Array; bestCont!: Int32Array; advice!: Float64Array;

  constructor(capacity: number, laneStride = 1) {
    this.capacity = Math.max(16, capacity);
    this.laneStride = Math.max(1, laneStride);
    this.allocate(this.capacity);
    this.free = new Int32Array(this.capacity);
    this.run = new Int32Array(this.capacity);
    this.freeTop = 0;
    this.clear();
  }

  private fields(): Record<string, Float64Array | Int32Array | Uint8Array | Int8Array> {
    return this as unknown as Record<string, Float64Array | Int32Array | Uint8Array | Int8Array>;
  }

  private allocate(cap: number): void {
    const f = this.fields();
    for (const g of groups(this.laneStride)) for (const name of g.names) f[name] = g.make(cap * g.per);
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
    this.acc[v] = 0;
    this.stops[v] = 0;
    this.halting[v] = 0;
    this.conn[v] = -1;
    this.nItems[v] = 0;
    this.lookAheadSpeed[v] = 0;
    this.sgProb[v] = 0;
    this.krProb[v] = 0;
    this.lcState[v] = 0;
    this.nAdvice[v] = 0;
    this.leftSpace[v] = 0;
    this.blockerLen[v] = 0;
    this.dontBrake[v] = 0;
    this.entryTime[v] = Infinity;
    this.confEntryTime[v] = Infinity;
    this.entryTimeNY[v] = Infinity;
    this.exitNoReq[v] = 0;
    this.haveToWait[v] = 0;
    this.planEnd[v] = 0;
    this.stopped[v] = 0;
    this.stopUntil[v] = -1;
    this.stopIdx[v] = -1;
    this.stopEnd[v] = -1;
    this.stopRi[v] = -1;
    this.stopTarget[v] = Number.NaN;
    this.stopPlanDist[v] = Number.NaN;
    this.lot[v] = -1;
    this.stuck[v] = 0;
    this.detMark[v] = -1;
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
    const f = this.fields();
    const src = s as unknown as Record<string, ArrayLike<number>>;
    for (const g of groups(this.laneStride)) for (const name of g.names) f[name]?.set(src[name]);
  }

  /** A deep copy of all arrays. */
  snapshot(): VehicleStoreState {
    const s: Record<string, unknown> = {
      capacity: this.capacity, freeTop: this.freeTop, free: this.free.slice(), run: this.run.slice(), runCount: this.runCount,
    };
    const f = this.fields();
    for (const g of groups(this.laneStride)) for (const name of g.names) s[name] = f[name]?.slice();
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
