import { compileNetwork, type CompiledNetwork } from '../engine/compileNetwork.js';
import { createVehicleView, type VehicleView } from '../engine/engineViews.js';
import { HALTING_SPEED } from '../engine/EngineCounters.js';
import { SignalController } from '../engine/SignalController.js';
import { parseNetworkSpec, type NetworkSpec } from '../network/NetworkSpec.js';
import { growLaneVehicles, type LaneVehicles, type TrafficSimulation } from '../env/TrafficSimulation.js';
import { pinProgram, startProgram } from '../network-env/signalPrograms.js';
import { TraciBatch } from './protocol/TraciBatch.js';
import type { TraciReader } from './protocol/TraciReader.js';
import { getVariable, simulationStep, subscribe, subscribeContext } from './protocol/traciCommands.js';
import { CMD, DOMAIN_VEHICLE, VAR } from './protocol/traciConstants.js';
import type { SubscriptionSink } from './protocol/subscriptionResults.js';
import { TraciClient } from './TraciClient.js';
import { SumoCounters } from './SumoCounters.js';
import { SumoNetworkMap } from './SumoNetworkMap.js';
import { SumoOutputs } from './SumoOutputs.js';
import { sumoArgs, type SumoScenario } from './SumoScenario.js';
import { SumoSignalDriver } from './SumoSignalDriver.js';
import { sumoMetrics } from './sumoMetrics.js';
import { SumoVehicles, VEH_LANE, VEH_LOSS, VEH_POS, VEH_ROUTE, VEH_VIEW, VEH_WAIT, vehicleVars } from './SumoVehicles.js';

const SNAPSHOT_REFUSED = "backend 'sumo' keeps the simulation's state in the sumo process, which TraCI cannot capture and restore exactly; use backend 'tsgym' for snapshot()/restore()";

/**
 * SUMO run through TraCI behind tsgym's `TrafficSimulation` interface: the traffic envs drive it as
 * they drive tsgym's engine, on the same compiled network (the import of the same files) and the same
 * `SignalController`. `step()` only updates the signals and queues commands (a new light state, a
 * simulation step up to the time of a change); everything queued goes to SUMO in one message when
 * the env next reads anything (`laneStats`, `metrics`, ...), so a decision of several steps costs one
 * round trip. Answers come by subscription: vehicle and halting counts of the signals' lanes always,
 * other lane and per-vehicle variables (one context subscription over the whole network) once
 * something needs them. Metrics are SUMO's own: its tripinfo and summary outputs.
 *
 * SUMO starts at the first `reset` (`seed` is SUMO's `--seed`) and later resets reload it in the same
 * process (TraCI `load`); `close()` ends it. See docs/sumo-backend.md.
 *
 * @example
 * ```ts
 * const sim = new SumoSimulation(spec, { step: 1, scenario: { name: 'cross', config: 'cross.sumocfg', begin: 0, end: 3600, extraArgs: [] } });
 * sim.reset(1); sim.requestPhase(0, 1); for (let k = 0; k < 10; k++) sim.step();
 * sim.laneStats(); sim.counters.laneHalting[0]; sim.close();
 * ```
 */
export class SumoSimulation implements TrafficSimulation {
  readonly backend = 'sumo' as const;
  readonly snapshotUnsupported = SNAPSHOT_REFUSED;
  readonly net: CompiledNetwork;
  readonly signals: SignalController;
  readonly counters: SumoCounters;
  readonly connState: Uint8Array;
  readonly dt: number;
  time: number;
  answers = 0;
  /** The seed SUMO got at the last reset (`--seed`): run SUMO alone with it to reproduce the run. */
  seed = 0;
  private client: TraciClient | undefined;
  private map: SumoNetworkMap | undefined;
  private driver: SumoSignalDriver | undefined;
  private vehicles: SumoVehicles | undefined;
  private outputs: SumoOutputs | undefined;
  private readonly programs = new Set<number>();
  private readonly batch = new TraciBatch();
  private readonly sink: SubscriptionSink;
  private readonly lanes: Int32Array;
  private laneVars = [VAR.LAST_STEP_VEHICLE_NUMBER, VAR.LAST_STEP_VEHICLE_HALTING_NUMBER] as number[];
  private groups = 0;
  private queuedTime: number;
  private sumsAt = -1;
  private readonly sums: { waiting: Float64Array; timeLoss: Float64Array };
  private buckets: number[][] = [];
  /** Vehicles whose one-time route subscription answered (removed with the next message). */
  private readonly routeSubs: string[] = [];
  private bucketsAt = -1;

