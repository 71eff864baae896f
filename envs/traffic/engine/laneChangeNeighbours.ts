import { brakeGap } from './carFollowing.js';
import { connTo, continuation } from './bestLanes.js';
import type { EngineState } from './EngineState.js';
import type { Neighbour } from './laneChangeContext.js';
import { lcSecureGap } from './laneChangeContext.js';
import { upstream, upstreamFollowers } from './upstreamFollowers.js';

/** How many roads beyond the current one the leader search follows. */
const MAX_HOPS = 3;

/**
 * The leader of vehicle `v` on `lane` of its road (SUMO `MSLaneChanger::getRealLeader`): `L`, the
 * vehicle last passed over on that lane in the lane changer's sweep, if any; else a vehicle whose back
 * still covers the lane's end; else, within the braking distance, the last vehicle on the lanes its
 * best continuation from `lane` leads over. As SUMO 1.15's `MSLane::getLeaderOnConsecutive`, the search
 * goes on past a red light or a link the vehicle may not pass yet (only a missing connection ends it):
 * a driver waiting at a red light sees the leader beyond the junction. From an internal lane (a lane change
 * inside a junction) the search always goes on over the rest of its connection and the lane it leads to,
 * then along the best continuation of that lane. `bk`: the lane's index in the vehicle's best lanes (on an
 * internal edge the caller has laid out the next road's best lanes per internal lane).
 * Written to `out`.
 *
 * @example
 * ```ts
 * realLeader(state, v, lane, laneIndex, prevOnLane, ctx.neighLead);
 * ```
 */
export function realLeader(e: EngineState, v: number, lane: number, bk: number, L: number, out: Neighbour): Neighbour {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  const ty = vs.type[v] ?? 0;
  const minGap = d.typeMinGap[ty] ?? 2.5;
  const p = vs.pos[v] ?? 0;
  if (L >= 0) return out.set(L, (vs.pos[L] ?? 0) - (d.typeLength[vs.type[L] ?? 0] ?? 5) - p - minGap);
  const u = e.partialOccupant(lane);
  if (u >= 0 && u !== v) return out.set(u, (n.segLength[lane] ?? 0) - e.partialBack - p - minGap);
  let seen = (n.segLength[lane] ?? 0) - p;
  const dist = brakeGap(vs.speed[v] ?? 0, d.typeDecel[ty] ?? 4.5, e.dt, d.typeTau[ty] ?? 1) + minGap;
  let from = lane;
  if (lane >= n.nLanes) {
    // on an internal lane SUMO always searches on: the rest of the connection and the lane it leads to
    const c = n.segConn[lane] ?? 0;
    const end = (n.connSegStart[c] ?? 0) + (n.connSegCount[c] ?? 1);
    for (let s = lane + 1; s < end; s++) {
      const t = e.segTail[s] ?? -1;
      if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
      seen += n.segLength[s] ?? 0;
    }
    from = n.connToLane[c] ?? 0;
    const t = e.segTail[from] ?? -1;
    if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
    seen += n.segLength[from] ?? 0;
  } else if (seen > dist) return out.set(-1, -1);
  const k = bk;
  for (let hop = 0; hop < MAX_HOPS && seen <= dist; hop++) {
    const to = continuation(e, v, k, hop);
    const c = to < 0 ? -1 : connTo(e, from, to);
    if (c < 0) break;
    const s0 = n.connSegStart[c] ?? 0;
    for (let s = s0; s < s0 + (n.connSegCount[c] ?? 1); s++) {
      const t = e.segTail[s] ?? -1;
      if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
      seen += n.segLength[s] ?? 0;
    }
    const t = e.segTail[to] ?? -1;
    if (t >= 0) return out.set(t, seen + (vs.pos[t] ?? 0) - (d.typeLength[vs.type[t] ?? 0] ?? 5) - minGap);
    seen += n.segLength[to] ?? 0;
    from = to;
  }
  return out.set(-1, -1);
}

/**
 * The follower of vehicle `v` on `lane` of its road (SUMO `MSLaneChanger::getRealFollower`): `F`, the
 * next vehicle the sweep will visit on that lane, if any; else SUMO's `MSLane::getFollowersOnConsecutive`:
 * a search upstream over every lane leading onto `lane` (internal lanes and the roads before them, whatever
 * their vehicles' routes) as far as the fastest driver so far needs to stop from those lanes' limits at
 * the weakest deceleration so far ({@link upstreamFollowers}), taking the front vehicle of each and keeping
 * the one that misses the most of its secure gap to `v`; a vehicle still before a link without priority
 * does not count as overlapping (its gap is at least 0). The gap is from its front to `v`'s back, less its
 * minimum gap. Written to `out`.
 *
 * @example
 * ```ts
 * realFollower(state, v, lane, nextOnLane, ctx.neighFollow);
 * ```
 */
export function realFollower(e: EngineState, v: number, lane: number, F: number, out: Neighbour): Neighbour {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  const back = (vs.pos[v] ?? 0) - (d.typeLength[vs.type[v] ?? 0] ?? 5);
  if (F >= 0) return out.set(F, back - (vs.pos[F] ?? 0) - (d.typeMinGap[vs.type[F] ?? 0] ?? 2.5));
  const spV = vs.speed[v] ?? 0;
  const decV = d.typeDecel[vs.type[v] ?? 0] ?? 4.5;
  let best = -1;
  let bestGap = 0;
  let bestMissing = -Infinity;
  const k = upstreamFollowers(e, lane, back, v);
  for (let i = 0; i < k; i++) {
    const u = upstream.veh[i] ?? 0;
    // a vehicle before a link without priority does not overlap (SUMO: unless `v`'s back still reaches
    // back onto that vehicle's road, which tsgym does not track)
    const gap = upstream.minor[i] === 1 ? Math.max(upstream.gap[i] ?? 0, 0) : (upstream.gap[i] ?? 0);
    const missing = lcSecureGap(e, u, vs.speed[u] ?? 0, spV, decV) - gap;
    if (missing > bestMissing) {
      best = u;
      bestGap = gap;
      bestMissing = missing;
    }
  }
  return best >= 0 ? out.set(best, bestGap) : out.set(-1, -1);
}
