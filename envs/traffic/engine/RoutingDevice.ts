import type { CompiledNetwork } from './compileNetwork.js';
import { havePriority } from './linkStates.js';
import { ADAPTATION_STEPS, average, cur } from './routingAverage.js';

/** SUMO's `weights.minor-penalty` (s): added to an internal lane entered by a minor link without a signal. */
const MINOR_PENALTY = 1.5;
/** Internal lanes per connection tracked as SUMO internal edges (an entry piece and the piece after an internal junction). */
const MAX_PIECES = 2;
/** SUMO's NUMERICAL_EPS, the lowest speed a travel time is computed with. */
const EPS = 0.001;

/**
 * SUMO's routing device for trips (`from`/`to` without a route): SUMO equips every such vehicle with one
 * and routes it when it departs, on the travel speeds of the last 180 s (`device.rerouting.adaptation-steps`,
 * updated every second): each road's mean vehicle speed (an empty lane counts once at its speed limit), and
 * each internal edge's (the parallel internal lanes from one road to the next); on a road of 2+ lanes one halted
 * at a stop (a bus at its stop) is left out of its lane's mean, not its weight (SUMO 1.13+ MSLane::getMeanSpeed). The effort of a road or
 * internal lane is its length over that speed, never below its free-flow time for the driver (lane 0's speed
 * limit times the driver's speed factor, capped by its type's top speed, plus SUMO's minor-link penalty on
 * internal lanes); Dijkstra over roads, ties by road index (SUMO: by edge id). On an empty network the routes are those of the import (`duarouter`'s).
 * A driver departing at t is routed on the speeds averaged after step t - 2, not after t - 1: SUMO 1.15's
 * routes match those (`test/fixtures/sumo/taz/od`: 932 of 940 routes as SUMO's with them, 722 with the
 * latest averages, whose values agree with SUMO's `--device.rerouting.output` of the same steps).
 *
 * @example
 * ```ts
 * const dev = new RoutingDevice(net);
 * dev.adapt(engine); // after each step
 * const n = dev.route(from, to, 1, 55.6); // roads in dev.path[0 .. n)
 * ```
 */
export class RoutingDevice {
  private readonly net: CompiledNetwork;
  /** Successors of road r: `succRoad[succStart[r] .. succStart[r+1])`, each through the internal segments of its first connection. */
  private readonly succStart: Int32Array;
  private readonly succRoad: Int32Array;
  /** Successor index (`succStart[r] + k`) of each connection: its internal lanes belong to that internal edge. */
  private readonly connSucc: Int32Array;
  /** Road whose successors were last visited, per target road (first allowed connection per target). */
  private readonly seen: Int32Array;
  /** Minor-link penalty of each segment (internal ones only). */
  private readonly segPenalty: Float64Array;
  /**
   * SUMO's internal edges: piece p of the connections from road r to successor k (`succStart[r] + k`) form
   * internal edge `k * MAX_PIECES + p`, its lanes the segments `edgeSegs[edgeSegStart[e] .. edgeSegStart[e+1])`.
   */
  private readonly edgeSegStart: Int32Array;
  private readonly edgeSegs: Int32Array;
  /** Averaged speed of each road and of each internal edge. */
  readonly roadSpeed: Float64Array;
  readonly edgeSpeed: Float64Array;
  /** The averages before the latest adaptation step: the ones routes are found on (see the class). */
  private readonly lagRoad: Float64Array;
  private readonly lagEdge: Float64Array;
  private readonly pastRoad: Float64Array;
  private readonly pastEdge: Float64Array;
  /** Steps each road / internal edge has been empty in a row (up to the window: then it is skipped). */
  private readonly roadQuiet: Int32Array;
  private readonly edgeQuiet: Int32Array;
  private index = 0;
  /**
   * The roads and internal edges whose average moves this step (a vehicle on them, or empty for less than the
   * window): the others hold their free speed and are not visited. `roadActive`/`edgeActive` flag membership.
   */
  private readonly activeRoads: Int32Array;
  private readonly activeEdges: Int32Array;
  private nActiveRoads = 0;
  private nActiveEdges = 0;
  private readonly roadActive: Uint8Array;
  private readonly edgeActive: Uint8Array;
  /** Internal edge of each segment (-1: a lane, or an internal piece past the tracked ones). */
  private readonly segEdge: Int32Array;
  // scratch
  private readonly sum: Float64Array;
  private readonly cnt: Int32Array;
  private readonly held: Int32Array;
  readonly dist: Float64Array; // effort (s) to each road in the last search, its start's own not counted (read by routeLoop.ts)
  private readonly prev: Int32Array;
  private readonly heapD: Float64Array;
  private readonly heapR: Int32Array;
  /** Roads of the current zone sink: marked with the query's stamp. */
  private readonly sinkMark: Int32Array;
  private stamp = 0;
  private readonly one = new Int32Array(1);
  /** The last route found (`route` returns its length). */
  path: Int32Array;