  constructor(spec: NetworkSpec | unknown, readonly opts: { step?: number; scenario: SumoScenario }) {
    const parsed = parseNetworkSpec(spec);
    this.net = compileNetwork(parsed);
    this.signals = new SignalController(parsed, this.net.connNode);
    this.signals.setMode('external');
    this.connState = new Uint8Array(this.net.nConns);
    this.dt = opts.step ?? 1;
    this.time = this.queuedTime = opts.scenario.begin;
    this.counters = new SumoCounters(this.net.nLanes, this, VAR.LAST_STEP_MEAN_SPEED, VAR.LAST_STEP_OCCUPANCY);
    this.sums = { waiting: new Float64Array(this.net.nLanes), timeLoss: new Float64Array(this.net.nLanes) };
    this.lanes = signalLanes(this.net, this.signals);
    this.sink = {
      value: (resp, id, varId, r) => this.onValue(resp, id, varId, r),
      contextBegin: () => this.vehicles?.begin(),
      contextValue: (_resp, _ego, id, varId, r) => (this.vehicles as SumoVehicles).value(id, varId, r),
    };
  }

  /** The scenario this simulation runs. */
  get scenario(): SumoScenario {
    return this.opts.scenario;
  }

  /** The TraCI client (undefined before the first reset and after close). */
  get traci(): TraciClient | undefined {
    return this.client;
  }

  reset(seed = 0): void {
    const sc = this.opts.scenario;
    this.seed = seed;
    if (this.client?.process.running) {
      this.client.load(sumoArgs(sc, seed, this.dt, this.client.process.outAddress));
    } else {
      const t = (sc.timeoutSeconds ?? 60) * 1000;
      const binary = sc.binary ?? (sc.gui ? 'sumo-gui' : undefined);
      const client = TraciClient.start({ args: sumoArgs(sc, seed, this.dt, '@OUT@'), scenario: sc.name, streams: true, ...(binary !== undefined ? { binary } : {}), startTimeoutMs: t, answerTimeoutMs: t });
      this.client = client;
      const outputs = new SumoOutputs(this.dt);
      this.outputs = outputs;
      client.onText = (text) => outputs.feed(text);
      this.map = SumoNetworkMap.build(client, this.net, this.signals, sc.name);
      this.driver = new SumoSignalDriver(this.map, this.signals);
      for (const s of this.programs) this.driver.runProgram(s);
      this.vehicles = new SumoVehicles(this.net, this.map.laneOf);
    }
    const driver = this.driver as SumoSignalDriver;
    this.time = this.queuedTime = this.client.simulation.time();
    this.signals.reset(this.connState);
    for (const s of this.programs) if (!driver.isNative(s)) startProgram(this.signals, s, this.time);
    this.signals.writeStates(this.connState);
    driver.reset();
    this.outputs?.reset();
    this.vehicles?.reset();
    this.counters.reset();
    this.routeSubs.length = 0;
    this.batch.clear();
    this.subscribeAll(this.batch);
    driver.queuePrograms(this.batch);
    this.send();
  }

  /** Queues every subscription of a fresh run: lanes, vehicles (if any group is on), native lights. */
  private subscribeAll(b: TraciBatch): void {
    const map = this.map as SumoNetworkMap;
    for (const l of this.lanes) subscribe(b, CMD.SUBSCRIBE_LANE, map.laneId[l] ?? '', this.laneVars, this.sink);
    if (this.groups !== 0) this.subscribeVehicles(b);
    this.driver?.queueSubscriptions(b, this.sink);
  }

  private subscribeVehicles(b: TraciBatch): void {
    const node = this.net.nodeIds[this.signals.sigNode[0] ?? 0] ?? '';
    subscribeContext(b, CMD.SUBSCRIBE_JUNCTION_CONTEXT, node, DOMAIN_VEHICLE, networkRadius(this.net, this.signals.sigNode[0] ?? 0), vehicleVars(this.groups), this.sink);
  }

  private onValue(resp: number, id: string, varId: number, r: TraciReader): void {
    if (resp === CMD.SUBSCRIBE_LANE + 0x10) {
      const l = this.map?.laneOf.get(id) ?? -1;
      const v = varId === VAR.LAST_STEP_VEHICLE_NUMBER || varId === VAR.LAST_STEP_VEHICLE_HALTING_NUMBER ? r.typedInt() : r.typedDouble();
      if (l < 0) return;
      if (varId === VAR.LAST_STEP_VEHICLE_NUMBER) this.counters.laneVehicles[l] = v;
      else if (varId === VAR.LAST_STEP_VEHICLE_HALTING_NUMBER) this.counters.laneHalting[l] = v;
      else if (varId === VAR.LAST_STEP_MEAN_SPEED) this.counters.meanSpeed[l] = v;
      else this.counters.occupancy[l] = v;
    } else if (resp === CMD.SUBSCRIBE_TL + 0x10) this.driver?.value(id, varId, r);
    else if (resp === CMD.SUBSCRIBE_VEHICLE + 0x10 && varId === VAR.VAR_EDGES) {
      const edges = r.typedStringList();
      const v = this.vehicles as SumoVehicles;
      const slot = v.slotOf.get(id);
      if (slot !== undefined) v.setRoute(slot, edges, (this.map as SumoNetworkMap).roadOf);
      this.routeSubs.push(id);
    } else r.typedValue();
  }

