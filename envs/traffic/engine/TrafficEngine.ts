import { Rng } from '../../../src/rng/Rng.js';
import { parseNetworkSpec, type NetworkSpec } from '../network/NetworkSpec.js';
import { compileNetwork, type CompiledNetwork } from './compileNetwork.js';
import { INSERT_POISSON } from './compileDemand.js';
import { SignalController, SIG_UNCONTROLLED } from './SignalController.js';
import { parseSimOptions, type SimOptions, type SimOptionsInput } from './SimOptions.js';
import { VehicleStore } from './VehicleStore.js';
import { insert, spawn } from './demandPhase.js';
import { decideJunctions } from './junctionPhase.js';
import { computeSpeeds, move } from './motionPhase.js';
import { EngineCounters } from './EngineCounters.js';
import { SpawnIndex } from './SpawnIndex.js';
import { changeLanes, laneServes } from './laneChange.js';
import { engineMetrics, laneStats, vehicleView, type VehicleView } from './engineViews.js';
import type { RngState } from '../../../src/rng/Rng.js';
import type { VehicleStoreState } from './VehicleStore.js';

/** Everything `TrafficEngine.restore` needs (plain data: typed arrays and numbers). */
export interface EngineSnapshot {
  readonly time: number;
  readonly vehPtr: number;
  readonly nextExtId: number;
  readonly rng: RngState;
  readonly veh: VehicleStoreState;
  readonly segHead: Int32Array;
  readonly segTail: Int32Array;
  readonly segCount: Int32Array;
  readonly qHead: Int32Array;
  readonly qTail: Int32Array;
  readonly qCount: Int32Array;
  /** Integrated rate of each flow since its last insertion, and the threshold of its next one. */
  readonly flowAcc: Float64Array;
  readonly flowNext: Float64Array;
  readonly flowSchedPtr: Int32Array;
  readonly connState: Uint8Array;
  readonly signals: ReturnType<SignalController['getState']>;
  readonly counters: number[];
  readonly nodeThroughput: Float64Array;
  readonly nodeDelay: Float64Array;
}


/**
 * The microscopic traffic simulator. `step()` reads as its phases: spawn flows, insert waiting vehicles,
 * update signals, change lanes, decide who may enter junctions, compute speeds (IDM or Krauss), move
 * (through junction paths), collect metrics. State lives in typed arrays (see {@link VehicleStore});
 * `snapshot()`/`restore()` capture all of it, including the random stream.
 *
 * @example
 * ```ts
 * const eng = new TrafficEngine(singleIntersection({ demand: 600 }), { step: 1 });
 * eng.reset(42);
 * for (let i = 0; i < 3600; i++) eng.step();
 * eng.metrics().meanDelay;
 * ```
 */
export class TrafficEngine {
  readonly net: CompiledNetwork;
  readonly opts: SimOptions;
  readonly dt: number;
  readonly signals: SignalController;
  readonly veh: VehicleStore;
  readonly counters: EngineCounters;
  /** Signal state of each connection (SIG_* codes). */
  readonly connState: Uint8Array;
  /** Earliest arrival (s) at each connection's stop line of a lane-head vehicle that may go. */
  readonly connEta: Float64Array;
  /** Vehicles of each segment in driving order: head = front-most, tail = last. */
  readonly segHead: Int32Array;
  readonly segTail: Int32Array;
  readonly segCount: Int32Array;
  /** Insertion queues per road (FIFO of pending vehicles). */
  readonly qHead: Int32Array;
  readonly qTail: Int32Array;
  readonly qCount: Int32Array;
  /** Integrated rate of each flow since its last insertion, and the threshold of its next one. */
  readonly flowAcc: Float64Array;
  readonly flowNext: Float64Array;
  readonly flowSchedPtr: Int32Array;
  /** Due-time order of flows and scheduled departures, and `spawn`'s place in it (see {@link SpawnIndex}). */
  readonly spawnIndex: SpawnIndex;
  rateOrderPtr = 0;
  schedPtr = 0;
  /** Rate flows begun and not ended (ascending index), and scratch for the departures due in a step. */
  readonly activeFlows: Int32Array;
  nActiveFlows = 0;
  readonly dueSched: Int32Array;
  /** Scratch list of segments whose front vehicle passed its end in the current step. */
  readonly overflowSegs: Int32Array;
  /** Lanes holding a vehicle that must change lanes to reach its next road. */
  readonly laneNeedsLC: Uint8Array;
  vehPtr = 0;
  time = 0;
  nextExtId = 0;
  rng: Rng;

