import { NUMERICAL_EPS, POSITION_EPS } from './carFollowing.js';
import type { CompiledNetwork } from './compileNetwork.js';
import { HALTING_SPEED } from './EngineCounters.js';
import type { EngineState } from './EngineState.js';
import { VEH_PARKED } from './VehicleStore.js';

/** How far before its target a driver may be to take its lot (SUMO's `STOPPING_PLACE_OFFSET`). */
export const STOPPING_PLACE_OFFSET = 0.5;

/** A copy of the lots' dynamic state (see `getState`). */
export interface ParkingLotsState {
  readonly lotVeh: Int32Array;
  readonly lotFreedAt: Float64Array;
  readonly lotFreedPos: Float64Array;
  readonly occ: Int32Array;
  readonly lastFreeLot: Int32Array;
  readonly lastFreePos: Float64Array;
  readonly egress: Uint8Array;
}

/**
 * The lots of the parking areas and who stands in them, as SUMO 1.15's `MSParkingArea` keeps them: lot i
 * of `roadsideCapacity` lots ends at `begin + (i + 1) * (end - begin) / capacity`, the lots of `<space>`
 * elements end at the area's end. A driver takes the first free lot. Each area keeps its "last free
 * position" (`computeLastFreePos`: the end of its first free lot; with every lot taken, the least of its
 * begin and the lots' ends minus their cars' lengths, or, when a parked car's stop is over but it cannot
 * get back onto the road, the place just behind that car, so that the drivers waiting leave it room:
 * egress blocked). Approaching drivers on the area's lane reserve lots in driving order each step
 * (`getLastFreePosWithReservation`): the first aims at the last free position (less its minimum gap when
 * the area is full), the next ones too while lots are left for them, the others at the first lot's end
 * less the longest car and their gap. A lot freed by a car that leaves is seen at once by the drivers
 * behind it on the lane and one step later by those ahead (SUMO moves a lane's vehicles front first).
 * Arrays per area (`area*`) and per lot (`lot*`, the lots of area `a` are `lotStart[a] .. lotStart[a+1]`).
 *
 * @example
 * ```ts
 * const lots = new ParkingLots(net);
 * lots.reserve(state); // before the vehicles plan their step
 * ```
 */
export class ParkingLots {
  readonly n: number;
  /** Lane (segment) of each area, its begin and end on it (m). */
  readonly areaSeg: Int32Array;
  readonly areaBegin: Float64Array;
  readonly areaEndPos: Float64Array;
  /** Where cars leaving the area come back onto the road (m; NaN: their lot's end). */
  readonly areaDepart: Float64Array;
  readonly lotStart: Int32Array;
  /** Where a car in the lot stands (its front) and comes back onto the lane. */
  readonly lotEnd: Float64Array;
  /** The car in each lot, -1 for none; when and where (the leaving car's front) a lot was last freed. */
  readonly lotVeh: Int32Array;
  readonly lotFreedAt: Float64Array;
  readonly lotFreedPos: Float64Array;
  /** Cars in each area (SUMO `getOccupancyIncludingBlocked`), its last free lot and position, and egress blocked (1). */
  readonly occ: Int32Array;
  readonly lastFreeLot: Int32Array;
  readonly lastFreePos: Float64Array;
  readonly egress: Uint8Array;

  constructor(net: CompiledNetwork) {
    const d = net.demand;
    const n = d.nAreas;
    this.n = n;
    this.areaSeg = new Int32Array(n);
    this.areaBegin = new Float64Array(n);
    this.areaEndPos = new Float64Array(n);
    this.areaDepart = Float64Array.from(d.areaDepartPos);
    this.lotStart = new Int32Array(n + 1);
    for (let a = 0; a < n; a++) this.lotStart[a + 1] = (this.lotStart[a] ?? 0) + (d.areaRoadside[a] ?? 0) + (d.areaSpaces[a] ?? 0);
    const nLots = this.lotStart[n] ?? 0;
    this.lotEnd = new Float64Array(nLots);
    for (let a = 0; a < n; a++) {
      const road = d.areaRoad[a] ?? 0;
      const seg = (net.roadLaneStart[road] ?? 0) + Math.min(d.areaLane[a] ?? 0, (net.roadLaneCount[road] ?? 1) - 1);
      const len = net.segLength[seg] ?? 0;
      const at = (x: number): number => Math.max(0, Math.min(len, x === Infinity ? len : x < 0 ? len + x : x));
      const begin = at(d.areaStart[a] ?? 0);
      const end = Math.max(begin, at(d.areaEnd[a] ?? Infinity));
      this.areaSeg[a] = seg;
      this.areaBegin[a] = begin;
      this.areaEndPos[a] = end;
      const cap = d.areaRoadside[a] ?? 0;
      const l0 = this.lotStart[a] ?? 0;
      for (let i = 0; i < cap; i++) this.lotEnd[l0 + i] = Math.min(end, begin + Math.max(POSITION_EPS, ((end - begin) / cap) * (i + 1)));
      for (let i = l0 + cap; i < (this.lotStart[a + 1] ?? 0); i++) this.lotEnd[i] = end;
    }
    this.lotVeh = new Int32Array(nLots);
    this.lotFreedAt = new Float64Array(nLots);
    this.lotFreedPos = new Float64Array(nLots);
    this.occ = new Int32Array(n);
    this.lastFreeLot = new Int32Array(n);
    this.lastFreePos = new Float64Array(n);
    this.egress = new Uint8Array(n);
    this.reset();
  }