  constructor(net: CompiledNetwork) {
    this.net = net;
    const nRoads = net.nRoads;
    const start = new Int32Array(nRoads + 1);
    const roads: number[] = [];
    for (let r = 0; r < nRoads; r++) {
      const seen = new Set<number>();
      for (let k = net.roadConnStart[r] ?? 0; k < (net.roadConnStart[r + 1] ?? 0); k++) {
        const c = net.roadConns[k] ?? 0;
        const to = net.connToRoad[c] ?? 0;
        if (seen.has(to)) continue;
        seen.add(to);
        roads.push(to);
      }
      start[r + 1] = roads.length;
    }
    this.succStart = start;
    this.succRoad = Int32Array.from(roads);
    this.connSucc = new Int32Array(net.nConns);
    for (let r = 0; r < nRoads; r++) {
      for (let j = net.roadConnStart[r] ?? 0; j < (net.roadConnStart[r + 1] ?? 0); j++) {
        const c = net.roadConns[j] ?? 0;
        let k = start[r] ?? 0;
        while (k < (start[r + 1] ?? 0) && roads[k] !== net.connToRoad[c]) k++;
        this.connSucc[c] = k;
      }
    }
    this.seen = new Int32Array(nRoads).fill(-1);
    this.segPenalty = new Float64Array(net.nSegs);
    for (let c = 0; c < net.nConns; c++) {
      const s0 = net.connSegStart[c] ?? 0;
      if (net.connSignalized[c] !== 1 && !havePriority(net.linkStatic[c] ?? 0)) this.segPenalty[s0] = MINOR_PENALTY;
      const ij = net.connIJLink[c] ?? -1;
      if (ij >= 0 && !havePriority(net.linkStatic[ij] ?? 0)) this.segPenalty[s0 + 1] = MINOR_PENALTY;
    }
    const nEdges = this.succRoad.length * MAX_PIECES;
    const edgeSegs: number[][] = Array.from({ length: nEdges }, () => []);
    for (let r = 0; r < nRoads; r++) {
      for (let j = net.roadConnStart[r] ?? 0; j < (net.roadConnStart[r + 1] ?? 0); j++) {
        const c = net.roadConns[j] ?? 0;
        const k = this.connSucc[c] ?? 0;
        const n = Math.min(MAX_PIECES, net.connSegCount[c] ?? 0);
        for (let p = 0; p < n; p++) edgeSegs[k * MAX_PIECES + p]?.push((net.connSegStart[c] ?? 0) + p);
      }
    }
    this.edgeSegStart = new Int32Array(nEdges + 1);
    edgeSegs.forEach((l, e) => (this.edgeSegStart[e + 1] = (this.edgeSegStart[e] ?? 0) + l.length));
    this.edgeSegs = Int32Array.from(edgeSegs.flat());
    this.segEdge = new Int32Array(net.nSegs).fill(-1);
    edgeSegs.forEach((l, e) => l.forEach((s) => (this.segEdge[s] = e)));
    this.activeRoads = new Int32Array(nRoads);
    this.activeEdges = new Int32Array(nEdges);
    this.roadActive = new Uint8Array(nRoads);
    this.edgeActive = new Uint8Array(nEdges);
    this.roadSpeed = new Float64Array(nRoads);
    this.edgeSpeed = new Float64Array(nEdges);
    this.lagRoad = new Float64Array(nRoads);
    this.lagEdge = new Float64Array(nEdges);
    this.pastRoad = new Float64Array(nRoads * ADAPTATION_STEPS);
    this.pastEdge = new Float64Array(nEdges * ADAPTATION_STEPS);
    this.roadQuiet = new Int32Array(nRoads);
    this.edgeQuiet = new Int32Array(nEdges);
    this.sum = new Float64Array(net.nSegs);
    this.cnt = new Int32Array(net.nSegs);
    this.held = new Int32Array(net.nSegs);
    // one more node: a zone's sink (SUMO's TAZ sink edge, numbered after every road)
    this.dist = new Float64Array(nRoads + 1);
    this.prev = new Int32Array(nRoads + 1);
    this.sinkMark = new Int32Array(nRoads);
    // every road may be pushed once per relaxation, as a source, and the sink once per sink road
    this.heapD = new Float64Array(Math.max(16, this.succRoad.length + 2 * nRoads + 2));
    this.heapR = new Int32Array(this.heapD.length);
    this.path = new Int32Array(16);
    this.reset();
  }

