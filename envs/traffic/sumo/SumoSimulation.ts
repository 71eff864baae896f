import { compileNetwork, type CompiledNetwork } from '../engine/compileNetwork.js';
import { createVehicleView, type VehicleView } from '../engine/engineViews.js';
import { HALTING_SPEED } from '../engine/EngineCounters.js';
import { SignalController } from '../engine/SignalController.js';
import { parseNetworkSpec, type NetworkSpec } from '../network/NetworkSpec.js';
import type { LaneVehicles, TrafficSimulation } from '../env/TrafficSimulation.js';
import { pinProgram, startProgram } from '../network-env/signalPrograms.js';
import { TraciBatch } from './protocol/TraciBatch.js';
import type { TraciReader } from './protocol/TraciReader.js';
import { getVariable, simulationStep, subscribe, subscribeContext } from './protocol/traciCommands.js';
import { CMD, DOMAIN_VEHICLE, VAR } from './protocol/traciConstants.js';
import type { SubscriptionSink } from './protocol/subscriptionResults.js';
import { TraciClient } from './TraciClient.js';
import { SumoApproach } from './SumoApproach.js';
import { SumoCounters } from './SumoCounters.js';
import { SumoNetworkMap } from './SumoNetworkMap.js';
import { SumoOutputs } from './SumoOutputs.js';
import { sumoArgs, type SumoScenario } from './SumoScenario.js';
import { SumoSignalDriver } from './SumoSignalDriver.js';
import { runningVehicleTotals, sumoMetrics } from './sumoMetrics.js';
import { SumoVehicles, VEH_POS, VEH_ROUTE, VEH_VIEW, VEH_WAIT, vehicleVars } from './SumoVehicles.js';

const SNAPSHOT_REFUSED =
  "backend 'sumo' keeps the simulation's state in the sumo process, which TraCI cannot capture and restore exactly; " +
  "use backend 'tsgym' for snapshot()/restore()";

