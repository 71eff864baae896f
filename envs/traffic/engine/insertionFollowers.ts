import { secureGap } from './carFollowing.js';
import type { CompiledNetwork } from './compileNetwork.js';
import type { EngineState } from './EngineState.js';

/*
 * The follower an insertion must leave room for (SUMO's MSLane::getFollowersOnConsecutive as
 * MSLane::isInsertionSuccess calls it): among the vehicles behind the departure position on its lane,
 * or, when there is none, the first vehicle of every lane and internal lane upstream within the braking
 * distance of the fastest driver, the one that misses the largest part of its secure gap.
 */

/** Connections that end on each lane: `into[intoStart[l] .. intoStart[l + 1])`, built once per network. */
interface IntoIndex {
  readonly intoStart: Int32Array;
  readonly into: Int32Array;
}
const intoCache = new WeakMap<CompiledNetwork, IntoIndex>();

function intoIndex(n: CompiledNetwork): IntoIndex {
  let ix = intoCache.get(n);
  if (ix) return ix;
  const intoStart = new Int32Array(n.nLanes + 1);
  for (let c = 0; c < n.nConns; c++) intoStart[(n.connToLane[c] ?? 0) + 1]++;
  for (let l = 0; l < n.nLanes; l++) intoStart[l + 1] += intoStart[l] ?? 0;
  const fill = intoStart.slice(0, n.nLanes);
  const into = new Int32Array(n.nConns);
  for (let c = 0; c < n.nConns; c++) into[fill[n.connToLane[c] ?? 0]++] = c;
  ix = { intoStart, into };
  intoCache.set(n, ix);
  return ix;
}

/** Breadth-first search state, reused (no allocation per insertion attempt). */
let queueSeg = new Int32Array(64);
let queueLen = new Float64Array(64);
let seenStamp = new Int32Array(0);
let stamp = 0;
let qTail = 0;

function push(s: number, len: number): void {
  if (seenStamp[s] === stamp) return;
  seenStamp[s] = stamp;
  if (qTail === queueSeg.length) {
    const seg = new Int32Array(qTail * 2);
    seg.set(queueSeg);
    queueSeg = seg;
    const l = new Float64Array(qTail * 2);
    l.set(queueLen);
    queueLen = l;
  }
  queueSeg[qTail] = s;
  queueLen[qTail++] = len;
}

/** Queues the segments that lead into `s` (a lane's internal lanes or, without them, the lanes before it), `len` m upstream plus their own length. */
function pushPredecessors(e: EngineState, s: number, len: number): void {
  const n = e.net;
  if (s < n.nLanes) {
    const ix = intoIndex(n);
    for (let k = ix.intoStart[s] ?? 0; k < (ix.intoStart[s + 1] ?? 0); k++) {
      const c = ix.into[k] ?? 0;
      const count = n.connSegCount[c] ?? 0;
      const p = count > 0 ? (n.connSegStart[c] ?? 0) + count - 1 : (n.connFromLane[c] ?? 0);
      push(p, len + (n.segLength[p] ?? 0));
    }
    return;
  }
  const c = n.segConn[s] ?? 0;
  const piece = n.segPiece[s] ?? 0;
  const p = piece > 0 ? (n.connSegStart[c] ?? 0) + piece - 1 : (n.connFromLane[c] ?? 0);
  push(p, len + (n.segLength[p] ?? 0));
}

/** SUMO's MSLane::getMaximumBrakeDist: how far the fastest driver so far needs to stop on segment `s`. */
function maximumBrakeDist(e: EngineState, s: number): number {
  const v = (e.net.segSpeed[s] ?? 13.89) * e.counters.maxSpeedFactor;
  return Math.min((v * v * 0.5) / e.counters.minDecel, 1000);
}

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
  if (seenStamp.length < n.nSegs) seenStamp = new Int32Array(n.nSegs);
  if (++stamp > 0x3fffffff) {
    seenStamp.fill(0);
    stamp = 1;
  }
  const r = n.laneRoad[lane] ?? 0;
  const l0 = n.roadLaneStart[r] ?? 0;
  for (let k = 0; k < (n.roadLaneCount[r] ?? 0); k++) seenStamp[l0 + k] = stamp;
  let searchDist = maximumBrakeDist(e, lane) - back;
  qTail = 0;
  pushPredecessors(e, lane, 0);
  for (let qHead = 0; qHead < qTail; qHead++) {
    const s = queueSeg[qHead] ?? 0;
    const len = queueLen[qHead] ?? 0;
    const dist = maximumBrakeDist(e, s) - back;
    if (dist > searchDist) searchDist = dist;
    const h = e.segHead[s] ?? -1;
    if (h >= 0) consider(e, h, len - (vs.pos[h] ?? 0) + back - (d.typeMinGap[vs.type[h] ?? 0] ?? 2.5), egoDecel);
    if (len < searchDist) pushPredecessors(e, s, len);
  }
  return follower;
}
