import { STAGE_GREEN } from '../engine/SignalController.js';
import { createLaneVehicles, type LaneVehicles, type TrafficSimulation } from './TrafficSimulation.js';

/** Reward names understood by the traffic envs. */
export const REWARD_NAMES = ['diff-waiting-time', 'queue', 'pressure', 'average-speed', 'delay'] as const;
/** A built-in reward name. */
export type RewardName = (typeof REWARD_NAMES)[number];
/** A custom reward: called once per agent after each env step. */
export type RewardFn = (agent: TrafficSignalAgent) => number;
/** A custom observation: called once per agent after reset and each env step. */
export type ObservationFn = (agent: TrafficSignalAgent) => Float32Array;

/**
 * One signalized intersection seen as an RL agent, after sumo-rl's `TrafficSignal`: its green phases,
 * incoming and outgoing lanes, the default observation (phase one-hot, min-green flag, per-lane density
 * and queue, normalised to [0, 1]) and the rewards. Reads the simulation (tsgym's engine or SUMO);
 * writes only phase requests.
 *
 * @example
 * ```ts
 * const agent = new TrafficSignalAgent(engine, 0, 5);
 * agent.setNextPhase(1);
 * agent.reward('pressure');
 * ```
 */
export class TrafficSignalAgent {
  /** Node id of the intersection (the agent's name). */
  readonly id: string;
  readonly node: number;
  readonly numPhases: number;
  /** Incoming and outgoing lane ids (engine integers), in road then lane order. */
  readonly inLanes: Int32Array;
  readonly outLanes: Int32Array;
  /** Vehicles that fit on each incoming lane (length / (length + min gap of the default type)). */
  private readonly inCapacity: Float64Array;
  private readonly outCapacity: Float64Array;
  readonly obsSize: number;
  /** Connections with green (protected or permitted) in each phase. */
  readonly phaseConns: readonly Int32Array[];
  /** Incoming lanes with a green connection in each phase. */
  readonly phaseLanes: readonly Int32Array[];
  /** All connections through the node, and for each a bit mask of the phases giving it green (protected or permitted). */
  readonly conns: Int32Array;
  readonly connGreenMask: Int32Array;
  /** Same, protected green only. */
  readonly connProtectedMask: Int32Array;
  /** Filled by `countMovements`: vehicles heading for each connection (same order as `conns`). */
  readonly movementCount: Float64Array;
  private readonly localConn = new Map<number, number>();
  private walk: LaneVehicles = createLaneVehicles(64);
  private lastWaiting = 0;
  private lastDelay = 0;

  constructor(readonly engine: TrafficSimulation, readonly signal: number, readonly minGreen: number) {
    const n = engine.net;
    this.node = engine.signals.sigNode[signal];
    this.id = n.nodeIds[this.node] ?? `signal${signal}`;
    this.numPhases = engine.signals.phaseCount(signal);
    const ins: number[] = [];
    const outs: number[] = [];
    for (let r = 0; r < n.nRoads; r++) {
      const lanes = Array.from({ length: n.roadLaneCount[r] }, (_, k) => (n.roadLaneStart[r]) + k);
      if (n.roadTo[r] === this.node) ins.push(...lanes);
      if (n.roadFrom[r] === this.node) outs.push(...lanes);
    }
    this.inLanes = Int32Array.from(ins);
    this.outLanes = Int32Array.from(outs);
    const veh = (n.demand.typeLength[0]) + (n.demand.typeMinGap[0]);
    this.inCapacity = Float64Array.from(ins, (l) => Math.max(1, (n.segLength[l]) / veh));
    this.outCapacity = Float64Array.from(outs, (l) => Math.max(1, (n.segLength[l]) / veh));
    this.obsSize = this.numPhases + 1 + 2 * ins.length;
    const sig = engine.signals;
    const c0 = sig.sigConnStart[signal];
    const nc = (sig.sigConnStart[signal + 1]) - c0;
    const pc: Int32Array[] = [];
    const pl: Int32Array[] = [];
    for (let p = 0; p < this.numPhases; p++) {
      const st = sig.phStateStart[(sig.phaseStart[signal]) + p];
      const conns: number[] = [];
      for (let k = 0; k < nc; k++) if ((sig.phState[st + k]) > 0) conns.push(sig.sigConns[c0 + k]);
      pc.push(Int32Array.from(conns));
      pl.push(Int32Array.from(new Set(conns.map((c) => n.connFromLane[c]))));
    }
    this.phaseConns = pc;
    this.phaseLanes = pl;
    this.conns = sig.sigConns.slice(c0, c0 + nc);
    this.connGreenMask = new Int32Array(nc);
    this.connProtectedMask = new Int32Array(nc);
    this.movementCount = new Float64Array(nc);
    for (let k = 0; k < nc; k++) this.localConn.set(this.conns[k], k);
    for (let p = 0; p < this.numPhases && p < 31; p++) {
      const st = sig.phStateStart[(sig.phaseStart[signal]) + p];
      for (let k = 0; k < nc; k++) {
        const v = sig.phState[st + k];
        if (v > 0) this.connGreenMask[k] = (this.connGreenMask[k]) | (1 << p);
        if (v === 3) this.connProtectedMask[k] = (this.connProtectedMask[k]) | (1 << p);
      }
    }
  }

