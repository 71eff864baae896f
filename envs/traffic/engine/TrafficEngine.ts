import { Rng, type RngState } from '../../../src/rng/Rng.js';
import { INSERT_EXPONENTIAL, INSERT_POISSON } from './compileDemand.js';
import { spawn } from './demandPhase.js';
import { engineMetrics, laneStats, vehicleView, type VehicleView } from './engineViews.js';
import { EngineState } from './EngineState.js';
import { executeMovements } from './executePhase.js';
import { insertVehicles } from './insertionPhase.js';
import { changeLanes } from './laneChangePhase.js';
import { linkStateCode, LS_R, LS_S, signalLinkState } from './linkStates.js';
import { parkAndLeave } from './parkingPhase.js';
import { planMovements } from './planPhase.js';
import { SIG_UNCONTROLLED } from './SignalController.js';
import { teleportReturns, teleports } from './teleportPhase.js';
import { detectCollisions } from './collisions.js';
import type { VehicleStoreState } from './VehicleStore.js';

/** `signalLinkState` of every signal code (a table: the per-step update is a lookup). */
const SIGNAL_LINK_STATE = Uint8Array.from({ length: 256 }, (_, sig) => signalLinkState(sig));

/** Everything `TrafficEngine.restore` needs (plain data: typed arrays and numbers). */
export interface EngineSnapshot {
  readonly time: number;
  readonly stepNo: number;
  readonly vehPtr: number;
  readonly nextExtId: number;
  readonly rng: RngState;
  readonly veh: VehicleStoreState;
  readonly seg: Int32Array[];
  readonly segOutOdo: Float64Array;
  readonly queues: Int32Array[];
  readonly flowAcc: Float64Array;
  readonly flowNext: Float64Array;
  readonly flowSchedPtr: Int32Array;
  readonly flowDone?: Int32Array;
  readonly spawnPtrs: number[];
  readonly activeFlows: Int32Array;
  readonly connState: Uint8Array;
  readonly linkState: Uint8Array;
  readonly signals: ReturnType<EngineState['signals']['getState']>;
  readonly loops?: ReturnType<EngineState['loops']['getState']>;
  readonly routing?: ReturnType<NonNullable<EngineState['routing']>['getState']>;
  readonly counters: number[];
  readonly nodeThroughput: Float64Array;
  readonly nodeDelay: Float64Array;
  readonly routes: ReturnType<EngineState['routes']['getState']>;
  readonly teleporting: Int32Array;
  readonly parked?: readonly number[];
  readonly lots?: ReturnType<EngineState['lots']['getState']>;
  readonly lcOrder?: ReturnType<EngineState['lcOrder']['getState']>;
}

/**
 * The microscopic traffic simulator, after SUMO's model: Krauss car following with SUMO's safe speeds
 * and dawdling (or IDM), right of way from the junction logic (link states, foes, internal junctions,
 * time windows of approaching vehicles), junction blocking avoidance, LC2013-style lane changing,
 * SUMO's insertion and teleporting. `step()` reads as its phases: signals, plan (every vehicle from the
 * same state), execute (decide at links, move), teleports, collision check, lane changes (in SUMO's order of
 * active lanes), collision check, demand, insertion, teleported vehicles' return. State
 * lives in typed arrays (see {@link EngineState}); `snapshot()`/`restore()` capture all of it,
 * including the random stream. The clock starts at `opts.begin` (SUMO's `time/begin`).
 *
 * @example
 * ```ts
 * const eng = new TrafficEngine(singleIntersection({ demand: 600 }), { step: 1 });
 * eng.reset(42);
 * for (let i = 0; i < 3600; i++) eng.step();
 * eng.metrics().meanDelay;
 * ```
 */
export class TrafficEngine extends EngineState {
  constructor(spec: unknown, opts?: ConstructorParameters<typeof EngineState>[1]) {
    super(spec, opts);
    this.reset(0);
  }

