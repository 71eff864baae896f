import { PrevApproaches } from './prevApproaches.js';
import { ApproachMemory } from './rightBeforeLeft.js';
import { Rng } from '../../../src/rng/Rng.js';
import { parseNetworkSpec, type NetworkSpec } from '../network/NetworkSpec.js';
import { BestLanesCache } from './BestLanesCache.js';
import { CF_IDM, CF_KRAUSS } from './compileDemand.js';
import { compileActuation } from './compileActuation.js';
import { compileDelayBased } from './compileDelayBased.js';
import { compileNetwork, DIR_CODE, type CompiledNetwork } from './compileNetwork.js';
import { InductionLoops } from './InductionLoops.js';
import { LaneChangeOrder } from './laneChangeOrder.js';
import { LaneAreaDetectors } from './LaneAreaDetectors.js';
import { ParkingLots } from './ParkingLots.js';
import { RoutingDevice } from './RoutingDevice.js';
import { EngineCounters } from './EngineCounters.js';
import { RouteTable } from './RouteTable.js';
import { SignalController } from './SignalController.js';
import { parseSimOptions, type SimOptions, type SimOptionsInput } from './SimOptions.js';
import { SpawnIndex } from './SpawnIndex.js';
import { VehicleStore } from './VehicleStore.js';

/**
 * Everything the phases of a simulation step read and write: the compiled network, the options, the
 * vehicles, per-segment vehicle lists, per-link approach lists, insertion queues, the demand cursors,
 * signals, counters and the random stream. `TrafficEngine` is this plus the public API; the phase
 * functions (`planMovements`, `executeMovements`, `changeLanes`, ...) take an `EngineState`.
 *
 * @example
 * ```ts
 * const state: EngineState = new TrafficEngine(spec);
 * planMovements(state);
 * ```
 */
export class EngineState {
  readonly net: CompiledNetwork;
  readonly opts: SimOptions;
  readonly dt: number;
  readonly signals: SignalController;
  /** The induction loops of the actuated signal programs (none without). */
  readonly loops: InductionLoops;
  /** The lane-area detectors of the delay_based programs. */
  readonly areas: LaneAreaDetectors;
  /** The lots of the parking areas and who stands in them. */
  readonly lots: ParkingLots;
  /** SUMO's routing device for trips (routed again when they depart); undefined without trips or with `tripRouting: 'import'`. */
  readonly routing: RoutingDevice | undefined;
  readonly veh: VehicleStore;
  readonly counters: EngineCounters;
  readonly routes: RouteTable;
  /** Memo of best-lane tables (not state: emptied on reset and restore). */
  readonly bestCache: BestLanesCache;
  /** SUMO's order of the edges in the lane changes (the active lanes). */
  readonly lcOrder: LaneChangeOrder;
  /** Signal state of each connection (SIG_* codes). */
  readonly connState: Uint8Array;
  /** Current state of each link (LS_* codes). */
  readonly linkState: Uint8Array;
  /** Per vehicle type: 1 when it follows IDM (its own model, or the engine's default), else 0 (Krauss). */
  readonly typeIdm: Uint8Array;
  /** Per vehicle type: length plus minimum gap (m). */
  readonly typeLenGap: Float64Array;
  /** The signal-controlled entry links (the only links whose state changes during a run). */
  readonly signalLinks: Int32Array;
  /** Per entry of `signalLinks`: 1 where a red light shows as a stop sign (right turn on red). */
  readonly signalLinkRtor: Uint8Array;
  /** Drive items registered at each link this step: a list through `veh.itNext`, -1 terminated. */
  readonly apprHead: Int32Array;
  /** The previous step's approaches per link, for the right-before-left deadlock check. */
  readonly approaches: ApproachMemory;
  /** The previous step's approaches with a request, for the keep-clear check during planning. */
  readonly prevApproaches: PrevApproaches;
  /** Vehicles of each segment in driving order: head = front-most, tail = last. */
  readonly segHead: Int32Array;
  readonly segTail: Int32Array;
  readonly segCount: Int32Array;
  /** The vehicle that last left each segment, its trip id, and its odometer when its front left (partial occupation). */
  readonly segOutVeh: Int32Array;
  readonly segOutId: Int32Array;
  readonly segOutOdo: Float64Array;
  /** Insertion queues per road (FIFO of pending vehicles). */
  readonly qHead: Int32Array;
  readonly qTail: Int32Array;
  readonly qCount: Int32Array;
  /** Integrated rate of each flow since its last insertion, and the threshold of its next one. */
  readonly flowAcc: Float64Array;
  readonly flowNext: Float64Array;
  readonly flowSchedPtr: Int32Array;
  /** Successes so far of each `bernoulli` flow (its `--scale` quota counts them). */
  readonly flowDone: Int32Array;
  /** Due-time order of flows and scheduled departures, and `spawn`'s place in it (see {@link SpawnIndex}). */
  readonly spawnIndex: SpawnIndex;
  rateOrderPtr = 0;
  schedPtr = 0;
  /** Rate flows begun and not ended (ascending index), and scratch for the departures due in a step. */
  readonly activeFlows: Int32Array;
  nActiveFlows = 0;
  readonly dueSched: Int32Array;
  /** Teleporting vehicles. */
  tpList: Int32Array;
  tpCount = 0;
  /** Vehicles parked off their lane (see `parkingPhase`); `toPark`: those that reached a parking stop this step. */
  parked: number[] = [];
  toPark: number[] = [];
  /** Scratch for per-step passes. */
  readonly scratch: Int32Array;
  vehPtr = 0;
  time = 0;
  nextExtId = 0;
  stepNo = 0;
  rng: Rng;

