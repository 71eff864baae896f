import { maximumSafeStopSpeed } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { MAX_ADVICES, type VehicleStore } from './VehicleStore.js';

/** Lane-change state bits (SUMO `LaneChangeAction`). */
export const LCA_STAY = 1;
export const LCA_LEFT = 2;
export const LCA_RIGHT = 4;
export const LCA_STRATEGIC = 8;
export const LCA_COOPERATIVE = 16;
export const LCA_SPEEDGAIN = 32;
export const LCA_KEEPRIGHT = 64;
export const LCA_URGENT = 256;
export const LCA_BLOCKED_BY_LEFT_LEADER = 512;
export const LCA_BLOCKED_BY_LEFT_FOLLOWER = 1024;
export const LCA_BLOCKED_BY_RIGHT_LEADER = 2048;
export const LCA_BLOCKED_BY_RIGHT_FOLLOWER = 4096;
export const LCA_OVERLAPPING = 8192;
export const LCA_AMBLOCKINGLEADER = 1 << 16;
export const LCA_AMBLOCKINGFOLLOWER = 1 << 17;
export const LCA_MRIGHT = 1 << 18;
export const LCA_MLEFT = 1 << 19;
export const LCA_AMBLOCKINGFOLLOWER_DONTBRAKE = 1 << 20;
export const LCA_AMBACKBLOCKER = 1 << 21;
export const LCA_AMBACKBLOCKER_STANDING = 1 << 22;
export const LCA_WANTS_LANECHANGE = LCA_LEFT | LCA_RIGHT;
export const LCA_BLOCKED_BY_LEADER = LCA_BLOCKED_BY_LEFT_LEADER | LCA_BLOCKED_BY_RIGHT_LEADER;
export const LCA_BLOCKED_BY_FOLLOWER = LCA_BLOCKED_BY_LEFT_FOLLOWER | LCA_BLOCKED_BY_RIGHT_FOLLOWER;
export const LCA_BLOCKED = LCA_BLOCKED_BY_LEADER | LCA_BLOCKED_BY_FOLLOWER;
/** Bits that survive a vehicle's own decision in a step: what others told it (SUMO keeps `myOwnState & 0xffff0000`). */
export const LCA_INFORMED_MASK = ~0xffff;

/**
 * Records a speed another driver (or the vehicle itself) asks `v` to drive next step for a lane change
 * (SUMO `addLCSpeedAdvice`). When the list is full the advice replaces the highest one kept.
 *
 * @example
 * ```ts
 * addAdvice(state.veh, follower, 3.2);
 * ```
 */
export function addAdvice(vs: VehicleStore, v: number, speed: number): void {
  const n = vs.nAdvice[v] ?? 0;
  const base = v * MAX_ADVICES;
  if (n < MAX_ADVICES) {
    vs.advice[base + n] = speed;
    vs.nAdvice[v] = n + 1;
    return;
  }
  let hi = 0;
  for (let j = 1; j < n; j++) if ((vs.advice[base + j] ?? 0) > (vs.advice[base + hi] ?? 0)) hi = j;
  if (speed < (vs.advice[base + hi] ?? 0)) vs.advice[base + hi] = speed;
}

/**
 * SUMO `MSAbstractLaneChangeModel::isStrategicBlocked`: after the last lane-change check, `v` wants a
 * strategic change and is blocked from it. tsgym keeps the two directions' states merged (`lcState`), but a
 * wish that was not blocked was carried out, so a strategic wish with blocked bits left is a blocked one.
 */
export function isStrategicBlocked(vs: VehicleStore, v: number): boolean {
  const st = vs.lcState[v] ?? 0;
  return (st & LCA_STRATEGIC) !== 0 && (st & (LCA_LEFT | LCA_RIGHT)) !== 0 && (st & LCA_BLOCKED) !== 0;
}

/** The lowest advice of `v` this step (Infinity without one). */
export function minAdvice(vs: VehicleStore, v: number): number {
  let m = Infinity;
  const base = v * MAX_ADVICES;
  for (let j = 0; j < (vs.nAdvice[v] ?? 0); j++) if ((vs.advice[base + j] ?? 0) < m) m = vs.advice[base + j] ?? 0;
  return m;
}

/**
 * End-of-movement reset (SUMO `MSLCM_LC2013::prepareStep`): a strategic wish to change is kept, all
 * else the lane changer told or asked is forgotten; the probabilities are truncated to 5 decimals.
 */