  /** Empties every lot. */
  reset(): void {
    this.lotVeh.fill(-1);
    this.lotFreedAt.fill(-Infinity);
    this.lotFreedPos.fill(0);
    this.occ.fill(0);
    this.egress.fill(0);
    for (let a = 0; a < this.n; a++) this.settle(a, undefined, 0);
  }

  getState(): ParkingLotsState {
    return {
      lotVeh: this.lotVeh.slice(), lotFreedAt: this.lotFreedAt.slice(), lotFreedPos: this.lotFreedPos.slice(), occ: this.occ.slice(),
      lastFreeLot: this.lastFreeLot.slice(), lastFreePos: this.lastFreePos.slice(), egress: this.egress.slice(),
    };
  }

  setState(s: ParkingLotsState): void {
    this.lotVeh.set(s.lotVeh);
    this.lotFreedAt.set(s.lotFreedAt);
    this.lotFreedPos.set(s.lotFreedPos);
    this.occ.set(s.occ);
    this.lastFreeLot.set(s.lastFreeLot);
    this.lastFreePos.set(s.lastFreePos);
    this.egress.set(s.egress);
  }

  /** Where a car leaving lot `l` of area `a` comes back onto the road (SUMO `getInsertionPosition`): the area's departPos, else the lot's end. */
  exitPos(a: number, l: number): number {
    const p = this.areaDepart[a] ?? Number.NaN;
    return Number.isNaN(p) ? (this.lotEnd[l] ?? 0) : p;
  }

  /** Lots of area `a`. */
  capacity(a: number): number {
    return (this.lotStart[a + 1] ?? 0) - (this.lotStart[a] ?? 0);
  }

  /**
   * SUMO `computeLastFreePos` for area `a` (after a car entered or left, or could not get back onto the
   * road): `now` is the time by which a parked car's stop counts as over.
   */
  settle(a: number, e: EngineState | undefined, now: number): void {
    const l0 = this.lotStart[a] ?? 0;
    const l1 = this.lotStart[a + 1] ?? 0;
    const full = (this.occ[a] ?? 0) === l1 - l0;
    let pos = this.areaBegin[a] ?? 0;
    let lot = -1;
    this.egress[a] = 0;
    for (let l = l0; l < l1; l++) {
      const u = this.lotVeh[l] ?? -1;
      if (u < 0) {
        lot = l;
        pos = this.lotEnd[l] ?? 0;
        break;
      }
      const len = e ? (e.net.demand.typeLength[e.veh.type[u] ?? 0] ?? 5) : 5;
      if (e && full && e.veh.state[u] === VEH_PARKED && now + 1e-9 >= (e.veh.stopUntil[u] ?? 0)) {
        // its stop is over but it cannot leave: the drivers waiting keep clear of it
        lot = l;
        pos = (this.lotEnd[l] ?? 0) - len - POSITION_EPS;
        this.egress[a] = 1;
        break;
      }
      pos = Math.min(pos, (this.lotEnd[l] ?? 0) - len - NUMERICAL_EPS);
    }
    this.lastFreeLot[a] = lot;
    this.lastFreePos[a] = pos;
  }

  /** SUMO `getLastFreePos`: where vehicle `v` aims in area `a` without reservations. */
  freePos(e: EngineState, a: number, v: number): number {
    const full = (this.occ[a] ?? 0) === this.capacity(a);
    const gap = e.net.demand.typeMinGap[e.veh.type[v] ?? 0] ?? 2.5;
    return full ? (this.lastFreePos[a] ?? 0) - gap - POSITION_EPS : (this.lastFreePos[a] ?? 0);
  }