  step(): void {
    this.signals.update(this.dt, this.connState);
    this.driver?.record(this.dt);
    this.time = Math.round((this.time + this.dt) * 1e6) / 1e6;
  }

  /** Sends what the steps since the last message need (light programs, then one step up to now) and takes in the answers. */
  flush(): void {
    if (this.queuedTime >= this.time - 1e-9) return;
    this.driver?.queuePrograms(this.batch);
    this.queueRouteSubscriptions();
    simulationStep(this.batch, this.time, this.sink);
    this.queuedTime = this.time;
    this.send();
  }

  private send(): void {
    const client = this.client;
    if (!client || this.batch.size === 0) return;
    client.send(this.batch);
    this.batch.clear();
    this.answers++;
    const v = this.vehicles as SumoVehicles;
    v.sweep();
    if (this.driver?.mirror(this.time)) this.signals.writeStates(this.connState);
    if ((this.groups & VEH_ROUTE) === 0) v.newSlots.length = 0;
  }

  /**
   * Queues a one-time subscription to the route of each vehicle first seen (its result comes with the
   * next answer) and removes those whose route came; both optional (a vehicle may have left).
   */
  private queueRouteSubscriptions(): void {
    const v = this.vehicles;
    if (!v || (this.groups & VEH_ROUTE) === 0) return;
    for (const id of this.routeSubs.splice(0)) {
      subscribe(this.batch, CMD.SUBSCRIBE_VEHICLE, id, [], this.sink);
      this.batch.optionalLast();
    }
    for (const s of v.newSlots.splice(0)) {
      subscribe(this.batch, CMD.SUBSCRIBE_VEHICLE, v.ids[s] ?? '', [VAR.VAR_EDGES], this.sink);
      this.batch.optionalLast();
    }
  }

  /** Switches on vehicle variable groups; the first time, subscribes now (current values at once). */
  need(groups: number): void {
    if ((this.groups & groups) === groups || !this.client) return;
    this.flush();
    const fresh = (groups & VEH_ROUTE) !== 0 && (this.groups & VEH_ROUTE) === 0;
    // a new variable list replaces the old subscription: remove it first
    if (this.groups !== 0) subscribeContext(this.batch, CMD.SUBSCRIBE_JUNCTION_CONTEXT, this.net.nodeIds[this.signals.sigNode[0] ?? 0] ?? '', DOMAIN_VEHICLE, 0, [], this.sink);
    this.groups |= groups;
    this.subscribeVehicles(this.batch);
    this.send();
    if (fresh) {
      const v = this.vehicles as SumoVehicles;
      v.newSlots.splice(0, v.newSlots.length, ...v.slotOf.values());
      this.queueRouteSubscriptions();
      this.send();
    }
  }

  needLaneVar(varId: number): void {
    if (this.laneVars.includes(varId) || !this.client) return;
    this.flush();
    this.laneVars = [...this.laneVars, varId];
    const map = this.map as SumoNetworkMap;
    for (const l of this.lanes) subscribe(this.batch, CMD.SUBSCRIBE_LANE, map.laneId[l] ?? '', this.laneVars, this.sink);
    this.send();
  }

  laneSums(): { waiting: Float64Array; timeLoss: Float64Array } {
    this.flush();
    this.need(VEH_LANE | VEH_WAIT | VEH_LOSS);
    if (this.sumsAt === this.answers) return this.sums;
    const v = this.vehicles as SumoVehicles;
    this.sums.waiting.fill(0);
    this.sums.timeLoss.fill(0);
    for (const s of v.slotOf.values()) {
      const l = v.lane[s] as number;
      if (l < 0) continue;
      this.sums.waiting[l] = (this.sums.waiting[l] as number) + (v.waiting[s] as number);
      this.sums.timeLoss[l] = (this.sums.timeLoss[l] as number) + (v.timeLoss[s] as number) - (v.roadLoss0[s] as number);
    }
    this.sumsAt = this.answers;
    return this.sums;
  }

  nodePassages(): Float64Array {
    this.flush();
    this.need(VEH_ROUTE);
    return (this.vehicles as SumoVehicles).nodePassages;
  }

  totals(): { inserted: number; arrived: number } {
    this.flush();
    const o = this.outputs as SumoOutputs;
    return { inserted: o.inserted, arrived: o.arrived };
  }

  requestPhase(s: number, p: number): void {
    if (this.driver?.isNative(s) || this.programs.has(s)) return;
    this.signals.requestPhase(s, p);
  }