  /** Free-flow speeds everywhere (an empty network). */
  reset(): void {
    this.sum.fill(0);
    this.cnt.fill(0);
    this.held.fill(0);
    this.measure();
    this.findActive();
    for (let r = 0; r < this.net.nRoads; r++) this.pastRoad.fill(this.roadSpeed[r] ?? 0, r * ADAPTATION_STEPS, (r + 1) * ADAPTATION_STEPS);
    for (let e = 0; e < this.edgeSpeed.length; e++) this.pastEdge.fill(this.edgeSpeed[e] ?? 0, e * ADAPTATION_STEPS, (e + 1) * ADAPTATION_STEPS);
    this.lagRoad.set(this.roadSpeed);
    this.lagEdge.set(this.edgeSpeed);
    this.index = 0;
  }

  /** Sets `roadSpeed`/`edgeSpeed` to the current mean speeds from `sum`/`cnt` everywhere (SUMO `MSEdge::getMeanSpeed`), starting afresh. */
  private measure(): void {
    for (let r = 0; r < this.net.nRoads; r++) this.averageRoad(r, 0, true);
    for (let e = 0; e < this.edgeSpeed.length; e++) this.averageEdge(e, 0, true);
  }

  /** The moving average of road `r` (see `average`); now: its lanes' mean speeds (see the class) weighed by their vehicles (an empty lane once). */
  private averageRoad(r: number, i: number, set: boolean): void {
    const n = this.net;
    const l0 = n.roadLaneStart[r] ?? 0;
    let v = 0;
    let total = 0;
    let busy = false;
    for (let l = l0; l < l0 + (n.roadLaneCount[r] ?? 0); l++) {
      const c = this.cnt[l] ?? 0;
      const all = c + (this.held[l] ?? 0);
      if (all > 0) busy = true;
      v += all === c ? (c > 0 ? (this.sum[l] ?? 0) : (n.segSpeed[l] ?? 0)) : (c > 0 ? (this.sum[l] ?? 0) / c : (n.segSpeed[l] ?? 0)) * all;
      total += all > 0 ? all : 1;
    }
    cur.v = total > 0 ? v / total : (n.segSpeed[l0] ?? 0);
    average(this.roadSpeed, this.pastRoad, this.roadQuiet, r, i, busy, set);
  }

  /** The moving average of internal edge `e`, as `averageRoad`. */
  private averageEdge(e: number, i: number, set: boolean): void {
    const n = this.net;
    let v = 0;
    let total = 0;
    let busy = false;
    for (let j = this.edgeSegStart[e] ?? 0; j < (this.edgeSegStart[e + 1] ?? 0); j++) {
      const s = this.edgeSegs[j] ?? 0;
      const c = this.cnt[s] ?? 0;
      if (c > 0) busy = true;
      v += c > 0 ? (this.sum[s] ?? 0) : (n.segSpeed[s] ?? 0);
      total += c > 0 ? c : 1;
    }
    cur.v = total > 0 ? v / total : 0;
    average(this.edgeSpeed, this.pastEdge, this.edgeQuiet, e, i, busy, set);
  }

