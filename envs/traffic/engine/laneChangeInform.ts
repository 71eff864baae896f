import { brakeGap, maximumSafeStopSpeed, POSITION_EPS } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { followSpeed, lcSecureGap, lengthWithGap, type LcContext } from './laneChangeContext.js';
import {
  addAdvice, LCA_AMBACKBLOCKER, LCA_AMBACKBLOCKER_STANDING, LCA_AMBLOCKINGFOLLOWER, LCA_AMBLOCKINGLEADER, LCA_BLOCKED_BY_FOLLOWER,
  LCA_BLOCKED_BY_LEADER, LCA_MLEFT, LCA_MRIGHT, LCA_STRATEGIC, LCA_URGENT,
} from './laneChangeModel.js';
import { MAX_ADVICES } from './VehicleStore.js';

/** LC2013 constants. */
const HELP_DECEL_FACTOR = 1;
const HELP_OVERTAKE = 10 / 3.6;
const MIN_FALLBEHIND = 7 / 3.6;
const CUT_IN_LEFT_SPEED_THRESHOLD = 27;
const MAX_ONRAMP_LENGTH = 200;
/** Speed (m/s) below which a driver counts as congested (60 km/h, SUMO `MSVehicle::congested`). */
const CONGESTED_SPEED = 60 / 3.6;
/** Speed limit (m/s) below which a driver's lane counts as congested (60.1 km/h). */
const CONGESTED_LIMIT = 60.1 / 3.6;

/**
 * SUMO 1.15's `MSVehicle::congested`, where LC2013 lets drivers overtake on the right: the driver drives
 * slower than 60 km/h, or is on a lane whose speed limit is below 60.1 km/h however fast it drives
 * (measured with TraCI: a driver at 20 m/s on a 16.67 m/s road counts as congested, one on a 16.70 m/s road
 * does not; `test/fixtures/sumo/congested`).
 *
 * @example
 * ```ts
 * if (!congested(state, v)) { ... } // LC2013 keeps from overtaking on the right
 * ```
 */
export function congested(e: EngineState, v: number): boolean {
  return (e.veh.speed[v] ?? 0) < CONGESTED_SPEED || (e.net.segSpeed[e.veh.seg[v] ?? 0] ?? 0) < CONGESTED_LIMIT;
}

/** Tells `to` something (SUMO `inform`): a speed advice and state bits. */
function inform(e: EngineState, to: number, speed: number, bits: number): void {
  if (Number.isFinite(speed)) addAdvice(e.veh, to, speed);
  e.veh.lcState[to] = (e.veh.lcState[to] ?? 0) | bits;
}

/** SUMO `overtakeDistance`: how far `follower` must drive to pass `leader` and be a safe gap ahead. */
function overtakeDistance(e: EngineState, follower: number, leader: number, gap: number, followerSpeed: number, leaderSpeed: number): number {
  const d = e.net.demand;
  const dist = gap + lengthWithGap(e, leader) + (d.typeLength[e.veh.type[follower] ?? 0] ?? 5) +
    lcSecureGap(e, leader, leaderSpeed, followerSpeed, d.typeDecel[e.veh.type[follower] ?? 0] ?? 4.5);
  return Math.max(dist, 0);
}

/**
 * SUMO `MSLCM_LC2013::informLeader` for an urgent change: the speed the changer plans, and what it tells
 * the leader on the target lane (speed up so it can slip in behind, or hold speed while it overtakes);
 * -1 when it overtakes. `dir` is LCA_MLEFT or LCA_MRIGHT.
 */