  constructor(spec: NetworkSpec | unknown, opts?: SimOptionsInput) {
    const parsed = parseNetworkSpec(spec);
    this.net = compileNetwork(parsed);
    this.opts = parseSimOptions(opts);
    this.dt = this.opts.step;
    const n = this.net;
    this.signals = new SignalController(parsed, n.connNode);
    this.signals.setMode(this.opts.signalMode);
    const actuation = compileActuation(parsed, n, this.signals.raw.stepStart);
    this.loops = new InductionLoops(actuation, n.nSegs);
    if (actuation.actuated.includes(1)) this.signals.attachLoops(this.loops);
    this.areas = new LaneAreaDetectors(compileDelayBased(parsed, n, this.signals.raw.stepStart));
    this.lots = new ParkingLots(n);
    if (this.areas.db.delayBased.includes(1)) {
      this.signals.attachDelayBased(this.areas.db.delayBased, (s, p, act, maxDur) => {
        const prolong = this.areas.propose(this, s, p, act, maxDur);
        return { prolong, othersEmpty: this.areas.othersEmpty };
      });
    }
    const trips = n.demand.vehTrip.includes(1) || n.demand.flowTrip.includes(1);
    this.routing = trips && this.opts.tripRouting === 'departure' ? new RoutingDevice(n) : undefined;
    let cap = 0;
    for (let l = 0; l < n.nLanes; l++) cap += (n.segLength[l] ?? 0) / 7;
    this.veh = new VehicleStore(Math.ceil(cap * 1.5) + 64, n.maxLanes);
    this.counters = new EngineCounters(n);
    this.routes = new RouteTable(n.demand.routeStart, n.demand.routeRoads);
    this.bestCache = new BestLanesCache(n.maxLanes);
    this.lcOrder = new LaneChangeOrder(n);
    this.connState = new Uint8Array(n.nConns);
    this.linkState = new Uint8Array(n.nLinks);
    const d = n.demand;
    const nTypes = d.typeLength.length;
    this.typeIdm = Uint8Array.from({ length: nTypes }, (_, ty) => {
      const m = d.typeModel[ty] ?? -1;
      return m === CF_IDM || (m !== CF_KRAUSS && this.opts.model === 'idm') ? 1 : 0;
    });
    this.typeLenGap = Float64Array.from({ length: nTypes }, (_, ty) => (d.typeLength[ty] ?? 5) + (d.typeMinGap[ty] ?? 2.5));
    const sl: number[] = [];
    for (let l = 0; l < n.nLinks; l++) if ((n.linkInternal[l] ?? 0) === 0 && n.connSignalized[n.linkConn[l] ?? 0] === 1) sl.push(l);
    this.signalLinks = Int32Array.from(sl);
    // right turn on red: a right-turn link shows SUMO's stop state ('s', as netconvert --tls.right-on-red
    // writes it) instead of red: stop, then go when the foes with right of way leave a gap
    const right = DIR_CODE.r;
    this.signalLinkRtor = Uint8Array.from(sl, (l) => (this.opts.rightTurnOnRed && n.connDir[n.linkConn[l] ?? 0] === right ? 1 : 0));
    this.apprHead = new Int32Array(n.nLinks).fill(-1);
    this.approaches = new ApproachMemory(n.linkStatic);
    this.prevApproaches = new PrevApproaches(n.nLinks);
    this.segHead = new Int32Array(n.nSegs);
    this.segTail = new Int32Array(n.nSegs);
    this.segCount = new Int32Array(n.nSegs);
    this.segOutVeh = new Int32Array(n.nSegs);
    this.segOutId = new Int32Array(n.nSegs);
    this.segOutOdo = new Float64Array(n.nSegs);
    this.qHead = new Int32Array(n.nRoads);
    this.qTail = new Int32Array(n.nRoads);
    this.qCount = new Int32Array(n.nRoads);
    this.flowAcc = new Float64Array(n.demand.nFlows);
    this.flowNext = new Float64Array(n.demand.nFlows);
    this.flowSchedPtr = new Int32Array(n.demand.nFlows);
    this.flowDone = new Int32Array(n.demand.nFlows);
    this.spawnIndex = new SpawnIndex(n.demand);
    this.activeFlows = new Int32Array(n.demand.nFlows);
    this.dueSched = new Int32Array(this.spawnIndex.schedOrder.length);
    this.tpList = new Int32Array(64);
    this.scratch = new Int32Array(Math.max(n.nSegs, 16));
    this.rng = new Rng(0);
  }