  constructor(spec: NetworkSpec | unknown, opts?: SimOptionsInput) {
    const parsed = parseNetworkSpec(spec);
    this.net = compileNetwork(parsed);
    this.opts = parseSimOptions(opts);
    this.dt = this.opts.step;
    const n = this.net;
    this.signals = new SignalController(parsed, n.connNode);
    this.signals.setMode(this.opts.signalMode);
    let cap = 0;
    for (let l = 0; l < n.nLanes; l++) cap += (n.segLength[l] as number) / 7;
    this.veh = new VehicleStore(Math.ceil(cap * 1.5) + 64);
    this.counters = new EngineCounters(n);
    this.connState = new Uint8Array(n.nConns);
    this.connEta = new Float64Array(n.nConns);
    this.segHead = new Int32Array(n.nSegs);
    this.segTail = new Int32Array(n.nSegs);
    this.segCount = new Int32Array(n.nSegs);
    this.qHead = new Int32Array(n.nRoads);
    this.qTail = new Int32Array(n.nRoads);
    this.qCount = new Int32Array(n.nRoads);
    this.flowAcc = new Float64Array(n.demand.nFlows);
    this.flowNext = new Float64Array(n.demand.nFlows);
    this.flowSchedPtr = new Int32Array(n.demand.nFlows);
    this.spawnIndex = new SpawnIndex(n.demand);
    this.activeFlows = new Int32Array(n.demand.nFlows);
    this.dueSched = new Int32Array(this.spawnIndex.schedOrder.length);
    this.laneNeedsLC = new Uint8Array(n.nLanes);
    this.overflowSegs = new Int32Array(n.nSegs);
    this.rng = new Rng(0);
    this.reset(0);
  }

  /** Empties the network, rewinds time and signals, and reseeds the random stream. */
  reset(seed?: number): void {
    this.rng = new Rng(seed ?? 0);
    this.veh.clear();
    this.segHead.fill(-1);
    this.segTail.fill(-1);
    this.segCount.fill(0);
    this.laneNeedsLC.fill(0);
    this.qHead.fill(-1);
    this.qTail.fill(-1);
    this.qCount.fill(0);
    for (let f = 0; f < this.net.demand.nFlows; f++) {
      const poisson = this.net.demand.flowMode[f] === INSERT_POISSON;
      this.flowNext[f] = poisson ? this.rng.exponential(1) : 1;
      this.flowAcc[f] = poisson ? 0 : 1 - 1e-9;
    }
    this.flowSchedPtr.set(this.net.demand.schedStart.subarray(0, this.net.demand.nFlows));
    this.rateOrderPtr = 0;
    this.schedPtr = 0;
    this.nActiveFlows = 0;
    this.vehPtr = 0;
    this.time = 0;
    this.nextExtId = 0;
    this.counters.reset();
    const n = this.net;
    for (let c = 0; c < n.nConns; c++) if (n.nodeType[n.connNode[c] as number] !== 0) this.connState[c] = SIG_UNCONTROLLED;
    this.signals.reset(this.connState);
  }

  /** Switches signals between their fixed-time plans and external control (`requestPhase`). */
  setSignalMode(mode: 'fixed' | 'external'): void {
    this.signals.setMode(mode);
  }

  /** Asks signal `s` for phase `p`; yellow and all-red are inserted, min green is honoured. */
  requestPhase(s: number, p: number): void {
    this.signals.requestPhase(s, p);
  }

  /** Advances the simulation by one time step. */
  step(): void {
    spawn(this);
    insert(this);
    this.signals.update(this.dt, this.connState);
    changeLanes(this);
    decideJunctions(this);
    computeSpeeds(this);
    move(this);
    this.time += this.dt;
    this.counters.statsTime = -1;
  }

  /** Network totals (see `engineMetrics` and docs/traffic.md for the definitions). */
  metrics(): Record<string, number> {
    return engineMetrics(this);
  }

  /** Refreshes the per-lane statistics in `counters` (vehicles, halting, occupancy, speeds, waiting). */
  laneStats(): void {
    laneStats(this);
  }

  /** Fills `out` with every running vehicle's position, heading, speed and waiting state. */
  vehicleView(out: VehicleView): VehicleView {
    return vehicleView(this, out);
  }

  /** Vehicles waiting in the insertion queue of `road`. */
  pendingOn(road: number): number {
    return this.qCount[road] as number;
  }

  /** A deep copy of the whole dynamic state (vehicles, queues, signals, counters, random stream). */
  snapshot(): EngineSnapshot {
    return {
      time: this.time, vehPtr: this.vehPtr, nextExtId: this.nextExtId, rng: this.rng.getState(), veh: this.veh.snapshot(),
      segHead: this.segHead.slice(), segTail: this.segTail.slice(), segCount: this.segCount.slice(),
      qHead: this.qHead.slice(), qTail: this.qTail.slice(), qCount: this.qCount.slice(),
      flowAcc: this.flowAcc.slice(), flowNext: this.flowNext.slice(), flowSchedPtr: this.flowSchedPtr.slice(), connState: this.connState.slice(),
      signals: this.signals.getState(), counters: this.counters.getState(), nodeThroughput: this.counters.nodeThroughput.slice(), nodeDelay: this.counters.nodeDelay.slice(),
    };
  }

