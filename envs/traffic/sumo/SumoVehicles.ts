import type { CompiledNetwork } from '../engine/compileNetwork.js';
import type { TraciReader } from './protocol/TraciReader.js';
import { VAR } from './protocol/traciConstants.js';

/** Groups of per-vehicle variables, switched on when something first needs them. */
export const VEH_LANE = 1;
export const VEH_POS = 2;
export const VEH_WAIT = 4;
export const VEH_LOSS = 8;
export const VEH_ROUTE = 16;
export const VEH_VIEW = 32;

/**
 * The TraCI variables of a set of groups (the context subscription's variable list).
 *
 * @example
 * ```ts
 * vehicleVars(VEH_LANE | VEH_WAIT); // [0x51, 0x87]
 * ```
 */
export function vehicleVars(groups: number): number[] {
  const v: number[] = [];
  if (groups & (VEH_LANE | VEH_POS | VEH_WAIT | VEH_LOSS | VEH_ROUTE)) v.push(VAR.VAR_LANE_ID);
  if (groups & VEH_POS) v.push(VAR.VAR_LANEPOSITION);
  if (groups & (VEH_POS | VEH_VIEW)) v.push(VAR.VAR_SPEED);
  if (groups & VEH_WAIT) v.push(VAR.VAR_ACCUMULATED_WAITING_TIME);
  if (groups & VEH_LOSS) v.push(VAR.VAR_TIMELOSS);
  if (groups & VEH_ROUTE) v.push(VAR.VAR_ROUTE_INDEX);
  if (groups & VEH_VIEW) v.push(VAR.VAR_POSITION, VAR.VAR_ANGLE, VAR.VAR_LENGTH);
  return v;
}

/**
 * The vehicles in SUMO's network as the all-vehicle context subscription reports them at the last
 * answer: struct-of-arrays by slot (reused), string ids only at the boundary. Tracks for each vehicle
 * the time loss when it was first seen on its current road (for the time loss on the approach) and,
 * with its route, the junctions it passed since it was first seen (`nodePassages`): a route index that
 * grew by k means k junctions crossed; a vehicle that left the network crossed the rest of its route's.
 *
 * @example
 * ```ts
 * vehicles.begin(); vehicles.value('v1', VAR.VAR_SPEED, reader); vehicles.sweep();
 * ```
 */
export class SumoVehicles {
  readonly slotOf = new Map<string, number>();
  ids: string[] = [];
  lane: Int32Array = new Int32Array(0);
  road: Int32Array = new Int32Array(0);
  pos: Float64Array = new Float64Array(0);
  speed: Float64Array = new Float64Array(0);
  waiting: Float64Array = new Float64Array(0);
  timeLoss: Float64Array = new Float64Array(0);
  roadLoss0: Float64Array = new Float64Array(0);
  routeIndex: Int32Array = new Int32Array(0);
  countedIndex: Int32Array = new Int32Array(0);
  x: Float64Array = new Float64Array(0);
  y: Float64Array = new Float64Array(0);
  angle: Float64Array = new Float64Array(0);
  length: Float64Array = new Float64Array(0);
  extId: Int32Array = new Int32Array(0);
  private seen: Int32Array = new Int32Array(0);
  routes: (Int32Array | undefined)[] = [];
  /** Vehicles that entered each node's junction (counted from routes). */
  readonly nodePassages: Float64Array;
  /** Slots first seen in the last answer that have no route yet. */
  readonly newSlots: number[] = [];
  private free: number[] = [];
  private stamp = 0;
  private open = false;
  private nextExt = 0;
  count = 0;

  constructor(
    private readonly net: CompiledNetwork,
    private readonly laneOf: ReadonlyMap<string, number>,
  ) {
    this.nodePassages = new Float64Array(net.nNodes);
    this.grow(64);
  }

  /** Forgets every vehicle (a new run). */
  reset(): void {
    this.slotOf.clear();
    this.free = [];
    this.count = 0;
    this.newSlots.length = 0;
    this.nodePassages.fill(0);
    this.nextExt = 0;
    this.open = false;
    for (let s = this.ids.length - 1; s >= 0; s--) this.free.push(s);
    this.seen.fill(0);
  }

  private grow(n: number): void {
    const old = this.ids.length;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.lane = i32(this.lane);
    this.road = i32(this.road);
    this.routeIndex = i32(this.routeIndex);
    this.countedIndex = i32(this.countedIndex);
    this.extId = i32(this.extId);
    this.seen = i32(this.seen);
    this.pos = f64(this.pos);
    this.speed = f64(this.speed);
    this.waiting = f64(this.waiting);
    this.timeLoss = f64(this.timeLoss);
    this.roadLoss0 = f64(this.roadLoss0);
    this.x = f64(this.x);
    this.y = f64(this.y);
    this.angle = f64(this.angle);
    this.length = f64(this.length);
    for (let s = n - 1; s >= old; s--) this.free.push(s);
    this.ids.length = n;
    this.routes.length = n;
  }