  /** Rebuilds the active lists from the quiet counts (after a reset or a restore). */
  private findActive(): void {
    this.nActiveRoads = 0;
    this.nActiveEdges = 0;
    for (let r = 0; r < this.net.nRoads; r++) {
      this.roadActive[r] = (this.roadQuiet[r] ?? 0) < ADAPTATION_STEPS ? 1 : 0;
      if (this.roadActive[r] === 1) this.activeRoads[this.nActiveRoads++] = r;
    }
    for (let e = 0; e < this.edgeSpeed.length; e++) {
      this.edgeActive[e] = (this.edgeQuiet[e] ?? 0) < ADAPTATION_STEPS ? 1 : 0;
      if (this.edgeActive[e] === 1) this.activeEdges[this.nActiveEdges++] = e;
    }
  }

  /**
   * One adaptation step (SUMO `adaptEdgeEfforts`, every second at the end of the step): the running vehicles'
   * speeds (`stopped`: at a stop). Only the active roads and edges are averaged (an item empty for the whole window is left as it is).
   */
  adapt(run: Int32Array, nRun: number, seg: Int32Array, speed: Float64Array, stopped: Uint8Array): void {
    const nLanes = this.net.nLanes;
    this.lagRoad.set(this.roadSpeed);
    this.lagEdge.set(this.edgeSpeed);
    for (let k = 0; k < nRun; k++) {
      const v = run[k] ?? 0;
      const s = seg[v] ?? -1;
      if (s < 0) continue;
      const held = s < nLanes && stopped[v] === 1 && (this.net.roadLaneCount[this.net.laneRoad[s] ?? 0] ?? 1) > 1 ? 1 : 0;
      this.held[s] = (this.held[s] ?? 0) + held;
      this.sum[s] = (this.sum[s] ?? 0) + (held === 1 ? 0 : (speed[v] ?? 0));
      this.cnt[s] = (this.cnt[s] ?? 0) + 1 - held;
      if (s < nLanes) {
        const r = this.net.laneRoad[s] ?? 0;
        if (this.roadActive[r] === 0) {
          this.roadActive[r] = 1;
          this.activeRoads[this.nActiveRoads++] = r;
        }
      } else {
        const e = this.segEdge[s] ?? -1;
        if (e >= 0 && this.edgeActive[e] === 0) {
          this.edgeActive[e] = 1;
          this.activeEdges[this.nActiveEdges++] = e;
        }
      }
    }
    const i = this.index;
    for (let k = 0; k < this.nActiveRoads; ) {
      const r = this.activeRoads[k] ?? 0;
      this.averageRoad(r, i, false);
      if ((this.roadQuiet[r] ?? 0) < ADAPTATION_STEPS) k++;
      else {
        this.roadActive[r] = 0;
        this.activeRoads[k] = this.activeRoads[--this.nActiveRoads] ?? 0;
      }
    }
    for (let k = 0; k < this.nActiveEdges; ) {
      const e = this.activeEdges[k] ?? 0;
      this.averageEdge(e, i, false);
      if ((this.edgeQuiet[e] ?? 0) < ADAPTATION_STEPS) k++;
      else {
        this.edgeActive[e] = 0;
        this.activeEdges[k] = this.activeEdges[--this.nActiveEdges] ?? 0;
      }
    }
    // back to all zeros for the next step
    for (let k = 0; k < nRun; k++) {
      const s = seg[run[k] ?? 0] ?? -1;
      if (s < 0) continue;
      this.sum[s] = 0;
      this.cnt[s] = 0;
      this.held[s] = 0;
    }
    this.index = (this.index + 1) % ADAPTATION_STEPS;
  }