  /** Empties the network, rewinds time (to `opts.begin`) and signals, and reseeds the random stream. */
  reset(seed?: number): void {
    this.rng = new Rng(seed ?? 0);
    const n = this.net;
    this.veh.clear();
    this.segHead.fill(-1);
    this.segTail.fill(-1);
    this.segCount.fill(0);
    this.segOutVeh.fill(-1);
    this.qHead.fill(-1);
    this.qTail.fill(-1);
    this.qCount.fill(0);
    this.tpCount = 0;
    this.parked = [];
    this.toPark = [];
    this.lots.reset();
    this.routes.reset();
    this.bestCache.clear();
    this.lcOrder.reset();
    for (let f = 0; f < n.demand.nFlows; f++) {
      // random headways (exact times too: SUMO's first driver of an exp(rate) flow is due one headway after begin)
      const poisson = n.demand.flowMode[f] === INSERT_POISSON || n.demand.flowMode[f] === INSERT_EXPONENTIAL;
      this.flowNext[f] = poisson ? this.rng.exponential(1) : 1;
      // an evenly spaced flow's first vehicle enters at the first step at or after its begin; one that began
      // before the simulation did keeps its phase (the departures due before the begin are dropped)
      const d = n.demand;
      const before = Math.max(0, this.opts.begin - (d.flowBegin[f] ?? 0)) * (d.flowRate[f] ?? 0);
      this.flowAcc[f] = poisson ? 0 : 1 + 1e-9 + before - Math.ceil(before - 1e-9);
    }
    this.flowSchedPtr.set(n.demand.schedStart.subarray(0, n.demand.nFlows));
    this.flowDone.fill(0);
    const begin = this.opts.begin;
    this.rateOrderPtr = 0;
    this.schedPtr = this.spawnIndex.dueBefore(begin);
    this.nActiveFlows = 0;
    this.vehPtr = 0;
    while (this.vehPtr < n.demand.nVehicles && (n.demand.vehDepart[this.vehPtr] ?? 0) < begin) this.vehPtr++;
    this.time = begin;
    this.stepNo = 0;
    this.nextExtId = 0;
    this.counters.reset();
    for (let c = 0; c < n.nConns; c++) if (n.connSignalized[c] !== 1) this.connState[c] = SIG_UNCONTROLLED;
    this.loops.reset(begin);
    this.routing?.reset();
    this.signals.reset(this.connState, this.dt, begin);
    this.updateLinkStates(true);
  }

  /** Switches signals between their fixed-time plans and external control (`requestPhase`). */
  setSignalMode(mode: 'fixed' | 'external'): void {
    this.signals.setMode(mode);
  }

  /** Asks signal `s` for phase `p`; yellow and all-red are inserted, min green is honoured. */
  requestPhase(s: number, p: number): void {
    this.signals.requestPhase(s, p);
  }

  /**
   * Link states from the signals (controlled links; a red right turn is a stop sign with right turn on red) and the
   * junction logic (the others; `all` false: only the controlled ones, the others never change).
   */
  private updateLinkStates(all = false): void {
    // the signal links change only when the signals wrote the connection states
    if (!all && this.signals.writes === this.linkStatesFor) return;
    this.linkStatesFor = this.signals.writes;
    const n = this.net;
    if (all) {
      for (let l = 0; l < n.nLinks; l++) {
        const c = n.linkConn[l] ?? 0;
        this.linkState[l] = (n.linkInternal[l] ?? 0) === 0 && n.connSignalized[c] === 1
          ? signalLinkState(this.connState[c] ?? 0)
          : (n.linkStatic[l] ?? linkStateCode('m'));
      }
    }
    const sl = this.signalLinks;
    const rtor = this.signalLinkRtor;
    for (let k = 0; k < sl.length; k++) {
      const l = sl[k] ?? 0;
      const st = SIGNAL_LINK_STATE[this.connState[n.linkConn[l] ?? 0] ?? 0] ?? 0;
      this.linkState[l] = st === LS_R && rtor[k] === 1 ? LS_S : st;
    }
  }

  /** `signals.writes` when the link states were last derived (-1: derive them at the next step). */
  private linkStatesFor = -1;

  /** Advances the simulation by one time step. */
  step(): void {
    if (this.loops.n > 0) this.loops.settle(this, this.time - this.dt);
    if (this.areas.n > 0) this.areas.settle(this);
    this.signals.update(this.dt, this.connState, this.time);
    this.updateLinkStates();
    if (this.lots.n > 0) this.lots.reserve(this);
    this.lcOrder.afterInsertions(this);
    planMovements(this);
    executeMovements(this);
    parkAndLeave(this);
    teleports(this);
    this.lcOrder.afterMovements(this);
    detectCollisions(this);
    changeLanes(this);
    detectCollisions(this);
    spawn(this);
    insertVehicles(this);
    teleportReturns(this);
    this.routing?.adapt(this.veh.run, this.veh.runCount, this.veh.seg, this.veh.speed, this.veh.stopped);
    this.stepNo++;
    // the clock in whole milliseconds, as SUMO keeps it (no drift from adding 0.1 or 0.2 s steps)
    this.time = Math.round((this.opts.begin + this.stepNo * this.dt) * 1000) / 1000;
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
    return this.qCount[road] ?? 0;
  }