  /** Local index (into `conns`) of connection `c`, or -1. */
  localIndex(c: number): number {
    return this.localConn.get(c) ?? -1;
  }

  /**
   * Counts, per connection of the node, the vehicles on the incoming lanes within `dist` metres of the
   * stop line that intend to take it (into `movementCount`), and returns the total counted.
   */
  countMovements(dist = Infinity): number {
    return this.tally(dist, 0);
  }

  /**
   * Like `countMovements`, but per lane only the front vehicles that phase `p` would serve (up to the
   * first one it would not: it blocks the lane). Returns the total counted: the vehicles `p` would serve
   * within `dist` (the detector logic of the actuated and SOTL baselines).
   */
  countServable(p: number, dist = Infinity): number {
    return this.tally(dist, 1 << p);
  }

  /** Vehicles phase `p` would serve within `dist` metres (see `countServable`). */
  servable(p: number, dist = Infinity): number {
    return this.countServable(p, dist);
  }

  /** Walks the incoming lanes from the stop line; with a phase bit, stops at a lane's first vehicle that phase does not serve. */
  private tally(dist: number, bit: number): number {
    this.movementCount.fill(0);
    let total = 0;
    for (const l of this.inLanes) {
      const w = (this.walk = this.engine.laneVehicles(l, this.walk));
      for (let i = 0; i < w.count && (w.dist[i]) <= dist; i++) {
        const k = this.localConn.get(w.conn[i]);
        if (bit !== 0 && (k === undefined || ((this.connGreenMask[k]) & bit) === 0)) break;
        if (k === undefined) continue;
        this.movementCount[k] = (this.movementCount[k]) + 1;
        total++;
      }
    }
    return total;
  }

  /** Vehicles counted by the last `countMovements` whose movement has green in phase `p`. */
  phaseDemand(p: number): number {
    let s = 0;
    const bit = 1 << p;
    for (let k = 0; k < this.conns.length; k++) if (((this.connGreenMask[k]) & bit) !== 0) s += this.movementCount[k];
    return s;
  }

  /** Current (or, during yellow/all-red, the ending) green phase. */
  get phase(): number {
    return this.engine.signals.phase[this.signal];
  }

  /** The green phase now, or during yellow/all-red the one that follows. */
  get upcomingPhase(): number {
    const sig = this.engine.signals;
    return (this.inTransition ? sig.next[this.signal] : sig.phase[this.signal]);
  }

  /** Whether the signal is in yellow or all-red between two greens. */
  get inTransition(): boolean {
    return this.engine.signals.stage[this.signal] !== STAGE_GREEN;
  }

  /** Seconds since the current green began (0 during a transition). */
  get greenTime(): number {
    return this.inTransition ? 0 : (this.engine.signals.greenTime[this.signal]);
  }

  /** Requests green phase `p` (kept if it is the current one; yellow/all-red and min green are handled by the engine). */
  setNextPhase(p: number): void {
    this.engine.requestPhase(this.signal, p);
  }

  /** Forgets reward memories (call after the engine was reset). */
  reset(): void {
    this.engine.laneStats();
    this.lastWaiting = this.waitingTime();
    this.lastDelay = this.approachDelay();
  }