  private effort(len: number, avg: number, limit: number, sf: number, vmax: number, penalty: number): number {
    const v = Math.min(limit * sf, vmax);
    const min = len / Math.max(v, EPS) + penalty;
    const cur = len / Math.max(avg, EPS);
    return cur > min ? cur : min;
  }

  /**
   * The fastest route from road `from` to road `to` for a driver with speed factor `sf`, top speed `vmax`
   * and vehicle class bit `cls` (it uses only connections whose lanes allow it), on the current averaged
   * speeds: its roads in `path[0 .. n)`, n returned (0: unreachable).
   */
  route(from: number, to: number, sf: number, vmax: number, cls = 0xffffffff): number {
    this.one[0] = from;
    return this.search(this.one, 0, 1, to, this.one, 0, 0, sf, vmax, cls);
  }

  /**
   * The fastest route from any road of `src[s0 .. s1)` to any road of `sink[k0 .. k1)` (a trip between
   * zones, SUMO's TAZ): as SUMO routes from the zone's source (a virtual edge leading to each source road at
   * no cost) to its sink (which each sink road leads to), the effort counts the whole of the arrival road.
   * Source roads the vehicle class may not use are left out. Roads in `path[0 .. n)`, n returned (0: none).
   */
  routeZones(src: Int32Array, s0: number, s1: number, sink: Int32Array, k0: number, k1: number, sf: number, vmax: number, cls = 0xffffffff): number {
    return this.search(src, s0, s1, -1, sink, k0, k1, sf, vmax, cls);
  }