export function informLeader(e: EngineState, c: LcContext, dir: number, remainingSeconds: number): number {
  const vs = e.veh;
  const d = e.net.demand;
  const v = c.v;
  const ty = vs.type[v] ?? 0;
  const sp = vs.speed[v] ?? 0;
  const dt = e.dt;
  const dec = d.typeDecel[ty] ?? 4.5;
  let planned = Math.min(sp, Math.min(maximumSafeStopSpeed((vs.leftSpace[v] ?? 0) - (vs.blockerLen[v] ?? 0), dec, dt, dt), sp + (d.typeAccel[ty] ?? 2.6) * dt));
  for (let j = 0; j < (vs.nAdvice[v] ?? 0); j++) {
    const a = vs.advice[v * MAX_ADVICES + j] ?? 0;
    if (a >= sp - dec * dt && a < planned) planned = a;
  }
  const nv = c.neighLead.veh;
  if (nv < 0) return planned;
  const spN = vs.speed[nv] ?? 0;
  const decN = d.typeDecel[vs.type[nv] ?? 0] ?? 4.5;
  const neighNextSpeed = spN - Math.max(1, -(vs.acc[nv] ?? 0)) * dt;
  const neighNextGap = c.neighLead.gap + (neighNextSpeed - planned) * dt;
  const target = Math.max(Math.max(0, sp - dec * dt), followSpeed(e, v, sp, neighNextGap, neighNextSpeed, decN));
  if ((c.blocked & LCA_BLOCKED_BY_LEADER) === 0) {
    addAdvice(vs, v, target);
    return Math.min(target, planned);
  }
  const overtakeDist = overtakeDistance(e, v, nv, c.neighLead.gap, sp, spN);
  const dv = planned - spN;
  const overtakeTime = dv > 0 ? overtakeDist / dv : remainingSeconds + 1;
  const roomLeft = (vs.leftSpace[v] ?? 0) - (vs.blockerLen[v] ?? 0) - brakeGap(sp, dec, dt, d.typeTau[ty] ?? 1);
  const cannot = dv < 0 || (dir === LCA_MLEFT && !congested(e, v)) || roomLeft < overtakeDist || remainingSeconds < overtakeTime;
  if (cannot && vs.stopped[nv] === 0) {
    inform(e, nv, Infinity, dir | LCA_AMBLOCKINGLEADER);
    if (target < sp) {
      const decel = remainingSeconds === 0 ? dec : Math.min(dec, Math.max(MIN_FALLBEHIND, (sp - target) / remainingSeconds));
      const next = Math.min(planned, Math.max(0, sp - decel * dt));
      addAdvice(vs, v, next);
      return next;
    }
    addAdvice(vs, v, target);
    return planned;
  }
  inform(e, nv, spN, dir | LCA_AMBLOCKINGLEADER);
  return -1;
}

/**
 * SUMO `MSLCM_LC2013::informFollower` for an urgent change: asks the follower on the target lane to
 * make room (brake so a secure gap opens, or pass first while the changer falls back).
 */
export function informFollower(e: EngineState, c: LcContext, dir: number, remainingSeconds: number, planned: number): void {
  const vs = e.veh;
  const d = e.net.demand;
  const v = c.v;
  const nv = c.neighFollow.veh;
  if (nv < 0) return;
  const sp = vs.speed[v] ?? 0;
  const dt = e.dt;
  const decV = d.typeDecel[vs.type[v] ?? 0] ?? 4.5;
  const spF = vs.speed[nv] ?? 0;
  const gapF = c.neighFollow.gap;
  const p = Math.max(planned, 0);
  if ((c.blocked & LCA_BLOCKED_BY_FOLLOWER) === 0) {
    if ((c.blocked & LCA_BLOCKED_BY_LEADER) === 0) return;
    const vsafe1 = followSpeed(e, nv, spF, gapF + planned * dt, planned, decV);
    inform(e, nv, followSpeed(e, nv, spF, gapF + (planned - vsafe1) * dt, planned, decV), dir);
    return;
  }
  if (p - spF >= HELP_OVERTAKE) {
    const needed = lcSecureGap(e, nv, spF, planned, decV);
    if ((needed - gapF) / remainingSeconds < p - spF) {
      inform(e, nv, p - HELP_OVERTAKE, dir | LCA_AMBLOCKINGFOLLOWER);
      return;
    }
  }
  const helpDecel = (d.typeDecel[vs.type[nv] ?? 0] ?? 4.5) * HELP_DECEL_FACTOR;
  const neighNewSpeed = Math.max(0, spF - helpDecel * dt);
  const neighNewSpeed1s = Math.max(0, spF - helpDecel);
  const dv = planned - neighNewSpeed1s;
  const decelGap = gapF + dv;
  const secure = lcSecureGap(e, nv, neighNewSpeed1s, p, decV);
  if (decelGap > 0 && decelGap >= secure) {
    const vsafe1 = Math.max(neighNewSpeed, followSpeed(e, nv, spF, gapF + planned * dt, planned, decV));
    const vsafe = Math.max(neighNewSpeed, followSpeed(e, nv, spF, gapF + (planned - vsafe1) * dt, planned, decV));
    inform(e, nv, vsafe, dir | LCA_AMBLOCKINGFOLLOWER);
  } else if (dv > 0 && dv * remainingSeconds > secure - decelGap + POSITION_EPS) {
    inform(e, nv, neighNewSpeed, dir | LCA_AMBLOCKINGFOLLOWER);
  } else if (dir === LCA_MRIGHT && !congested(e, nv)) {
    inform(e, nv, Math.max(neighNewSpeed, HELP_OVERTAKE), dir | LCA_AMBLOCKINGFOLLOWER);
  } else {
    let vhelp = Math.max(spF, sp + HELP_OVERTAKE);
    const laneLen = e.net.segLength[c.lane] ?? 0;
    if (
      spF > sp &&
      (dir === LCA_MRIGHT || (dir === LCA_MLEFT && planned > CUT_IN_LEFT_SPEED_THRESHOLD) || (dir === LCA_MLEFT && laneLen > MAX_ONRAMP_LENGTH))
    ) {
      vhelp = Math.max(neighNewSpeed, sp + HELP_OVERTAKE);
      if ((spF - sp) / helpDecel < remainingSeconds) {
        inform(e, nv, vhelp, dir | LCA_AMBLOCKINGFOLLOWER);
        return;
      }
    }
    inform(e, nv, vhelp, dir | LCA_AMBLOCKINGFOLLOWER);
    const overtakeDist = overtakeDistance(e, nv, v, gapF, vhelp, planned);
    addAdvice(vs, v, Math.max(vhelp - overtakeDist / remainingSeconds, sp - decV * dt));
  }
}

