import { brakeGap, freeSpeed, idmSecureGap, idmSpeed, maximumSafeStopSpeed, NUMERICAL_EPS, safeFollowSpeedOf, type FollowInput } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { topSpeed } from './topSpeed.js';

/**
 * The vehicle being planned, as plain fields reused for every vehicle (no allocation per vehicle):
 * its type's parameters and current state, and the running values of SUMO's `planMoveInternal`
 * (`v` the safe speed so far, `vLinkPass` the speed at the next link, `seen` the distance looked at).
 */
export class PlanContext {
  veh = 0;
  type = 0;
  /** 1 for IDM, 0 for Krauss. */
  idm = 0;
  accel = 0;
  decel = 0;
  emergencyDecel = 0;
  tau = 0;
  length = 0;
  minGap = 0;
  maxSpeedType = 0;
  speedFactor = 1;
  delta = 4;
  speed = 0;
  dt = 1;
  /** Desired speed on the current lane (IDM's v0). */
  laneMax = 0;
  v = 0;
  vLinkPass = 0;
  vMinComfortable = 0;
  seen = 0;
  /** How far the look-ahead must at least reach (m): a step at full acceleration plus the braking distance after it. */
  lookDist = 0.5;
  /** Braking distance from the current speed at comfortable deceleration (SUMO `brakeGap`). */
  brakeDist = 0.5;
  /** The vehicle's speed limit on the segment `advance` looked onto. */
  laneMaxV = 0.5;
  /** Index of the last drive item pushed, -1 before the first link. */
  lastItem = -1;
  /** Set by `linkLeaders` when a blocked leader in the junction makes the vehicle withdraw its request at the link being looked at. */
  abortRequest = false;
  /** The safe speed behind the leader on the vehicle's own segment (Infinity when none). */
  vLeader = Infinity;
  /** The Krauss follow computation's inputs (the vehicle's parameters are set by `load`). */
  readonly fin: FollowInput = { gap: 0.5, egoSpeed: 0.5, predSpeed: 0.5, predMaxDecel: 0.5, decel: 0.5, emergencyDecel: 0.5, tau: 0.5, dt: 0.5 };

  /** Loads vehicle `v`'s type and state. */
  load(e: EngineState, v: number): void {
    const vs = e.veh;
    const d = e.net.demand;
    const ty = vs.type[v] ?? 0;
    this.veh = v;
    this.type = ty;
    this.idm = e.typeIdm[ty] ?? 0;
    this.accel = d.typeAccel[ty] ?? 2.6;
    this.decel = d.typeDecel[ty] ?? 4.5;
    this.emergencyDecel = d.typeEmergencyDecel[ty] ?? 9;
    this.tau = d.typeTau[ty] ?? 1;
    this.length = d.typeLength[ty] ?? 5;
    this.minGap = d.typeMinGap[ty] ?? 2.5;
    this.maxSpeedType = topSpeed(e, v);
    this.delta = d.typeDelta[ty] ?? 4;
    this.speedFactor = vs.speedFactor[v] ?? 1;
    this.speed = vs.speed[v] ?? 0;
    this.dt = e.dt;
    const f = this.fin;
    f.egoSpeed = this.speed;
    f.decel = this.decel;
    f.emergencyDecel = this.emergencyDecel;
    f.tau = this.tau;
    f.dt = this.dt;
  }

  /** Speed limit of segment `s` for this vehicle. */
  laneMaxOf(e: EngineState, s: number): number {
    const m = (e.net.segSpeed[s] ?? 13.89) * this.speedFactor;
    return m < this.maxSpeedType ? m : this.maxSpeedType;
  }

  /** Safe speed behind a leader `gap` metres ahead net of the minimum gap (SUMO `followSpeed`). */
  follow(gap: number, predSpeed: number, predDecel: number): number {
    const sp = this.speed;
    if (this.idm === 1) return idmSpeed(sp, gap, predSpeed, this.laneMax, true, this.accel, this.decel, this.tau, this.minGap, this.delta, this.dt);
    const f = this.fin;
    f.gap = gap;
    f.predSpeed = predSpeed;
    f.predMaxDecel = predDecel;
    const vs = safeFollowSpeedOf(f);
    const vmax = sp + this.accel * this.dt;
    return vs < vmax ? vs : vmax;
  }

  /** Speed that stops the vehicle within `gap` metres (SUMO `stopSpeed`). */
  stop(gap: number): number {
    const sp = this.speed;
    if (this.idm === 1) {
      if (gap < 0.01) return 0;
      const r = idmSpeed(sp, gap, 0, this.laneMax, false, this.accel, this.decel, this.tau, this.minGap, this.delta, this.dt);
      // SUMO: from standstill a stop ahead must stay reachable
      return gap > 0 && sp < NUMERICAL_EPS && r < NUMERICAL_EPS ? maximumSafeStopSpeed(gap, this.decel, this.dt, this.dt) : r;
    }
    const vs = maximumSafeStopSpeed(gap, this.decel, this.dt, this.dt);
    const vmax = sp + this.accel * this.dt;
    return vs < vmax ? vs : vmax;
  }

  /**
   * Speed that respects the speed limit `maxSpeed` starting `seen` metres ahead (SUMO `freeSpeed`). An IDM
   * driver (`MSCFModel_IDM::freeSpeed`) accelerates freely toward it when not faster, and otherwise brakes
   * as for a standing obstacle at `seen` (at least its secure gap at that speed away), which it never
   * passes faster than `maxSpeed` within that gap.
   */
  free(seen: number, maxSpeed: number): number {
    if (this.idm !== 1) return freeSpeed(this.decel, seen, maxSpeed, this.dt);
    if (maxSpeed < 0) return maxSpeed;
    const sp = this.speed;
    const secGap = idmSecureGap(maxSpeed, 0, this.tau, this.accel, this.decel);
    const { accel: A, decel: b, tau: T, minGap: s0, delta, dt, laneMax } = this;
    // accelerating: no obstacle (SUMO's 1e6 m); braking: the limit as a standing obstacle
    const v = sp <= maxSpeed
      ? idmSpeed(sp, 1e6, maxSpeed, laneMax, false, A, b, T, s0, delta, dt)
      : idmSpeed(sp, Math.max(seen, secGap), 0, laneMax, false, A, b, T, s0, delta, dt);
    return seen < secGap && v > maxSpeed ? maxSpeed : v;
  }

  /** Braking distance from the current speed at full comfortable deceleration. */
  brakeDistance(): number {
    return brakeGap(this.speed, this.decel, this.dt, 0);
  }
}
