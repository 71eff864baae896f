import type { CompiledNetwork } from '../engine/compileNetwork.js';
import { growLaneVehicles, type LaneVehicles } from '../env/TrafficSimulation.js';
import type { TraciBatch } from './protocol/TraciBatch.js';
import type { TraciReader } from './protocol/TraciReader.js';
import { getVariable, subscribe } from './protocol/traciCommands.js';
import { CMD, VAR } from './protocol/traciConstants.js';
import type { SubscriptionSink } from './protocol/subscriptionResults.js';
import { SumoVehicles, VEH_LOSS, VEH_POS, VEH_ROUTE, VEH_WAIT } from './SumoVehicles.js';

/** The per-vehicle variables of the approach groups. */
function approachVars(groups: number): number[] {
  const v: number[] = [];
  if (groups & VEH_POS) v.push(VAR.VAR_LANEPOSITION, VAR.VAR_SPEED);
  if (groups & VEH_WAIT) v.push(VAR.VAR_ACCUMULATED_WAITING_TIME);
  if (groups & VEH_LOSS) v.push(VAR.VAR_TIMELOSS);
  if (groups & VEH_ROUTE) v.push(VAR.VAR_ROUTE_INDEX);
  return v;
}

/**
 * The vehicles on the signals' incoming lanes, as the agents see them: each lane's vehicle ids come
 * with every answer (lane subscription), and each vehicle on those lanes is subscribed, once, to the
 * variables something needs (accumulated waiting time, time loss, lane position and speed, route
 * index and route), and unsubscribed when it leaves them. A vehicle newly on an approach is subscribed
 * in a message of its own, whose answer brings its values at once; so a decision costs a second round
 * trip only when vehicles arrived on the approaches and per-vehicle values are in use. Also counts the
 * vehicles that left each junction's approaches (into the junction) between answers.
 *
 * @example
 * ```ts
 * approach.laneIds(lane, ids); approach.afterAnswer(); if (approach.queueNew(batch, sink)) client.send(batch);
 * ```
 */
export class SumoApproach {
  /** Vehicle ids on each tracked lane at the last answer (empty for untracked lanes). */
  readonly ids: string[][];
  readonly store: SumoVehicles;
  /** Vehicles that left each node's approaches since the run began. */
  readonly nodePassages: Float64Array;
  groups = 0;
  private readonly subscribed = new Set<string>();
  private gone: string[] = [];
  private fresh: string[] = [];
  private nodeOf = new Map<string, number>();
  private readonly laneNode: Int32Array;

  constructor(
    private readonly net: CompiledNetwork,
    lanes: Int32Array,
    laneOf: ReadonlyMap<string, number>,
    private readonly roadOf: ReadonlyMap<string, number>,
  ) {
    this.ids = Array.from({ length: net.nLanes }, () => []);
    this.store = new SumoVehicles(net, laneOf);
    this.nodePassages = new Float64Array(net.nNodes);
    this.laneNode = new Int32Array(net.nLanes).fill(-1);
    for (const l of lanes) this.laneNode[l] = net.roadTo[net.laneRoad[l]];
  }

  /** Forgets everything (a new run; SUMO dropped every subscription). */
  reset(): void {
    for (const l of this.ids) l.length = 0;
    this.store.reset();
    this.nodePassages.fill(0);
    this.subscribed.clear();
    this.gone = [];
    this.fresh = [];
    this.nodeOf.clear();
  }

  /** The vehicle ids now on tracked lane `lane` (from the lane subscription). */
  laneIds(lane: number, r: TraciReader): void {
    const list = this.ids[lane];
    if (!list) return void r.typedStringList();
    list.length = 0;
    for (const id of r.typedStringList()) list.push(id);
  }

  /** One subscribed variable of an approach vehicle. */
  value(id: string, varId: number, r: TraciReader): void {
    this.store.value(id, varId, r);
  }