  runProgram(s: number): void {
    this.programs.add(s);
    pinProgram(this.signals, s);
    this.driver?.runProgram(s);
  }

  laneStats(): void {
    this.flush();
  }

  laneVehicles(lane: number, out: LaneVehicles): LaneVehicles {
    this.flush();
    this.need(VEH_POS | VEH_ROUTE);
    const v = this.vehicles as SumoVehicles;
    if (this.bucketsAt !== this.answers) {
      this.buckets = Array.from({ length: this.net.nLanes }, () => []);
      for (const s of v.slotOf.values()) if ((v.lane[s] as number) >= 0) this.buckets[v.lane[s] as number]?.push(s);
      for (const b of this.buckets) if (b.length > 1) b.sort((a, c) => (v.pos[c] as number) - (v.pos[a] as number));
      this.bucketsAt = this.answers;
    }
    const list = this.buckets[lane] ?? [];
    const o = growLaneVehicles(out, list.length);
    const len = this.net.segLength[lane] as number;
    list.forEach((s, k) => {
      o.dist[k] = Math.max(0, len - (v.pos[s] as number));
      o.speed[k] = v.speed[s] as number;
      o.conn[k] = v.connOf(s);
    });
    o.count = list.length;
    return o;
  }

  metrics(): Record<string, number> {
    this.flush();
    this.need(VEH_LOSS | VEH_WAIT);
    const o = this.outputs as SumoOutputs;
    return sumoMetrics(this.time, o, this.vehicles as SumoVehicles);
  }

  vehicleView(out: VehicleView): VehicleView {
    this.flush();
    this.need(VEH_VIEW);
    const v = this.vehicles as SumoVehicles;
    const view = out.id.length >= v.count ? out : createVehicleView(v.count * 2 + 16);
    let k = 0;
    for (const s of v.slotOf.values()) {
      const h = ((90 - (v.angle[s] as number)) * Math.PI) / 180;
      const half = (v.length[s] as number) / 2;
      view.id[k] = v.extId[s] as number;
      view.x[k] = (v.x[s] as number) - Math.cos(h) * half;
      view.y[k] = (v.y[s] as number) - Math.sin(h) * half;
      view.heading[k] = h;
      view.speed[k] = v.speed[s] as number;
      view.length[k] = v.length[s] as number;
      view.waiting[k] = (v.speed[s] as number) < HALTING_SPEED ? 1 : 0;
      view.seg[k] = v.lane[s] as number;
      k++;
    }
    view.count = k;
    return view;
  }

  vehicleWaitingTimes(out: Float64Array): Float64Array {
    this.flush();
    this.need(VEH_WAIT | VEH_VIEW);
    const v = this.vehicles as SumoVehicles;
    const o = out.length >= v.count ? out : new Float64Array(v.count * 2);
    let k = 0;
    for (const s of v.slotOf.values()) o[k++] = v.waiting[s] as number;
    return o;
  }

  pendingOn(road: number): number {
    this.flush();
    const client = this.client;
    if (!client) return 0;
    const ids = client.simulation.pendingIds();
    const b = new TraciBatch();
    const slots = ids.map((id) => {
      const i = getVariable(b, CMD.GET_VEHICLE, VAR.VAR_EDGES, id, (r) => r.typedStringList());
      b.optionalLast();
      return i;
    });
    const res = ids.length ? client.send(b) : [];
    const edge = this.net.roadIds[road];
    return slots.filter((i) => (res[i] as string[] | undefined)?.[0] === edge).length;
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }
}

/** The lanes of every signalized junction: incoming and outgoing (what the signal agents read). */
function signalLanes(net: CompiledNetwork, sig: SignalController): Int32Array {
  const nodes = new Set(Array.from(sig.sigNode));
  const lanes: number[] = [];
  for (let r = 0; r < net.nRoads; r++) {
    if (!nodes.has(net.roadTo[r] as number) && !nodes.has(net.roadFrom[r] as number)) continue;
    for (let k = 0; k < (net.roadLaneCount[r] as number); k++) lanes.push((net.roadLaneStart[r] as number) + k);
  }
  return Int32Array.from(lanes);
}

/** A radius around `node` covering every lane of the network (for the all-vehicle context subscription). */
function networkRadius(net: CompiledNetwork, node: number): number {
  const x0 = net.nodeX[node] as number;
  const y0 = net.nodeY[node] as number;
  let r = 0;
  for (let i = 0; i < net.shapeX.length; i++) r = Math.max(r, Math.hypot((net.shapeX[i] as number) - x0, (net.shapeY[i] as number) - y0));
  for (let k = 0; k < net.nNodes; k++) r = Math.max(r, Math.hypot((net.nodeX[k] as number) - x0, (net.nodeY[k] as number) - y0));
  return r * 1.5 + 1000;
}
