import { brakeGap } from './carFollowing.js';
import { connTo, continuation } from './bestLanes.js';
import type { EngineState } from './EngineState.js';
import type { Neighbour } from './laneChangeContext.js';
import { LS_R } from './linkStates.js';

/** How many roads beyond the current one the leader search follows. */
const MAX_HOPS = 3;
/** How far upstream of a lane's start a follower is looked for (m). */
const FOLLOWER_LOOKBACK = 100;

/**
 * The leader of vehicle `v` on `lane` of its road (SUMO `MSLaneChanger::getRealLeader`): `L`, the
 * vehicle last passed over on that lane in the lane changer's sweep, if any; else a vehicle whose back
 * still covers the lane's end; else, within the braking distance, the last vehicle on the lanes its
 * best continuation from `lane` leads over (stopping at a red light). Written to `out`.
 *
 * @example
 * ```ts
 * realLeader(state, v, lane, prevOnLane, ctx.neighLead);
 * ```
 */
export function realLeader(e: EngineState, v: number, lane: number, L: number, out: Neighbour): Neighbour {
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
  if (seen > dist) return out.set(-1, -1);
  const k = n.laneIndex[lane] ?? 0;
  let from = lane;
  for (let hop = 0; hop < MAX_HOPS && seen <= dist; hop++) {
    const to = continuation(e, v, k, hop);
    const c = to < 0 ? -1 : connTo(e, from, to);
    if (c < 0 || e.linkState[c] === LS_R) break;
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
 * next vehicle the sweep will visit on that lane, if any; else the nearest vehicle coming onto the lane
 * over the junction behind it (on an internal lane ending there, or at the front of a lane whose next
 * connection is that internal lane), with the gap from its front to `v`'s back. Written to `out`.
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
  let best = -1;
  let bestGap = Infinity;
  for (let j = n.laneInStart[lane] ?? 0; j < (n.laneInStart[lane + 1] ?? 0); j++) {
    // walk back over the internal lanes of one connection into `lane`
    let s = n.laneIn[j] ?? 0;
    let upstream = back;
    for (let guard = 0; guard < 4; guard++) {
      const h = e.segHead[s] ?? -1;
      if (h >= 0) {
        const g = upstream + (n.segLength[s] ?? 0) - (vs.pos[h] ?? 0) - (d.typeMinGap[vs.type[h] ?? 0] ?? 2.5);
        if (g < bestGap) {
          best = h;
          bestGap = g;
        }
        break;
      }
      upstream += n.segLength[s] ?? 0;
      if (upstream - back > FOLLOWER_LOOKBACK) break;
      const c = n.segConn[s] ?? -1;
      const s0 = c >= 0 ? (n.connSegStart[c] ?? 0) : s;
      if (s > s0) {
        s = s - 1;
        continue;
      }
      // the lane the connection starts from: its front vehicle if it takes this connection
      const src = n.connFromLane[c] ?? -1;
      const h2 = src >= 0 ? (e.segHead[src] ?? -1) : -1;
      if (h2 >= 0 && vs.conn[h2] === c) {
        const g = upstream + (n.segLength[src] ?? 0) - (vs.pos[h2] ?? 0) - (d.typeMinGap[vs.type[h2] ?? 0] ?? 2.5);
        if (g < bestGap) {
          best = h2;
          bestGap = g;
        }
      }
      break;
    }
  }
  return best >= 0 && bestGap < FOLLOWER_LOOKBACK ? out.set(best, bestGap) : out.set(-1, -1);
}