  /**
   * The reservations of one step (SUMO `getLastFreePosWithReservation`, called as the vehicles plan their
   * move): every driver on an area's lane bound for it and not yet parked gets its target in `veh.stopTarget`,
   * front first.
   */
  reserve(e: EngineState): void {
    const vs = e.veh;
    const d = e.net.demand;
    for (let a = 0; a < this.n; a++) {
      const seg = this.areaSeg[a] ?? 0;
      let u = e.segHead[seg] ?? -1;
      if (u < 0) continue;
      const cap = this.capacity(a);
      const free = cap - ((this.occ[a] ?? 0) - (this.egress[a] ?? 0));
      let res = 0;
      let maxLen = 0;
      for (; u >= 0; u = vs.behind[u] ?? -1) {
        const k = vs.stopIdx[u] ?? -1;
        if (k < 0 || d.stopArea[k] !== a || vs.stopped[u] === 1 || vs.routeIdx[u] !== vs.stopRi[u]) continue;
        const len = d.typeLength[vs.type[u] ?? 0] ?? 5;
        if (res === 0) {
          res = 1;
          maxLen = len;
          for (let l = this.lotStart[a] ?? 0; l < (this.lotStart[a + 1] ?? 0); l++) {
            const p = this.lotVeh[l] ?? -1;
            if (p >= 0) maxLen = Math.max(maxLen, d.typeLength[vs.type[p] ?? 0] ?? 5);
          }
          vs.stopTarget[u] = this.freePos(e, a, u);
        } else if (free > res) {
          res++;
          maxLen = Math.max(maxLen, len);
          vs.stopTarget[u] = this.freePos(e, a, u);
        } else if (cap === 0) {
          vs.stopTarget[u] = this.freePos(e, a, u);
        } else {
          const gap = d.typeMinGap[vs.type[u] ?? 0] ?? 2.5;
          vs.stopTarget[u] = (this.lotEnd[this.lotStart[a] ?? 0] ?? 0) - maxLen - gap - NUMERICAL_EPS;
        }
      }
    }
  }

  /** Where vehicle `v`, bound for area `a`, aims now: its reserved target on the area's lane, else the last free position. */
  target(e: EngineState, a: number, v: number): number {
    const t = e.veh.stopTarget[v] ?? Number.NaN;
    return e.veh.seg[v] === this.areaSeg[a] && !Number.isNaN(t) ? t : this.freePos(e, a, v);
  }

  /**
   * SUMO's test whether vehicle `v` (front at `pos` before this step's move, driving `speed`) has reached its
   * stop at area `a`: on the area's lane, past its begin, halting, no more than `STOPPING_PLACE_OFFSET` before
   * its target, with a lot free for it. Returns that lot (the first free one it sees), or -1.
   */
  reached(e: EngineState, a: number, v: number, pos: number, speed: number): number {
    const vs = e.veh;
    if (vs.seg[v] !== this.areaSeg[a] || vs.routeIdx[v] !== vs.stopRi[v] || pos <= (this.areaBegin[a] ?? 0) || speed > HALTING_SPEED) return -1;
    if (pos < this.target(e, a, v) - STOPPING_PLACE_OFFSET) return -1;
    for (let l = this.lotStart[a] ?? 0; l < (this.lotStart[a + 1] ?? 0); l++) {
      const u = this.lotVeh[l] ?? -1;
      // a car ahead of `v` that drives off this step: SUMO moves it (and frees its lot) before `v`
      if (u >= 0 && !(this.leavingNow(e, u) && (vs.pos[u] ?? 0) > pos)) continue;
      // freed this step by a car behind `v`: SUMO moved `v` first, so it sees the lot free only next step
      if (u < 0 && this.lotFreedAt[l] === e.time && pos > (this.lotFreedPos[l] ?? 0)) continue;
      return l;
    }
    return -1;
  }

  /** Whether vehicle `u`, in a lot, drives off in this step (it is on the lane and its stop is over). */
  private leavingNow(e: EngineState, u: number): boolean {
    const vs = e.veh;
    return vs.state[u] !== VEH_PARKED && vs.stopped[u] === 1 && e.time + 1e-9 >= (vs.stopUntil[u] ?? 0);
  }

  /** Vehicle `v` takes lot `l` of area `a` (SUMO `enter`); a car still in it that drives off this step leaves it first. */
  enter(e: EngineState, a: number, v: number, l: number): void {
    const u = this.lotVeh[l] ?? -1;
    if (u >= 0) this.leave(e, u, e.veh.pos[u] ?? 0);
    this.lotVeh[l] = v;
    e.veh.lot[v] = l;
    this.occ[a]++;
    this.settle(a, e, e.time - e.dt);
  }

  /** Vehicle `v` leaves its lot (SUMO `leaveFrom`), its front at `pos`; nothing without one. */
  leave(e: EngineState, v: number, pos: number): void {
    const l = e.veh.lot[v] ?? -1;
    if (l < 0) return;
    e.veh.lot[v] = -1;
    if (this.lotVeh[l] !== v) return;
    this.lotVeh[l] = -1;
    this.lotFreedAt[l] = e.time;
    this.lotFreedPos[l] = pos;
    let a = 0;
    while ((this.lotStart[a + 1] ?? 0) <= l) a++;
    this.occ[a]--;
    this.settle(a, e, e.time - e.dt);
  }
}