  /** Restores a state from `snapshot()` of this engine (the snapshot stays reusable). */
  restore(s: EngineSnapshot): void {
    this.time = s.time;
    this.vehPtr = s.vehPtr;
    this.nextExtId = s.nextExtId;
    this.rng = Rng.fromState(s.rng);
    this.veh.restore(s.veh);
    this.segHead.set(s.segHead);
    this.segTail.set(s.segTail);
    this.segCount.set(s.segCount);
    this.qHead.set(s.qHead);
    this.qTail.set(s.qTail);
    this.qCount.set(s.qCount);
    this.flowAcc.set(s.flowAcc);
    this.flowNext.set(s.flowNext);
    this.flowSchedPtr.set(s.flowSchedPtr);
    this.rateOrderPtr = 0; // spawn re-activates the rate flows begun by now and drops the ended ones
    this.nActiveFlows = 0;
    this.schedPtr = this.spawnIndex.dueBefore(s.time);
    this.connState.set(s.connState);
    this.signals.setState(s.signals);
    this.counters.setState(s.counters, s.nodeThroughput, s.nodeDelay);
  }

  /** Time-varying factor of flow `f` at time `t` (piecewise linear, held outside its points). */
  profile(f: number, t: number): number {
    const d = this.net.demand;
    const a = d.profStart[f] as number;
    const b = d.profStart[f + 1] as number;
    if (a === b) return 1;
    if (t <= (d.profT[a] as number)) return d.profF[a] as number;
    for (let k = a + 1; k < b; k++) {
      const tk = d.profT[k] as number;
      if (t <= tk) {
        const t0 = d.profT[k - 1] as number;
        const f0 = d.profF[k - 1] as number;
        return f0 + (((d.profF[k] as number) - f0) * (t - t0)) / (tk - t0);
      }
    }
    return d.profF[b - 1] as number;
  }

  /** Next road after `road` for a vehicle following the turning ratios (-1: leaves at its end). */
  drawTurn(road: number): number {
    const d = this.net.demand;
    const a = d.turnStart[road] as number;
    const b = d.turnStart[road + 1] as number;
    if (a === b) return -1;
    if (b - a === 1) return d.turnRoad[a] as number;
    const u = this.rng.random();
    for (let k = a; k < b; k++) if (u < (d.turnCum[k] as number)) return d.turnRoad[k] as number;
    return d.turnRoad[b - 1] as number;
  }

  /** Appends `v` behind the tail of segment `s`. */
  appendTail(s: number, v: number): void {
    const vs = this.veh;
    const t = this.segTail[s] as number;
    vs.ahead[v] = t;
    vs.behind[v] = -1;
    if (t >= 0) vs.behind[t] = v;
    else this.segHead[s] = v;
    this.segTail[s] = v;
    this.segCount[s]++;
  }

  /** Removes `v` from its segment's list. */
  unlink(v: number): void {
    const vs = this.veh;
    const s = vs.seg[v] as number;
    const a = vs.ahead[v] as number;
    const b = vs.behind[v] as number;
    if (a >= 0) vs.behind[a] = b;
    else this.segHead[s] = b;
    if (b >= 0) vs.ahead[b] = a;
    else this.segTail[s] = a;
    this.segCount[s]--;
    vs.ahead[v] = -1;
    vs.behind[v] = -1;
  }

  /** The connection `v` will take from `lane` toward its next road (-1 if the lane has none). */
  chooseConn(v: number, lane: number): number {
    const n = this.net;
    const vs = this.veh;
    const nr = vs.nextRoad[v] as number;
    if (nr < 0) return -1;
    const n2 = vs.next2Road[v] as number;
    let best = -1;
    let bestScore = Infinity;
    for (let k = n.laneConnStart[lane] as number; k < (n.laneConnStart[lane + 1] as number); k++) {
      const c = n.laneConns[k] as number;
      if (n.connToRoad[c] !== nr) continue;
      const tl = n.connToLane[c] as number;
      const score = (this.segCount[tl] as number) + (n2 >= 0 && !laneServes(n, tl, n2) ? 1000 : 0);
      if (score < bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  }

  /** Bookkeeping when `v` reaches `lane` of its next road. */
  enterRoad(v: number, lane: number): void {
    const vs = this.veh;
    const d = this.net.demand;
    const r = vs.route[v] as number;
    if (r >= 0) {
      const i = (vs.routeIdx[v] as number) + 1;
      vs.routeIdx[v] = i;
      const r0 = d.routeStart[r] as number;
      const len = (d.routeStart[r + 1] as number) - r0;
      vs.nextRoad[v] = i + 1 < len ? (d.routeRoads[r0 + i + 1] as number) : -1;
      vs.next2Road[v] = i + 2 < len ? (d.routeRoads[r0 + i + 2] as number) : -1;
    } else {
      const nr = vs.next2Road[v] as number;
      vs.nextRoad[v] = nr;
      vs.next2Road[v] = nr >= 0 ? this.drawTurn(nr) : -1;
    }
    vs.conn[v] = this.chooseConn(v, lane);
    vs.stuck[v] = 0;
    vs.roadLoss0[v] = vs.timeLoss[v] as number;
    if ((vs.conn[v] as number) < 0 && (vs.nextRoad[v] as number) >= 0) this.laneNeedsLC[lane] = 1;
  }
}