export function prepareStep(vs: VehicleStore, v: number): void {
  const st = vs.lcState[v] ?? 0;
  vs.lcState[v] = (st & LCA_STRATEGIC) !== 0 ? st & LCA_WANTS_LANECHANGE : 0;
  vs.blockerLen[v] = 0;
  vs.leftSpace[v] = 0;
  vs.nAdvice[v] = 0;
  vs.dontBrake[v] = 0;
  vs.sgProb[v] = Math.ceil((vs.sgProb[v] ?? 0) * 100000) * 0.00001;
  vs.krProb[v] = Math.ceil((vs.krProb[v] ?? 0) * 100000) * 0.00001;
}

/** State after a lane change (SUMO `MSLCM_LC2013::changed`); `onBest`: the new lane is a best lane. */
export function laneChanged(vs: VehicleStore, v: number, onBest: boolean): void {
  vs.lcState[v] = 0;
  vs.sgProb[v] = 0;
  vs.krProb[v] = 0;
  if (onBest) {
    vs.blockerLen[v] = 0;
    vs.leftSpace[v] = 0;
  }
  vs.lookAheadSpeed[v] = 0;
  vs.nAdvice[v] = 0;
  vs.dontBrake[v] = 0;
}

/** The speeds `patchSpeed` chooses between and its choice (fields, so that no number is boxed on the call). */
export interface SpeedBounds {
  min: number;
  wanted: number;
  max: number;
  /** The speed chosen (set by `patchSpeed`). */
  out: number;
}

/**
 * SUMO `MSLCM_LC2013::_patchSpeed`: the lane-change model's say on the speed chosen between `b.min` and
 * `b.max` (`b.wanted`: the car-following choice). A vehicle saving room for a blocker ahead approaches the
 * place it keeps free; the lowest advice within the bounds wins; a blocked strategic changer or a
 * vehicle blocking a changer's leader drives halfway to `max`.
 *
 * @example
 * ```ts
 * const b = { min: vMin, wanted: vDawdled, max: vMax, out: 0 };
 * patchSpeed(state, v, b); // b.out: the speed to drive
 * ```
 */
export function patchSpeed(e: EngineState, v: number, b: SpeedBounds): void {
  const min0 = b.min;
  const wanted = b.wanted;
  const max0 = b.max;
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const sp = vs.speed[v] ?? 0;
  const dt = e.dt;
  let min = Math.max(0, min0);
  let max = max0;
  const state = vs.lcState[v] ?? 0;
  let nVSafe = wanted;
  let gotOne = false;
  const blockerLen = vs.blockerLen[v] ?? 0;
  if (blockerLen !== 0) {
    const space = (vs.leftSpace[v] ?? 0) - blockerLen - 1 - (d.typeMinGap[ty] ?? 2.5);
    if (space > 0) {
      const vMinEm = Math.max(0, sp - (d.typeEmergencyDecel[ty] ?? 9) * dt);
      const safe = Math.min(maximumSafeStopSpeed(space, d.typeDecel[ty] ?? 4.5, dt, dt), sp + (d.typeAccel[ty] ?? 2.6) * dt);
      max = Math.min(max, Math.max(safe, vMinEm));
      if (safe < wanted) {
        if (safe < min && safe >= vMinEm) min = Math.max(vMinEm, safe);
        nVSafe = Math.max(min, safe);
        gotOne = true;
      }
    }
  }
  const base = v * MAX_ADVICES;
  for (let j = 0; j < (vs.nAdvice[v] ?? 0); j++) {
    const a = vs.advice[base + j] ?? 0;
    if (a >= min && a <= max) {
      if (a < nVSafe) nVSafe = a;
      gotOne = true;
    }
  }
  if (gotOne && vs.dontBrake[v] === 0) {
    b.out = nVSafe;
    return;
  }
  if ((state & LCA_WANTS_LANECHANGE) !== 0 && (state & LCA_BLOCKED) !== 0) {
    if ((state & LCA_STRATEGIC) !== 0) {
      b.out = (max + wanted) / 2;
      return;
    }
    if ((state & LCA_COOPERATIVE) !== 0) {
      if ((state & LCA_BLOCKED_BY_LEADER) !== 0) {
        b.out = (min + wanted) / 2;
        return;
      }
      if ((state & LCA_BLOCKED_BY_FOLLOWER) !== 0) {
        b.out = (max + wanted) / 2;
        return;
      }
    }
  }
  if ((state & LCA_AMBLOCKINGLEADER) !== 0) {
    b.out = (max + wanted) / 2;
    return;
  }
  // SUMO forgets the state only on an edge with a single lane: an internal edge of several lanes keeps it
  // (where lanes may be changed there, the lane changer updates it every step, see changeLanes).
  const seg = vs.seg[v] ?? 0;
  if ((e.net.segEdgeLanes[seg] ?? 1) < 2) laneChanged(vs, v, true);
  b.out = wanted;
}
