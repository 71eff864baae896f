import { safeFollowSpeedLcOf, type FollowInput } from './carFollowing.js';
import { idmFollowOf, secureGapOf } from './cfModel.js';
import type { EngineState } from './EngineState.js';
import { MAX_CONT } from './VehicleStore.js';

/** A neighbouring vehicle and the gap to it (-1: none). */
export class Neighbour {
  veh = -1;
  gap = 0;
  set(veh: number, gap: number): this {
    this.veh = veh;
    this.gap = gap;
    return this;
  }
}

/**
 * What the lane changer knows while it decides on one vehicle (SUMO's `MSLaneChanger` state for the
 * candidate): the vehicle, its lane, the leader on its lane, the leader and follower on the lane it
 * considers, the blocked flags of that change, the space taken ahead on each lane of the road so far
 * (`dens`), and the vehicles that urgently wanted onto each lane but were blocked.
 */
export class LcContext {
  v = 0;
  lane = 0;
  /** Index of `lane` on its edge (a road, or a multi-lane internal edge) and the edge's lane count. */
  k = 0;
  nl = 1;
  /** The segment of each lane index of the edge being swept. */
  segs = new Int32Array(8);
  /** Whether a vehicle on each lane index may change to the right / left (see `changeLanes`). */
  mayRight = new Uint8Array(8);
  mayLeft = new Uint8Array(8);
  /** Whether the edge being swept is an internal edge (inside a junction). */
  internal = false;
  /**
   * The candidate's road's first lane id (on a road), its index among its best lanes and their number (on an
   * internal edge, SUMO's best lanes are laid out per internal lane: those are `k` and `nl`).
   */
  l0 = 0;
  bk = 0;
  bnl = 1;
  /** Set for a change on an internal edge: the new lane leads to a best lane. */
  onBest = false;
  readonly leader = new Neighbour();
  readonly neighLead = new Neighbour();
  readonly neighFollow = new Neighbour();
  /** SUMO's critical leader along the target lane (`checkChange` inside a junction). */
  readonly critical = new Neighbour();
  blocked = 0;
  dens = new Float64Array(8);
  lastBlocked = new Int32Array(8);
  firstBlocked = new Int32Array(8);
  /**
   * Brutto occupation (sum of lengths plus gaps) of every lane, taken before the lane changes and following
   * each change at once (see `hop`), so the roads visited later in the step see it.
   */
  laneBrutto = new Float64Array(0);
  /** `occupation(j)` of the current candidate, computed once per decision (`occStamp[j] === stamp`). */
  occVal = new Float64Array(8);
  occStamp = new Float64Array(8);
  /** Bumped for each candidate: the memo of `occupation` is valid while the candidate is decided. */
  stamp = 0;

  fit(nLanes: number, maxLanes: number): void {
    if (this.laneBrutto.length < nLanes) this.laneBrutto = new Float64Array(nLanes);
    if (this.dens.length < maxLanes) {
      this.segs = new Int32Array(maxLanes);
      this.mayRight = new Uint8Array(maxLanes);
      this.mayLeft = new Uint8Array(maxLanes);
      this.dens = new Float64Array(maxLanes);
      this.lastBlocked = new Int32Array(maxLanes);
      this.firstBlocked = new Int32Array(maxLanes);
      this.occVal = new Float64Array(maxLanes);
      this.occStamp = new Float64Array(maxLanes);
    }
  }

  /** The lane of best-lane index `j`: lane `j` of the road, or on an internal edge the lane internal lane `j` leads to. */
  bestLane(e: EngineState, j: number): number {
    const n = e.net;
    return this.internal ? (n.connToLane[n.segConn[this.segs[j] ?? 0] ?? 0] ?? 0) : this.l0 + j;
  }

  /**
   * SUMO's lane occupation used by the strategic rules: what stands ahead of the candidate on lane
   * index `j` of this road plus what stands on the lanes it would continue on from there.
   */
  occupation(e: EngineState, j: number): number {
    if (this.occStamp[j] === this.stamp) return this.occVal[j] ?? 0;
    let occ = this.dens[j] ?? 0;
    // on an internal edge the best lanes' continuations start with the internal lane: what stands on the
    // lane it leads to counts too
    if (this.internal) occ += this.laneBrutto[this.bestLane(e, j)] ?? 0;
    const cb = (this.v * e.veh.laneStride + j) * MAX_CONT;
    for (let h = 0; h < MAX_CONT; h++) {
      const l = e.veh.bestCont[cb + h] ?? -1;
      if (l < 0) break;
      occ += this.laneBrutto[l] ?? 0;
    }
    this.occVal[j] = occ;
    this.occStamp[j] = this.stamp;
    return occ;
  }
}

/**
 * SUMO 1.15's `MSCFModel::getSecureGap` as used while changing lanes: the gap follower `f` going `speed`
 * needs behind a leader going `leaderSpeed` so that it can still stop in time with its headway, the
 * leader braking at the larger of the two maximum decelerations. In SUMO 1.15 a follower that is already
 * braking needs the same gap (the smaller gap for a braking follower came with SUMO 1.16, issue #12108;
 * the `--lanechange-output` secure gaps of SUMO 1.15 are this one whatever the follower's deceleration).
 * An IDM follower needs the IDM's secure gap.
 *
 * @example
 * ```ts
 * const need = lcSecureGap(state, follower, vFollower, vLeader, leaderDecel);
 * ```
 */
export function lcSecureGap(e: EngineState, f: number, speed: number, leaderSpeed: number, leaderDecel: number): number {
  return secureGapOf(e, e.veh.type[f] ?? 0, speed, leaderSpeed, leaderDecel);
}

/**
 * SUMO `followSpeed` of vehicle `v` driving at `speed` behind a leader at `gap` going `predSpeed`, as the
 * lane changer computes it (`safeFollowSpeedLcOf`): Krauss' safe speed, no more than it can accelerate to
 * (the IDM's own for IDM drivers).
 *
 * @example
 * ```ts
 * const vs = followSpeed(state, v, state.veh.speed[v], gap, leaderSpeed, leaderDecel);
 * ```
 */
export function followSpeed(e: EngineState, v: number, speed: number, gap: number, predSpeed: number, predDecel: number): number {
  const d = e.net.demand;
  const ty = e.veh.type[v] ?? 0;
  if (e.typeIdm[ty] === 1) return idmFollowOf(e, v, speed, gap, predSpeed);
  const f = FOLLOW;
  f.gap = gap;
  f.egoSpeed = speed;
  f.predSpeed = predSpeed;
  f.predMaxDecel = predDecel;
  f.decel = d.typeDecel[ty] ?? 4.5;
  f.emergencyDecel = d.typeEmergencyDecel[ty] ?? 9;
  f.tau = d.typeTau[ty] ?? 1;
  f.dt = e.dt;
  const safe = safeFollowSpeedLcOf(f);
  return Math.min(safe, speed + (d.typeAccel[ty] ?? 2.6) * e.dt, d.typeMaxSpeed[ty] ?? 55);
}

const FOLLOW: FollowInput = { gap: 0.5, egoSpeed: 0.5, predSpeed: 0.5, predMaxDecel: 0.5, decel: 0.5, emergencyDecel: 0.5, tau: 0.5, dt: 0.5 };

/** Type length plus minimum gap of vehicle `v`. */
export function lengthWithGap(e: EngineState, v: number): number {
  return e.typeLenGap[e.veh.type[v] ?? 0] ?? 7.5;
}