  /** After each answer: who is on which approach, who left (junction passages), who is new. */
  afterAnswer(): void {
    const now = new Map<string, number>();
    for (let l = 0; l < this.ids.length; l++) {
      const node = this.laneNode[l];
      if (node < 0) continue;
      for (const id of this.ids[l]) {
        now.set(id, node);
        const s = this.store.slotOf.get(id);
        if (s !== undefined) this.store.setLane(s, l);
      }
    }
    for (const [id, node] of this.nodeOf) if (now.get(id) !== node) this.nodePassages[node]++;
    this.nodeOf = now;
    for (const id of this.subscribed) {
      if (now.has(id)) continue;
      this.subscribed.delete(id);
      this.store.remove(id);
      this.gone.push(id);
    }
    for (const id of now.keys()) if (!this.subscribed.has(id)) this.fresh.push(id);
  }

  /** Whether vehicles newly on the approaches wait for their subscription. */
  get hasNew(): boolean {
    return this.groups !== 0 && this.fresh.length > 0;
  }

  /**
   * Queues the subscriptions of the vehicles newly on the approaches (SUMO answers with their values at
   * once: send `b` without a step) and, with routes in use, a get of their routes.
   */
  queueNew(b: TraciBatch, sink: SubscriptionSink): void {
    const vars = approachVars(this.groups);
    for (const id of this.fresh.splice(0)) {
      subscribe(b, CMD.SUBSCRIBE_VEHICLE, id, vars, sink);
      b.optionalLast();
      this.subscribed.add(id);
      if (this.groups & VEH_ROUTE) {
        getVariable(b, CMD.GET_VEHICLE, VAR.VAR_EDGES, id, (r) => this.route(id, r.typedStringList()));
        b.optionalLast();
      }
    }
  }

  private route(id: string, edges: string[]): void {
    const s = this.store.slotOf.get(id);
    if (s !== undefined) this.store.setRoute(s, edges, this.roadOf);
  }

  /** Queues the removal of the subscriptions of vehicles that left the approaches (optional: they may have left the network). */
  queueGone(b: TraciBatch, sink: SubscriptionSink): void {
    for (const id of this.gone.splice(0)) {
      subscribe(b, CMD.SUBSCRIBE_VEHICLE, id, [], sink);
      b.optionalLast();
    }
  }

  /** Switches on more variable groups: every tracked vehicle is subscribed again with them. */
  widen(groups: number): void {
    this.groups |= groups;
    for (const id of this.subscribed) this.fresh.push(id);
    this.subscribed.clear();
  }

  /** Per-lane sums over the vehicles on each lane: accumulated waiting, time loss on the current road. */
  sums(waiting: Float64Array, timeLoss: Float64Array): void {
    waiting.fill(0);
    timeLoss.fill(0);
    const v = this.store;
    for (let l = 0; l < this.ids.length; l++) {
      for (const id of this.ids[l]) {
        const s = v.slotOf.get(id);
        if (s === undefined) continue;
        waiting[l] = waiting[l] + v.waiting[s];
        timeLoss[l] = timeLoss[l] + v.timeLoss[s] - v.roadLoss0[s];
      }
    }
  }

  /** The vehicles of tracked lane `lane`, front first (needs the position group; connections need routes). */
  laneVehicles(lane: number, out: LaneVehicles): LaneVehicles {
    const v = this.store;
    const slots: number[] = [];
    for (const id of this.ids[lane] ?? []) {
      const s = v.slotOf.get(id);
      if (s !== undefined) slots.push(s);
    }
    slots.sort((a, b) => v.pos[b] - v.pos[a]);
    const o = growLaneVehicles(out, slots.length);
    const len = this.net.segLength[lane];
    slots.forEach((s, k) => {
      o.dist[k] = Math.max(0, len - v.pos[s]);
      o.speed[k] = v.speed[s];
      o.conn[k] = v.connOf(s);
    });
    o.count = slots.length;
    return o;
  }
}