  /** A new answer begins (the previous one is swept first). */
  begin(): void {
    if (this.open) this.sweep();
    this.stamp++;
    this.open = true;
  }

  private slot(id: string): number {
    let s = this.slotOf.get(id);
    if (s !== undefined) return s;
    if (this.free.length === 0) this.grow(this.ids.length * 2);
    s = this.free.pop() ?? 0;
    this.slotOf.set(id, s);
    this.ids[s] = id;
    this.lane[s] = -1;
    this.road[s] = -2;
    this.routeIndex[s] = 0;
    this.countedIndex[s] = -1;
    this.routes[s] = undefined;
    this.waiting[s] = this.timeLoss[s] = this.roadLoss0[s] = this.speed[s] = this.pos[s] = 0;
    this.length[s] = 5;
    this.extId[s] = this.nextExt++;
    this.newSlots.push(s);
    this.count++;
    return s;
  }

  /** Reads one reported variable of vehicle `id` from `r`. */
  value(id: string, varId: number, r: TraciReader): void {
    const s = this.slot(id);
    this.seen[s] = this.stamp;
    switch (varId) {
      case VAR.VAR_LANE_ID:
        this.setLane(s, this.laneOf.get(r.typedString()) ?? -1);
        break;
      case VAR.VAR_LANEPOSITION:
        this.pos[s] = r.typedDouble();
        break;
      case VAR.VAR_SPEED:
        this.speed[s] = r.typedDouble();
        break;
      case VAR.VAR_ACCUMULATED_WAITING_TIME:
        this.waiting[s] = r.typedDouble();
        break;
      case VAR.VAR_TIMELOSS:
        this.timeLoss[s] = r.typedDouble();
        break;
      case VAR.VAR_ROUTE_INDEX:
        this.routeIndex[s] = r.typedInt();
        this.countPassages(s, this.routeIndex[s]);
        break;
      case VAR.VAR_POSITION: {
        r.ubyte();
        this.x[s] = r.double();
        this.y[s] = r.double();
        break;
      }
      case VAR.VAR_ANGLE:
        this.angle[s] = r.typedDouble();
        break;
      case VAR.VAR_LENGTH:
        this.length[s] = r.typedDouble();
        break;
      default:
        r.typedValue();
    }
  }

  /** Puts vehicle `s` on engine lane `lane` (-1: inside a junction); a new road restarts its time loss on the road. */
  setLane(s: number, lane: number): void {
    this.lane[s] = lane;
    const road = lane >= 0 ? this.net.laneRoad[lane] : -1;
    if (road >= 0 && road !== this.road[s]) this.roadLoss0[s] = this.timeLoss[s];
    if (road >= 0 || this.road[s] === -2) this.road[s] = road;
  }

  /** Forgets vehicle `id` (no longer reported). */
  remove(id: string): void {
    const s = this.slotOf.get(id);
    if (s === undefined) return;
    this.slotOf.delete(id);
    this.free.push(s);
    this.count--;
  }

  /** Sets the route of a vehicle (SUMO edge ids -> engine roads) and counts the junctions it passed so far. */
  setRoute(slot: number, edges: readonly string[], roadOf: ReadonlyMap<string, number>): void {
    this.routes[slot] = Int32Array.from(edges, (e) => roadOf.get(e) ?? -1);
    this.countPassages(slot, this.routeIndex[slot]);
  }

  private countPassages(s: number, upTo: number): void {
    const route = this.routes[s];
    if (!route) return;
    const from = Math.max(0, this.countedIndex[s]);
    for (let i = from; i < Math.min(upTo, route.length - 1); i++) {
      const r = route[i];
      if (r >= 0) this.nodePassages[this.net.roadTo[r]]++;
    }
    this.countedIndex[s] = Math.max(this.countedIndex[s], upTo);
  }

  /** Ends the current answer: vehicles it did not list left the network (their remaining junctions are counted). */
  sweep(): void {
    if (!this.open) return;
    this.open = false;
    for (const [id, s] of this.slotOf) {
      if (this.seen[s] === this.stamp) continue;
      const route = this.routes[s];
      if (route) this.countPassages(s, route.length - 1);
      this.slotOf.delete(id);
      this.free.push(s);
      this.count--;
    }
    for (let k = this.newSlots.length - 1; k >= 0; k--) if (this.slotOf.get(this.ids[this.newSlots[k]] ?? '') !== this.newSlots[k]) this.newSlots.splice(k, 1);
  }

  /** The connection vehicle `s` takes at the end of its lane (-1: none known or none from this lane). */
  connOf(s: number): number {
    const lane = this.lane[s];
    const route = this.routes[s];
    if (lane < 0 || !route) return -1;
    const next = route[this.routeIndex[s] + 1];
    if (next === undefined || next < 0) return -1;
    const n = this.net;
    for (let k = n.laneConnStart[lane]; k < n.laneConnStart[lane + 1]; k++) {
      const c = n.laneConns[k];
      if (n.connToRoad[c] === next) return c;
    }
    return -1;
  }
}