/**
 * SUMO `slowDownForBlocked`: a slow vehicle lets a vehicle ahead on the neighbouring lane, which urgently
 * wants onto its lane but is blocked, in by following it as if it were its leader.
 */
export function slowDownForBlocked(e: EngineState, v: number, blocked: number, state: number): number {
  if (blocked < 0) return state;
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const gap = (vs.pos[blocked] ?? 0) - (d.typeLength[vs.type[blocked] ?? 0] ?? 5) - (vs.pos[v] ?? 0) - (d.typeMinGap[ty] ?? 2.5);
  const sp = vs.speed[v] ?? 0;
  if (gap <= POSITION_EPS || sp >= (d.typeDecel[ty] ?? 4.5)) return state;
  const spB = vs.speed[blocked] ?? 0;
  addAdvice(vs, v, followSpeed(e, v, sp, gap - POSITION_EPS, spB, d.typeDecel[vs.type[blocked] ?? 0] ?? 4.5));
  return state | (spB < 0.1 ? LCA_AMBACKBLOCKER_STANDING : LCA_AMBACKBLOCKER);
}

/**
 * SUMO `MSLCHelper::saveBlockerLength`: when the vehicle blocking an urgent change wants to change the
 * other way, one of the two keeps room for the other ahead of it (the changer if it can still brake for
 * it, else the blocker). False when neither can.
 */
export function saveBlockerLength(e: EngineState, v: number, blocker: number, lcaCounter: number, leftSpace: number, relief: boolean): boolean {
  const vs = e.veh;
  if (blocker < 0 || ((vs.lcState[blocker] ?? 0) & lcaCounter) === 0) return true;
  const d = e.net.demand;
  const dt = e.dt;
  const ty = vs.type[v] ?? 0;
  const potential = leftSpace - brakeGap(vs.speed[v] ?? 0, d.typeDecel[ty] ?? 4.5, dt, 0);
  const blockerLen = lengthWithGap(e, blocker);
  if (blockerLen <= potential) {
    vs.blockerLen[v] = Math.max(blockerLen, vs.blockerLen[v] ?? 0);
    return true;
  }
  // the blocker keeps room for `v` if it can brake for it (or has more room left)
  const tb = vs.type[blocker] ?? 0;
  const bLeft = vs.leftSpace[blocker] ?? 0;
  const canReserve = lengthWithGap(e, v) <= bLeft - brakeGap(vs.speed[blocker] ?? 0, d.typeDecel[tb] ?? 4.5, dt, dt);
  if (canReserve || bLeft > leftSpace) {
    vs.blockerLen[blocker] = Math.max(lengthWithGap(e, v), vs.blockerLen[blocker] ?? 0);
    return true;
  }
  const bs = vs.lcState[blocker] ?? 0;
  if (!relief && (bs & LCA_STRATEGIC) !== 0 && (bs & LCA_URGENT) !== 0) vs.blockerLen[v] = Math.max(blockerLen, vs.blockerLen[v] ?? 0);
  return false;
}
