import { secureGap } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { upstream, upstreamFollowers } from './upstreamFollowers.js';

/*
 * The follower an insertion must leave room for (SUMO's MSLane::getFollowersOnConsecutive as
 * MSLane::isInsertionSuccess calls it): among the vehicles behind the departure position on its lane,
 * or, when there is none, the first vehicle of every lane and internal lane upstream within the braking
 * distance of the fastest driver, the one that misses the largest part of its secure gap.
 */

/** The follower found by {@link insertionFollower} (`veh` -1: none) and the gap (m) from its front, less its minGap, to the inserted vehicle's back. */
export const follower = { veh: -1, gap: 0 };

let bestMissing = -Infinity;

function consider(e: EngineState, u: number, gap: number, egoDecel: number): void {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[u] ?? 0;
  // chosen with the inserted vehicle standing, as SUMO's follower search sees it before it has a speed
  const missing = secureGap(vs.speed[u] ?? 0, 0, d.typeDecel[ty] ?? 4.5, egoDecel, d.typeTau[ty] ?? 1, e.dt) - gap;
  if (follower.veh < 0 || missing > bestMissing) {
    follower.veh = u;
    follower.gap = gap;
    bestMissing = missing;
  }
}

/**
 * The vehicle a driver inserted on `lane` with its back at `back` must keep its secure gap to (SUMO's
 * getFollowersOnConsecutive): among those on the lane behind it (`F` is the nearest, -1 for none), else
 * among the first vehicles of the lanes upstream (searched back through internal lanes and junctions as
 * far as the fastest driver needs to brake, from the lanes of the departure road outwards), the one that
 * misses most of its secure gap to a standing vehicle.
 *
 * @example
 * ```ts
 * const f = insertionFollower(state, lane, pos - length, -1, 4.5);
 * if (f.veh >= 0 && f.gap < neededGap) console.log('would be hit');
 * ```
 */
export function insertionFollower(e: EngineState, lane: number, back: number, F: number, egoDecel: number): typeof follower {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  follower.veh = -1;
  bestMissing = -Infinity;
  if (F >= 0) {
    for (let u = F; u >= 0; u = vs.behind[u] ?? -1) consider(e, u, back - (vs.pos[u] ?? 0) - (d.typeMinGap[vs.type[u] ?? 0] ?? 2.5), egoDecel);
    return follower;
  }
  const k = upstreamFollowers(e, lane, back, -1);
  for (let i = 0; i < k; i++) consider(e, upstream.veh[i] ?? 0, upstream.gap[i] ?? 0, egoDecel);
  return follower;
}