  /** A deep copy of the whole dynamic state (vehicles, queues, signals, counters, random stream). */
  snapshot(): EngineSnapshot {
    return {
      time: this.time, stepNo: this.stepNo, vehPtr: this.vehPtr, nextExtId: this.nextExtId, rng: this.rng.getState(), veh: this.veh.snapshot(),
      seg: [this.segHead.slice(), this.segTail.slice(), this.segCount.slice(), this.segOutVeh.slice(), this.segOutId.slice()],
      segOutOdo: this.segOutOdo.slice(),
      queues: [this.qHead.slice(), this.qTail.slice(), this.qCount.slice()],
      flowAcc: this.flowAcc.slice(), flowNext: this.flowNext.slice(), flowSchedPtr: this.flowSchedPtr.slice(), flowDone: this.flowDone.slice(),
      spawnPtrs: [this.rateOrderPtr, this.schedPtr, this.nActiveFlows, this.tpCount], activeFlows: this.activeFlows.slice(),
      connState: this.connState.slice(), linkState: this.linkState.slice(), signals: this.signals.getState(), loops: this.loops.getState(),
      ...(this.routing ? { routing: this.routing.getState() } : {}),
      counters: this.counters.getState(), nodeThroughput: this.counters.nodeThroughput.slice(), nodeDelay: this.counters.nodeDelay.slice(),
      routes: this.routes.getState(), teleporting: this.tpList.slice(0, this.tpCount), parked: [...this.parked],
      ...(this.lots.n > 0 ? { lots: this.lots.getState() } : {}),
      lcOrder: this.lcOrder.getState(),
    };
  }

  /** Restores a state from `snapshot()` of this engine (the snapshot stays reusable). */
  restore(s: EngineSnapshot): void {
    this.time = s.time;
    this.stepNo = s.stepNo;
    this.vehPtr = s.vehPtr;
    this.nextExtId = s.nextExtId;
    this.rng = Rng.fromState(s.rng);
    this.veh.restore(s.veh);
    const [h, t, c, ov, oi] = s.seg;
    if (h && t && c && ov && oi) {
      this.segHead.set(h);
      this.segTail.set(t);
      this.segCount.set(c);
      this.segOutVeh.set(ov);
      this.segOutId.set(oi);
    }
    this.segOutOdo.set(s.segOutOdo);
    const [qh, qt, qc] = s.queues;
    if (qh && qt && qc) {
      this.qHead.set(qh);
      this.qTail.set(qt);
      this.qCount.set(qc);
    }
    this.flowAcc.set(s.flowAcc);
    this.flowNext.set(s.flowNext);
    this.flowSchedPtr.set(s.flowSchedPtr);
    this.flowDone.set(s.flowDone ?? new Int32Array(this.flowDone.length));
    [this.rateOrderPtr, this.schedPtr, this.nActiveFlows, this.tpCount] = [s.spawnPtrs[0] ?? 0, s.spawnPtrs[1] ?? 0, s.spawnPtrs[2] ?? 0, s.spawnPtrs[3] ?? 0];
    this.activeFlows.set(s.activeFlows);
    if (this.tpList.length < s.teleporting.length) this.tpList = new Int32Array(s.teleporting.length * 2);
    this.tpList.set(s.teleporting);
    this.parked = [...(s.parked ?? [])];
    if (s.lots) this.lots.setState(s.lots);
    else this.lots.reset();
    this.connState.set(s.connState);
    this.linkState.set(s.linkState);
    this.linkStatesFor = -1;
    this.signals.setState(s.signals);
    if (s.loops) this.loops.setState(s.loops);
    if (s.routing) this.routing?.setState(s.routing);
    this.counters.setState(s.counters, s.nodeThroughput, s.nodeDelay);
    this.routes.setState(s.routes);
    this.bestCache.clear();
    if (s.lcOrder) this.lcOrder.setState(s.lcOrder);
    else this.lcOrder.reset();
  }
}
