import { NUMERICAL_EPS, POSITION_EPS } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { HALTING_SPEED } from './EngineCounters.js';

/*
 * Bus, train and container stops and charging stations (SUMO's MSStoppingPlace): vehicles stopping at one
 * queue inside it. Who stands there is read from the vehicles themselves (stopped at a stop of this place,
 * on its lane or parked), each counted as SUMO's `enter` registers it: from its back (`pos - length`) to
 * `minGap` before its front.
 */

/** SUMO's STOPPING_PLACE_OFFSET: a driver has reached a stopping place this far (m) before its target. */
const STOPPING_PLACE_OFFSET = 0.5;
/** SUMO's remainingStopDuration bound (s) for a stopped vehicle to leave room in front of it to a newcomer. */
const SPACE_AHEAD_MIN_REMAINING = 10;

/** Lane segment of stopping place `p`. */
export function placeSeg(e: EngineState, p: number): number {
  const n = e.net;
  const road = n.demand.placeRoad[p] ?? 0;
  return (n.roadLaneStart[road] ?? 0) + Math.min(n.demand.placeLane[p] ?? 0, (n.roadLaneCount[road] ?? 1) - 1);
}

/** Where stopping place `p` begins and ends on its lane (m), kept inside the lane. */
function bounds(e: EngineState, p: number, out: Float64Array): void {
  const len = e.net.segLength[placeSeg(e, p)] ?? 0;
  const at = (x: number): number => Math.max(0, Math.min(len, x === Infinity ? len : x < 0 ? len + x : x));
  out[0] = at(e.net.demand.placeStart[p] ?? 0);
  out[1] = Math.max(out[0] ?? 0, at(e.net.demand.placeEnd[p] ?? Infinity));
}

const B = new Float64Array(2);

/** Where stopping place `p` begins on its lane (m). */
export function placeBegin(e: EngineState, p: number): number {
  bounds(e, p, B);
  return B[0] ?? 0;
}

/** The vehicles standing at a place: front, back (begin and end in SUMO's terms), whether parked, remaining stop time. */
let occFront = new Float64Array(8);
let occBack = new Float64Array(8);
let occKeep = new Uint8Array(8);
let occCount = 0;

function addOccupant(e: EngineState, u: number, parked: boolean): void {
  if (occCount === occFront.length) {
    const grow = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    occFront = grow(occFront, (n) => new Float64Array(n));
    occBack = grow(occBack, (n) => new Float64Array(n));
    occKeep = grow(occKeep, (n) => new Uint8Array(n));
  }
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[u] ?? 0;
  const pos = vs.pos[u] ?? 0;
  occFront[occCount] = pos + (d.typeMinGap[ty] ?? 2.5);
  occBack[occCount] = pos - (d.typeLength[ty] ?? 5);
  // a parked vehicle, or one staying more than 10 s, leaves the room in front of it to a newcomer
  occKeep[occCount] = parked || (vs.stopUntil[u] ?? 0) - e.time > SPACE_AHEAD_MIN_REMAINING ? 1 : 0;
  occCount++;
}

/** Stopping place of vehicle `u`'s next stop, -1 for none. */
export function placeOf(e: EngineState, u: number): number {
  const k = e.veh.stopIdx[u] ?? -1;
  return k < 0 ? -1 : (e.net.demand.stopPlace[k] ?? -1);
}

/** Collects the vehicles stopped at place `p` (on its lane or parked there). */
function collect(e: EngineState, p: number): void {
  const vs = e.veh;
  occCount = 0;
  for (let u = e.segHead[placeSeg(e, p)] ?? -1; u >= 0; u = vs.behind[u] ?? -1) {
    if (vs.stopped[u] === 1 && placeOf(e, u) === p) addOccupant(e, u, false);
  }
  for (const u of e.parked) if (vs.stopped[u] === 1 && placeOf(e, u) === p) addOccupant(e, u, true);
}

/** SUMO `MSStoppingPlace::fits`: at its end, or with at least half of a vehicle of length `len` inside. */
function fits(pos: number, len: number): boolean {
  return pos + POSITION_EPS >= (B[1] ?? 0) || pos - (B[0] ?? 0) >= len / 2;
}

/**
 * SUMO `MSStoppingPlace::getLastFreePos` for vehicle `v` bound for place `p`: the place's end while nobody
 * stands there; else `minGap` behind the back of the rearmost vehicle stopped there (its own position if
 * it already halts inside the place); if it would not fit there, the first room in front of a vehicle that
 * stays more than 10 s (or is parked), counted from the place's end.
 */
export function lastFreePos(e: EngineState, p: number, v: number): number {
  bounds(e, p, B);
  collect(e, p);
  const end = B[1] ?? 0;
  if (occCount === 0) return end;
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const gap = d.typeMinGap[ty] ?? 2.5;
  const len = d.typeLength[ty] ?? 5;
  let last = end;
  for (let i = 0; i < occCount; i++) last = Math.min(last, occBack[i] ?? 0);
  const pos = last - gap - NUMERICAL_EPS;
  const own = vs.pos[v] ?? 0;
  if ((vs.seg[v] ?? -1) === placeSeg(e, p) && own < end && own > (B[0] ?? 0) && (vs.speed[v] ?? 0) <= HALTING_SPEED) return own;
  if (fits(pos, len)) return pos;
  // the room in front of each stopped vehicle, from the place's end backwards
  sortByFrontDescending();
  let prev = end;
  for (let i = 0; i < occCount; i++) {
    if (prev - (occFront[i] ?? 0) + NUMERICAL_EPS >= len && occKeep[i] === 1) return prev;
    prev = (occBack[i] ?? 0) - gap;
  }
  return pos;
}

function sortByFrontDescending(): void {
  for (let i = 1; i < occCount; i++) {
    const f = occFront[i] ?? 0;
    const b = occBack[i] ?? 0;
    const k = occKeep[i] ?? 0;
    let j = i - 1;
    for (; j >= 0 && (occFront[j] ?? 0) < f; j--) {
      occFront[j + 1] = occFront[j] ?? 0;
      occBack[j + 1] = occBack[j] ?? 0;
      occKeep[j + 1] = occKeep[j] ?? 0;
    }
    occFront[j + 1] = f;
    occBack[j + 1] = b;
    occKeep[j + 1] = k;
  }
}

/**
 * SUMO's reached test for a stopping place: vehicle `v`, about to drive `speed`, halts no more than 0.5 m
 * before its target `target` (where it planned to stop this step) with at least half its length inside
 * the place (or at its end).
 */
export function reachedPlace(e: EngineState, v: number, p: number, target: number, speed: number): boolean {
  bounds(e, p, B);
  const pos = e.veh.pos[v] ?? 0;
  const len = e.net.demand.typeLength[e.veh.type[v] ?? 0] ?? 5;
  return pos >= target - STOPPING_PLACE_OFFSET - NUMERICAL_EPS && fits(pos, len) && speed <= HALTING_SPEED;
}