  /** Appends `v` at its place in segment `s` (sorted by position from the tail: usually it is the new tail). */
  insertInSeg(s: number, v: number): void {
    const vs = this.veh;
    const p = vs.pos[v] ?? 0;
    let b = -1;
    let a = this.segTail[s] ?? -1;
    while (a >= 0 && (vs.pos[a] ?? 0) < p) {
      b = a;
      a = vs.ahead[a] ?? -1;
    }
    vs.ahead[v] = a;
    vs.behind[v] = b;
    if (a >= 0) vs.behind[a] = v;
    else this.segHead[s] = v;
    if (b >= 0) vs.ahead[b] = v;
    else this.segTail[s] = v;
    vs.seg[v] = s;
    this.segCount[s]++;
  }

  /** Removes `v` from its segment's list. */
  unlink(v: number): void {
    const vs = this.veh;
    const s = vs.seg[v] ?? 0;
    const a = vs.ahead[v] ?? -1;
    const b = vs.behind[v] ?? -1;
    if (a >= 0) vs.behind[a] = b;
    else this.segHead[s] = b;
    if (b >= 0) vs.ahead[b] = a;
    else this.segTail[s] = a;
    this.segCount[s]--;
    vs.ahead[v] = -1;
    vs.behind[v] = -1;
  }

  /**
   * Records that `v`'s front left segment `s` (its back may still be on it); `ahead` is how far its front
   * is beyond the end of `s` (by default its position on the segment it is on).
   */
  markLeft(s: number, v: number, ahead = this.veh.pos[v] ?? 0): void {
    this.segOutVeh[s] = v;
    this.segOutId[s] = this.veh.extId[v] ?? -1;
    this.segOutOdo[s] = (this.veh.odo[v] ?? 0) - ahead;
  }

  /**
   * The vehicle whose back still covers the end of segment `s` after its front left it (-1 if none), and
   * how far back its rear reaches (metres before the segment end) in `this.partialBack`.
   */
  partialOccupant(s: number): number {
    const u = this.segOutVeh[s] ?? -1;
    if (u < 0) return -1;
    const vs = this.veh;
    if (vs.state[u] !== 2 || vs.extId[u] !== this.segOutId[s]) return -1;
    const beyond = (vs.odo[u] ?? 0) - (this.segOutOdo[s] ?? 0);
    const len = this.net.demand.typeLength[vs.type[u] ?? 0] ?? 5;
    if (beyond >= len) return -1;
    this.partialBack = len - beyond;
    return u;
  }

  /** Set by `partialOccupant`. */
  partialBack = 0;
}