  /** The memories of the `diff-*` rewards (waiting time and delay at the last step), for snapshots. */
  rewardMemory(): [number, number] {
    return [this.lastWaiting, this.lastDelay];
  }

  /** Puts back `rewardMemory()` (restoring a snapshot). */
  setRewardMemory(m: readonly [number, number]): void {
    [this.lastWaiting, this.lastDelay] = m;
  }

  /** Accumulated waiting time (s) of the vehicles now on the incoming lanes. */
  waitingTime(): number {
    this.engine.laneStats();
    let s = 0;
    for (const l of this.inLanes) s += this.engine.counters.laneWaiting[l];
    return s;
  }

  /** Time loss (s) on the approach so far of the vehicles now on the incoming lanes. */
  approachDelay(): number {
    this.engine.laneStats();
    let s = 0;
    for (const l of this.inLanes) s += this.engine.counters.laneTimeLoss[l];
    return s;
  }

  /** Halting vehicles (speed < 0.1 m/s) on the incoming lanes. */
  queue(): number {
    this.engine.laneStats();
    let s = 0;
    for (const l of this.inLanes) s += this.engine.counters.laneHalting[l];
    return s;
  }

  /** Vehicles on the outgoing lanes minus vehicles on the incoming lanes (sumo-rl's pressure). */
  pressure(): number {
    this.engine.laneStats();
    const c = this.engine.counters;
    let s = 0;
    for (const l of this.outLanes) s += c.laneVehicles[l];
    for (const l of this.inLanes) s -= c.laneVehicles[l];
    return s;
  }

  /** Mean of speed / lane speed limit over vehicles on the incoming lanes (1 when empty). */
  averageSpeed(): number {
    this.engine.laneStats();
    const c = this.engine.counters;
    let s = 0;
    let k = 0;
    for (const l of this.inLanes) {
      s += (c.laneSpeedSum[l]) / (this.engine.net.segSpeed[l]);
      k += c.laneVehicles[l];
    }
    return k > 0 ? s / k : 1;
  }

  /** Per-intersection figures for `info`: halting vehicles on the approaches, pressure, and vehicles that entered the junction so far. */
  intersectionInfo(): { queue: number; pressure: number; throughput: number } {
    return { queue: this.queue(), pressure: this.pressure(), throughput: this.engine.counters.nodeThroughput[this.node] };
  }

  /** The reward for the last env step (stateful for the `diff-*` kinds: call once per step). */
  reward(kind: RewardName | RewardFn): number {
    if (typeof kind === 'function') return kind(this);
    switch (kind) {
      case 'diff-waiting-time': {
        const w = this.waitingTime() / 100;
        const r = this.lastWaiting / 100 - w;
        this.lastWaiting = w * 100;
        return r;
      }
      case 'delay': {
        const d = this.approachDelay() / 100;
        const r = this.lastDelay / 100 - d;
        this.lastDelay = d * 100;
        return r;
      }
      case 'queue':
        return -this.queue();
      case 'pressure':
        return this.pressure();
      case 'average-speed':
        return this.averageSpeed();
    }
  }

  /** Writes the default observation into `out` (length `obsSize`) and returns it. */
  observe(out: Float32Array): Float32Array {
    const e = this.engine;
    e.laneStats();
    const c = e.counters;
    const ph = this.phase;
    for (let p = 0; p < this.numPhases; p++) out[p] = !this.inTransition && p === ph ? 1 : 0;
    out[this.numPhases] = !this.inTransition && this.greenTime >= this.minGreen ? 1 : 0;
    const k0 = this.numPhases + 1;
    const nIn = this.inLanes.length;
    for (let i = 0; i < nIn; i++) {
      const l = this.inLanes[i];
      out[k0 + i] = Math.min(1, (c.laneVehicles[l]) / (this.inCapacity[i]));
      out[k0 + nIn + i] = Math.min(1, (c.laneHalting[l]) / (this.inCapacity[i]));
    }
    return out;
  }

  /** Vehicles on outgoing lane `i` relative to what fits (0..1). */
  outDensity(i: number): number {
    return Math.min(1, (this.engine.counters.laneVehicles[this.outLanes[i]]) / (this.outCapacity[i]));
  }
}