/**
 * SUMO run through TraCI behind tsgym's `TrafficSimulation` interface: the traffic envs drive it as
 * they drive tsgym's engine, on the same compiled network (the import of the same files) and the same
 * `SignalController`. `step()` only updates the signals and records the lights' state changes; everything
 * goes to SUMO when the env next reads anything (`laneStats`, `metrics`, ...): a simulation step up to
 * each change with the new states (`setRedYellowGreenState`), then one up to now, so a decision costs one
 * round trip per distinct change time plus one (and one more when vehicles arrived on the approaches and
 * per-vehicle values are in use, see `SumoApproach`).
 * Answers come by subscription (vehicle and halting counts and vehicle ids of the signals' lanes);
 * other variables are subscribed the first time something reads them. Metrics are SUMO's own: its
 * tripinfo and summary outputs, streamed.
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
  /** Answers received (derived values are recomputed once per answer). */
  answers = 0;
  /** The seed SUMO got at the last reset (`--seed`): run SUMO alone with it to reproduce the run. */
  seed = 0;
  private client: TraciClient | undefined;
  private map: SumoNetworkMap | undefined;
  private driver: SumoSignalDriver | undefined;
  private approach: SumoApproach | undefined;
  private outputs: SumoOutputs | undefined;
  private view: SumoVehicles | undefined;
  private readonly programs = new Set<number>();
  private readonly batch = new TraciBatch();
  private readonly sink: SubscriptionSink;
  private readonly lanes: Int32Array;
  private readonly inLane: Uint8Array;
  private laneVars = [VAR.LAST_STEP_VEHICLE_NUMBER, VAR.LAST_STEP_VEHICLE_HALTING_NUMBER] as number[];
  private viewOn = false;
  private queuedTime: number;
  private sumsAt = -1;
  private sumsGroups = 0;
  private readonly sums: { waiting: Float64Array; timeLoss: Float64Array };

  constructor(
    spec: NetworkSpec | unknown,
    readonly opts: { step?: number; scenario: SumoScenario },
  ) {
    const parsed = parseNetworkSpec(spec);
    this.net = compileNetwork(parsed);
    this.signals = new SignalController(parsed, this.net.connNode);
    this.signals.setMode('external');
    this.connState = new Uint8Array(this.net.nConns);
    this.dt = opts.step ?? 1;
    this.time = this.queuedTime = opts.scenario.begin;
    this.counters = new SumoCounters(this.net.nLanes, this, VAR.LAST_STEP_MEAN_SPEED, VAR.LAST_STEP_OCCUPANCY);
    this.sums = { waiting: new Float64Array(this.net.nLanes), timeLoss: new Float64Array(this.net.nLanes) };
    const { lanes, inLane } = signalLanes(this.net, this.signals);
    this.lanes = lanes;
    this.inLane = inLane;
    this.sink = {
      value: (resp, id, varId, r) => this.onValue(resp, id, varId, r),
      contextBegin: () => this.view?.begin(),
      contextValue: (_resp, _ego, id, varId, r) => this.view?.value(id, varId, r),
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
    if (this.client?.process.running) this.client.load(sumoArgs(sc, seed, this.dt, this.client.process.outAddress));
    else this.start(seed);
    const client = this.client as TraciClient;
    const driver = this.driver as SumoSignalDriver;
    this.time = this.queuedTime = client.simulation.time();
    this.signals.reset(this.connState);
    for (const s of this.programs) if (!driver.isNative(s)) startProgram(this.signals, s, this.time);
    this.signals.writeStates(this.connState);
    driver.reset();
    this.outputs?.reset();
    this.approach?.reset();
    this.view?.reset();
    this.counters.reset();
    this.batch.clear();
    this.subscribeAll(this.batch);
    driver.record(this.time);
    for (const c of driver.takeChanges()) driver.queueChange(this.batch, c);
    this.send();
  }

  private start(seed: number): void {
    const sc = this.opts.scenario;
    const t = (sc.timeoutSeconds ?? 60) * 1000;
    const binary = sc.binary ?? (sc.gui ? 'sumo-gui' : undefined);
    const client = TraciClient.start({
      args: sumoArgs(sc, seed, this.dt, '@OUT@'),
      scenario: sc.name,
      streams: true,
      ...(binary !== undefined ? { binary } : {}),
      startTimeoutMs: t,
      answerTimeoutMs: t,
    });
    this.client = client;
    const outputs = new SumoOutputs(this.dt);
    this.outputs = outputs;
    client.onText = (text) => outputs.feed(text);
    this.map = SumoNetworkMap.build(client, this.net, this.signals, sc.name);
    this.driver = new SumoSignalDriver(this.map, this.signals);
    for (const s of this.programs) this.driver.runProgram(s);
    const inLanes = this.lanes.filter((l) => this.inLane[l] === 1);
    this.approach = new SumoApproach(this.net, inLanes, this.map.laneOf, this.map.roadOf);
    this.view = new SumoVehicles(this.net, this.map.laneOf);
  }

  /** Queues every subscription of a fresh run: lanes, vehicles for recordings (if on), native lights. */
  private subscribeAll(b: TraciBatch): void {
    const map = this.map as SumoNetworkMap;
    for (const l of this.lanes)
      subscribe(b, CMD.SUBSCRIBE_LANE, map.laneId[l] ?? '', this.inLane[l] ? [...this.laneVars, VAR.LAST_STEP_VEHICLE_ID_LIST] : this.laneVars, this.sink);
    if (this.viewOn) this.subscribeView(b);
    this.driver?.queueSubscriptions(b, this.sink);
  }

  /** One context subscription over the whole network: every vehicle's position, for recordings. */
  private subscribeView(b: TraciBatch): void {
    const node = this.signals.sigNode[0] ?? 0;
    subscribeContext(
      b,
      CMD.SUBSCRIBE_JUNCTION_CONTEXT,
      this.net.nodeIds[node] ?? '',
      DOMAIN_VEHICLE,
      networkRadius(this.net, node),
      vehicleVars(VEH_VIEW | VEH_WAIT),
      this.sink,
    );
  }

  private onValue(resp: number, id: string, varId: number, r: TraciReader): void {
    if (resp === CMD.SUBSCRIBE_LANE + 0x10) {
      const l = this.map?.laneOf.get(id) ?? -1;
      if (varId === VAR.LAST_STEP_VEHICLE_ID_LIST) return this.approach?.laneIds(l, r);
      const v = varId === VAR.LAST_STEP_VEHICLE_NUMBER || varId === VAR.LAST_STEP_VEHICLE_HALTING_NUMBER ? r.typedInt() : r.typedDouble();
      if (l < 0) return;
      if (varId === VAR.LAST_STEP_VEHICLE_NUMBER) this.counters.laneVehicles[l] = v;
      else if (varId === VAR.LAST_STEP_VEHICLE_HALTING_NUMBER) this.counters.laneHalting[l] = v;
      else if (varId === VAR.LAST_STEP_MEAN_SPEED) this.counters.meanSpeed[l] = v;
      else this.counters.occupancy[l] = v;
    } else if (resp === CMD.SUBSCRIBE_VEHICLE + 0x10) this.approach?.value(id, varId, r);
    else if (resp === CMD.SUBSCRIBE_TL + 0x10) this.driver?.value(id, varId, r);
    else r.typedValue();
  }

  step(): void {
    this.signals.update(this.dt, this.connState);
    this.driver?.record(this.time);
    this.time = Math.round((this.time + this.dt) * 1e6) / 1e6;
  }

  /**
   * Brings SUMO up to now: for each time a light changes, a step up to it and the new states, then one
   * step up to now; takes in the answers.
   */
  flush(): void {
    if (this.queuedTime >= this.time - 1e-9) return;
    for (const c of this.driver?.takeChanges() ?? []) {
      if (c.at > this.queuedTime + 1e-9) this.stepTo(c.at);
      this.driver?.queueChange(this.batch, c);
    }
    this.stepTo(this.time);
  }

  private stepTo(time: number): void {
    this.approach?.queueGone(this.batch, this.sink);
    simulationStep(this.batch, time, this.sink);
    this.queuedTime = time;
    this.send(time);
  }

  /** Sends the queued commands; `time` is SUMO's clock once they ran (for the native lights' phases). */
  private send(time = this.time): void {
    const client = this.client;
    if (!client || this.batch.size === 0) return;
    client.send(this.batch);
    this.batch.clear();
    this.answers++;
    this.view?.sweep();
    if (this.driver?.mirror(time)) this.signals.writeStates(this.connState);
    const a = this.approach as SumoApproach;
    a.afterAnswer();
    if (!a.hasNew) return;
    // vehicles new on the approaches: subscribe them now, their values come with the answer
    a.queueNew(this.batch, this.sink);
    client.send(this.batch);
    this.batch.clear();
    a.afterAnswer();
  }

  /** Switches on per-vehicle variable groups of the approach vehicles (the first time: subscribed now). */
  private need(groups: number): void {
    const a = this.approach;
    if (!a || (a.groups & groups) === groups) return;
    this.flush();
    a.widen(groups);
    a.queueNew(this.batch, this.sink);
    if (this.batch.size === 0) return;
    this.client?.send(this.batch);
    this.batch.clear();
    a.afterAnswer();
    this.answers++;
  }

  needLaneVar(varId: number): void {
    if (this.laneVars.includes(varId) || !this.client) return;
    this.flush();
    this.laneVars = [...this.laneVars, varId];
    this.subscribeAll(this.batch);
    this.send();
  }

  laneSums(groups: number): { waiting: Float64Array; timeLoss: Float64Array } {
    this.flush();
    this.need(groups);
    if (this.sumsAt !== this.answers || (this.sumsGroups & groups) !== groups) {
      this.sumsGroups = this.approach?.groups ?? 0;
      this.approach?.sums(this.sums.waiting, this.sums.timeLoss);
      this.sumsAt = this.answers;
    }
    return this.sums;
  }

  nodePassages(): Float64Array {
    this.flush();
    return (this.approach as SumoApproach).nodePassages;
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
    // before the first reset SUMO is not running: no vehicles (an env sizes its observation then)
    if (!this.approach) {
      out.count = 0;
      return out;
    }
    this.flush();
    this.need(VEH_POS | VEH_ROUTE);
    return this.approach.laneVehicles(lane, out);
  }

  /**
   * SUMO's metrics now (see `sumoMetrics`); at the end of the episode (time >= the scenario's end) also
   * `rescoDelay` and `waitingTimeNow`, which need every running vehicle's time loss and waiting time
   * (queried then, two more round trips).
   */
  metrics(): Record<string, number> {
    this.flush();
    const o = this.outputs as SumoOutputs;
    const end = this.time >= this.opts.scenario.end - 1e-9;
    return sumoMetrics(this.time, o, end && this.client ? runningVehicleTotals(this.client) : undefined);
  }

  /** Switches on the all-vehicle subscription of recordings (the first time: subscribed now). */
  private needView(): SumoVehicles {
    this.flush();
    if (!this.viewOn && this.client) {
      this.viewOn = true;
      this.subscribeView(this.batch);
      this.send();
    }
    return this.view as SumoVehicles;
  }

  vehicleView(out: VehicleView): VehicleView {
    const v = this.needView();
    const view = out.id.length >= v.count ? out : createVehicleView(v.count * 2 + 16);
    let k = 0;
    for (const s of v.slotOf.values()) {
      const h = ((90 - v.angle[s]) * Math.PI) / 180;
      const half = v.length[s] / 2;
      view.id[k] = v.extId[s];
      view.x[k] = v.x[s] - Math.cos(h) * half;
      view.y[k] = v.y[s] - Math.sin(h) * half;
      view.heading[k] = h;
      view.speed[k] = v.speed[s];
      view.length[k] = v.length[s];
      view.waiting[k] = v.speed[s] < HALTING_SPEED ? 1 : 0;
      view.seg[k] = v.lane[s];
      k++;
    }
    view.count = k;
    return view;
  }

  vehicleWaitingTimes(out: Float64Array): Float64Array {
    const v = this.needView();
    const o = out.length >= v.count ? out : new Float64Array(v.count * 2);
    let k = 0;
    for (const s of v.slotOf.values()) o[k++] = v.waiting[s];
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

/**
 * The lanes of every signalized junction (incoming and outgoing, what the agents read) and which are
 * incoming; an incoming lane is continued upstream (three lanes deep) by the lanes that only feed it
 * across an unsignalized junction, so an observation can follow a queue beyond a short approach lane.
 */
function signalLanes(net: CompiledNetwork, sig: SignalController): { lanes: Int32Array; inLane: Uint8Array } {
  const nodes = new Set(Array.from(sig.sigNode));
  const lanes: number[] = [];
  const inLane = new Uint8Array(net.nLanes);
  for (let r = 0; r < net.nRoads; r++) {
    const into = nodes.has(net.roadTo[r]);
    if (!into && !nodes.has(net.roadFrom[r])) continue;
    for (let k = 0; k < net.roadLaneCount[r]; k++) {
      const l = net.roadLaneStart[r] + k;
      lanes.push(l);
      if (into) inLane[l] = 1;
    }
  }
  const tracked = new Set(lanes);
  for (let depth = 0; depth < 3; depth++) {
    for (let c = 0; c < net.nConns; c++) {
      const u = net.connFromLane[c];
      if (net.connSignalized[c] === 1 || inLane[net.connToLane[c]] !== 1 || inLane[u] === 1) continue;
      let only = true;
      for (let k = net.laneConnStart[u]; k < net.laneConnStart[u + 1]; k++) if (net.connToLane[net.laneConns[k]] !== net.connToLane[c]) only = false;
      if (!only) continue;
      if (!tracked.has(u)) lanes.push(u);
      tracked.add(u);
      inLane[u] = 1;
    }
  }
  return { lanes: Int32Array.from(lanes), inLane };
}

/** A radius around `node` covering every lane of the network (for the all-vehicle context subscription). */
function networkRadius(net: CompiledNetwork, node: number): number {
  const x0 = net.nodeX[node];
  const y0 = net.nodeY[node];
  let r = 0;
  for (let i = 0; i < net.shapeX.length; i++) r = Math.max(r, Math.hypot(net.shapeX[i] - x0, net.shapeY[i] - y0));
  for (let k = 0; k < net.nNodes; k++) r = Math.max(r, Math.hypot(net.nodeX[k] - x0, net.nodeY[k] - y0));
  return r * 1.5 + 1000;
}
