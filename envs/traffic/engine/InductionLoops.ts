import type { CompiledActuation } from './compileActuation.js';
import type { EngineState } from './EngineState.js';
import { VEH_RUNNING } from './VehicleStore.js';

/** Vehicles a loop can hold at once (a point detector: one, two while lanes merge). */
const MAX_OCC = 4;

/**
 * The induction loops of the actuated signal programs (SUMO's `MSInductLoop`, a point detector): when
 * the last vehicle left each loop, and the vehicles on it now. A vehicle is on a loop from the instant
 * its front passes it until its back does; the instants are interpolated within the step as SUMO does
 * for its Euler update (`passingTime`). Loops see vehicles moving along their lane: a vehicle that
 * changes lane, arrives or teleports while on a loop leaves it without a detection (as SUMO discards it).
 *
 * @example
 * ```ts
 * const loops = new InductionLoops(actuation, nSegs);
 * loops.timeSinceDetection(k, now); // 0 while occupied
 * ```
 */
export class InductionLoops {
  readonly n: number;
  readonly act: CompiledActuation;
  /** Loops on segment `s`: `segLoops[segStart[s] .. segStart[s+1])`. */
  readonly segStart: Int32Array;
  readonly segLoops: Int32Array;
  /** Time the back of the last vehicle passed each loop. */
  readonly lastLeave: Float64Array;
  readonly occCount: Int32Array;
  /** Occupants of loop `k`: slots `k * MAX_OCC ..`; vehicle, its external id, the odometer at which its back passes, entry time. */
  readonly occVeh: Int32Array;
  readonly occExt: Int32Array;
  readonly occBackOdo: Float64Array;
  readonly occEntry: Float64Array;

  constructor(act: CompiledActuation, nSegs: number) {
    this.act = act;
    this.n = act.nLoops;
    this.segStart = new Int32Array(nSegs + 1);
    for (let k = 0; k < this.n; k++) this.segStart[(act.loopSeg[k] ?? 0) + 1]++;
    for (let s = 0; s < nSegs; s++) this.segStart[s + 1] += this.segStart[s] ?? 0;
    const fill = this.segStart.slice(0, nSegs);
    this.segLoops = new Int32Array(this.n);
    for (let k = 0; k < this.n; k++) this.segLoops[fill[act.loopSeg[k] ?? 0]++] = k;
    this.lastLeave = new Float64Array(this.n);
    this.occCount = new Int32Array(this.n);
    this.occVeh = new Int32Array(this.n * MAX_OCC);
    this.occExt = new Int32Array(this.n * MAX_OCC);
    this.occBackOdo = new Float64Array(this.n * MAX_OCC);
    this.occEntry = new Float64Array(this.n * MAX_OCC);
  }

  /** Empty loops, each last left at `begin` (SUMO: when the loop was built). */
  reset(begin: number): void {
    this.lastLeave.fill(begin);
    this.occCount.fill(0);
  }

  /** SUMO `getTimeSinceLastDetection`: 0 while a vehicle is on loop `k`. */
  timeSinceDetection(k: number, now: number): number {
    return (this.occCount[k] ?? 0) > 0 ? 0 : now - (this.lastLeave[k] ?? 0);
  }

  /** Whether loop `k` has been occupied for its jam threshold or longer (SUMO `isJammed`). */
  jammed(k: number, now: number): boolean {
    const thr = this.act.loopJam[k] ?? -1;
    const n = this.occCount[k] ?? 0;
    if (thr <= 0 || n === 0) return false;
    let first = Infinity;
    for (let j = 0; j < n; j++) first = Math.min(first, this.occEntry[k * MAX_OCC + j] ?? Infinity);
    return now - first >= thr;
  }

  /**
   * Vehicle `v` moved `dx` metres from `p0` along segment `s` in the step starting at `t` (speed `speed`):
   * its front and back passing the loops of `s`.
   */
  pass(e: EngineState, v: number, s: number, p0: number, dx: number, speed: number, t: number): void {
    const len = e.net.demand.typeLength[e.veh.type[v] ?? 0] ?? 5;
    const odo0 = (e.veh.odo[v] ?? 0) - dx;
    for (let j = this.segStart[s] ?? 0; j < (this.segStart[s + 1] ?? 0); j++) {
      const k = this.segLoops[j] ?? 0;
      const x = this.act.loopPos[k] ?? 0;
      const b0 = p0 - len;
      const b1 = p0 + dx - len;
      if (p0 < x && p0 + dx >= x) {
        if (b1 > x) this.lastLeave[k] = t + (x - b0) / speed;
        else this.enter(k, v, e.veh.extId[v] ?? 0, odo0 + (x - p0) + len, t + (x - p0) / speed);
      } else if (b0 <= x && b1 > x) {
        this.lastLeave[k] = t + (x - b0) / speed;
        this.drop(k, v);
      }
    }
  }