  /** Dijkstra from the roads `src[s0 .. s1)` to road `to`, or (to < 0) to the zone sink reached from `sink[k0 .. k1)`. */
  private search(
    src: Int32Array, s0: number, s1: number, to: number, sink: Int32Array, k0: number, k1: number, sf: number, vmax: number, cls: number,
  ): number {
    const n = this.net;
    const zone = n.nRoads;
    const dist = this.dist.fill(Infinity);
    const prev = this.prev.fill(-1);
    this.seen.fill(-1);
    const stamp = ++this.stamp;
    for (let k = k0; k < k1; k++) this.sinkMark[sink[k] ?? 0] = stamp;
    let size = 0;
    const hd = this.heapD;
    const hr = this.heapR;
    const push = (d: number, r: number): void => {
      let i = size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        const pd = hd[p] ?? 0;
        if (pd < d || (pd === d && (hr[p] ?? 0) < r)) break;
        hd[i] = pd;
        hr[i] = hr[p] ?? 0;
        i = p;
      }
      hd[i] = d;
      hr[i] = r;
    };
    for (let k = s0; k < s1; k++) {
      const r = src[k] ?? 0;
      if (dist[r] === 0) continue;
      if (to < 0 && !this.allows(r, cls)) continue;
      dist[r] = 0;
      push(0, r);
    }
    while (size > 0) {
      const d = hd[0] ?? 0;
      const r = hr[0] ?? 0;
      // pop
      size--;
      const ld = hd[size] ?? 0;
      const lr = hr[size] ?? 0;
      let i = 0;
      for (;;) {
        const a = 2 * i + 1;
        if (a >= size) break;
        const b = a + 1;
        const m = b < size && ((hd[b] ?? 0) < (hd[a] ?? 0) || ((hd[b] ?? 0) === (hd[a] ?? 0) && (hr[b] ?? 0) < (hr[a] ?? 0))) ? b : a;
        if ((hd[m] ?? 0) > ld || ((hd[m] ?? 0) === ld && (hr[m] ?? 0) > lr)) break;
        hd[i] = hd[m] ?? 0;
        hr[i] = hr[m] ?? 0;
        i = m;
      }
      hd[i] = ld;
      hr[i] = lr;
      if (d > (dist[r] ?? Infinity)) continue;
      if (r === to || r === zone) break;
      const l0 = n.roadLaneStart[r] ?? 0;
      const base = d + this.effort(n.segLength[l0] ?? 0, this.lagRoad[r] ?? 0, n.segSpeed[l0] ?? 0, sf, vmax, 0);
      // a sink road leads to the zone's sink, its own effort counted
      if (to < 0 && this.sinkMark[r] === stamp && base < (dist[zone] ?? Infinity)) {
        dist[zone] = base;
        prev[zone] = r;
        push(base, zone);
      }
      for (let j = n.roadConnStart[r] ?? 0; j < (n.roadConnStart[r + 1] ?? 0); j++) {
        const c = n.roadConns[j] ?? 0;
        const s = n.connToRoad[c] ?? 0;
        // SUMO: the first connection to each road whose lanes the vehicle class may use
        if (this.seen[s] === r) continue;
        if (((n.laneAllow[n.connFromLane[c] ?? 0] ?? 0) & cls) === 0 || ((n.laneAllow[n.connToLane[c] ?? 0] ?? 0) & cls) === 0) continue;
        this.seen[s] = r;
        const k = this.connSucc[c] ?? 0;
        let nd = base;
        const s0 = n.connSegStart[c] ?? 0;
        const np = n.connSegCount[c] ?? 0;
        for (let p = 0; p < np; p++) {
          const seg = s0 + p;
          const avg = p < MAX_PIECES ? (this.lagEdge[k * MAX_PIECES + p] ?? 0) : (n.segSpeed[seg] ?? 0);
          nd += this.effort(n.segLength[seg] ?? 0, avg, n.segSpeed[seg] ?? 0, sf, vmax, this.segPenalty[seg] ?? 0);
        }
        if (nd < (dist[s] ?? Infinity)) {
          dist[s] = nd;
          prev[s] = r;
          push(nd, s);
        }
      }
    }
    const end = to < 0 ? (prev[zone] ?? -1) : to;
    if (end < 0 || (dist[to < 0 ? zone : to] ?? Infinity) === Infinity) return 0;
    let len = 0;
    for (let r = end; r !== -1; r = prev[r] ?? -1) len++;
    if (this.path.length < len) this.path = new Int32Array(len * 2);
    let k = len;
    for (let r = end; r !== -1; r = prev[r] ?? -1) this.path[--k] = r;
    return len;
  }

  /** Whether vehicle class bit `cls` may use some lane of road `r` (SUMO's router leaves out the edges it prohibits). */
  private allows(r: number, cls: number): boolean {
    const l0 = this.net.roadLaneStart[r] ?? 0;
    for (let l = l0; l < l0 + (this.net.roadLaneCount[r] ?? 0); l++) if (((this.net.laneAllow[l] ?? 0) & cls) !== 0) return true;
    return false;
  }

  /** The dynamic state, for snapshots. */
  getState(): {
    roadSpeed: Float64Array; edgeSpeed: Float64Array; pastRoad: Float64Array; pastEdge: Float64Array;
    roadQuiet: Int32Array; edgeQuiet: Int32Array; index: number; lagRoad?: Float64Array; lagEdge?: Float64Array;
  } {
    return {
      roadSpeed: this.roadSpeed.slice(), edgeSpeed: this.edgeSpeed.slice(), pastRoad: this.pastRoad.slice(), pastEdge: this.pastEdge.slice(),
      lagRoad: this.lagRoad.slice(), lagEdge: this.lagEdge.slice(),
      roadQuiet: this.roadQuiet.slice(), edgeQuiet: this.edgeQuiet.slice(), index: this.index,
    };
  }

  /** Restores a state from `getState`. */
  setState(st: ReturnType<RoutingDevice['getState']>): void {
    this.roadSpeed.set(st.roadSpeed);
    this.edgeSpeed.set(st.edgeSpeed);
    // a snapshot from before the lag was kept: route on the latest averages
    this.lagRoad.set(st.lagRoad ?? st.roadSpeed);
    this.lagEdge.set(st.lagEdge ?? st.edgeSpeed);
    this.pastRoad.set(st.pastRoad);
    this.pastEdge.set(st.pastEdge);
    this.roadQuiet.set(st.roadQuiet);
    this.edgeQuiet.set(st.edgeQuiet);
    this.index = st.index;
    this.findActive();
  }
}