  /** Vehicle `v` changed onto segment `s` at time `t`: it is on the loops of `s` it straddles (SUMO `notifyEnter`). */
  enterSideways(e: EngineState, v: number, s: number, t: number): void {
    const front = e.veh.pos[v] ?? 0;
    const back = front - (e.net.demand.typeLength[e.veh.type[v] ?? 0] ?? 5);
    for (let j = this.segStart[s] ?? 0; j < (this.segStart[s + 1] ?? 0); j++) {
      const k = this.segLoops[j] ?? 0;
      const x = this.act.loopPos[k] ?? 0;
      if (back < x && front >= x) this.enter(k, v, e.veh.extId[v] ?? 0, (e.veh.odo[v] ?? 0) + (x - back), t);
    }
  }

  private enter(k: number, v: number, ext: number, backOdo: number, entry: number): void {
    const n = this.occCount[k] ?? 0;
    if (n >= MAX_OCC) return;
    const o = k * MAX_OCC + n;
    this.occVeh[o] = v;
    this.occExt[o] = ext;
    this.occBackOdo[o] = backOdo;
    this.occEntry[o] = entry;
    this.occCount[k] = n + 1;
  }

  private drop(k: number, v: number): void {
    const n = this.occCount[k] ?? 0;
    for (let j = 0; j < n; j++) {
      const o = k * MAX_OCC + j;
      if (this.occVeh[o] !== v) continue;
      const last = k * MAX_OCC + n - 1;
      this.occVeh[o] = this.occVeh[last] ?? 0;
      this.occExt[o] = this.occExt[last] ?? 0;
      this.occBackOdo[o] = this.occBackOdo[last] ?? 0;
      this.occEntry[o] = this.occEntry[last] ?? 0;
      this.occCount[k] = n - 1;
      return;
    }
  }

  /**
   * The occupants whose front has left the loop's lane (`t`: the start of the step they moved in): their
   * back passes the loop by their odometer; one that changed lane, arrived or teleported leaves it
   * undetected.
   */
  settle(e: EngineState, t: number): void {
    const vs = e.veh;
    const net = e.net;
    for (let k = 0; k < this.n; k++) {
      let n = this.occCount[k] ?? 0;
      if (n === 0) continue;
      const seg = this.act.loopSeg[k] ?? 0;
      for (let j = n - 1; j >= 0; j--) {
        const o = k * MAX_OCC + j;
        const v = this.occVeh[o] ?? 0;
        const at = vs.seg[v] ?? 0;
        if (vs.state[v] !== VEH_RUNNING || vs.extId[v] !== this.occExt[o]) {
          this.drop(k, v);
        } else if (at === seg) {
          continue;
        } else if (at < net.nLanes && net.laneRoad[at] === net.laneRoad[seg]) {
          this.drop(k, v);
        } else if ((vs.odo[v] ?? 0) >= (this.occBackOdo[o] ?? 0)) {
          const sp = vs.speed[v] ?? 0;
          const odo0 = (vs.odo[v] ?? 0) - sp * e.dt;
          this.lastLeave[k] = sp > 0 ? t + ((this.occBackOdo[o] ?? 0) - odo0) / sp : t;
          this.drop(k, v);
        }
        n = this.occCount[k] ?? 0;
      }
    }
  }

  /** The dynamic state, for snapshots. */
  getState(): { lastLeave: Float64Array; occCount: Int32Array; occVeh: Int32Array; occExt: Int32Array; occBackOdo: Float64Array; occEntry: Float64Array } {
    return {
      lastLeave: this.lastLeave.slice(), occCount: this.occCount.slice(), occVeh: this.occVeh.slice(), occExt: this.occExt.slice(),
      occBackOdo: this.occBackOdo.slice(), occEntry: this.occEntry.slice(),
    };
  }

  /** Restores a state from `getState`. */
  setState(st: ReturnType<InductionLoops['getState']>): void {
    this.lastLeave.set(st.lastLeave);
    this.occCount.set(st.occCount);
    this.occVeh.set(st.occVeh);
    this.occExt.set(st.occExt);
    this.occBackOdo.set(st.occBackOdo);
    this.occEntry.set(st.occEntry);
  }
}
