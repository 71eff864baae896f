import type { CompiledNetwork } from './compileNetwork.js';
import type { EngineState } from './EngineState.js';
import { internalEdges } from './laneChangeEdges.js';
import { VEH_RUNNING } from './VehicleStore.js';

/**
 * The edges whose lanes may be changed: the roads with several lanes, then the multi-lane internal edges
 * (`segs[start[u] .. start[u + 1])`, right to left).
 */
export interface LaneChangeUnits {
  readonly start: Int32Array;
  readonly segs: Int32Array;
  /** For an internal edge its group in `internalEdges(n)`, -1 for a road. */
  readonly group: Int32Array;
}

/** The lane-change units of network `n`. */
function laneChangeUnits(n: CompiledNetwork): LaneChangeUnits {
  const start = [0];
  const segs: number[] = [];
  const group: number[] = [];
  for (let r = 0; r < n.nRoads; r++) {
    const nl = n.roadLaneCount[r] ?? 1;
    if (nl < 2) continue;
    for (let k = 0; k < nl; k++) segs.push((n.roadLaneStart[r] ?? 0) + k);
    start.push(segs.length);
    group.push(-1);
  }
  const ie = internalEdges(n);
  for (let g = 0; g + 1 < ie.start.length; g++) {
    for (let i = ie.start[g] ?? 0; i < (ie.start[g + 1] ?? 0); i++) segs.push(ie.segs[i] ?? 0);
    start.push(segs.length);
    group.push(g);
  }
  return { start: Int32Array.from(start), segs: Int32Array.from(segs), group: Int32Array.from(group) };
}

/** Snapshot of a {@link LaneChangeOrder}. */
export interface LaneChangeOrderState {
  readonly head: number;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly active: Uint8Array;
}

/**
 * SUMO 1.15's order of the edges in the lane-change phase (`MSEdgeControl`): the lanes of edges with
 * several lanes stand at the front of a list of active lanes, and `changeLanes` visits their edges in list
 * order, each once. A lane goes to the front of the list when it gets vehicles while it has none: after
 * the insertions (`patchActiveLanes`, in the order of the lanes' numerical ids, so the highest ends at the
 * front), after the movements (`executeMovements`, in the order of the lane ids as strings) and after the
 * lane changes (in the order they are visited); a lane leaves the list when it has no vehicle at the start
 * of a step or after the movements. Lane changes on an edge change the lane sums the edges visited later
 * see, so the order matters (see docs/VALIDATION.md, rule 44).
 *
 * @example
 * ```ts
 * order.afterInsertions(state); // start of a step
 * order.afterMovements(state);  // after executeMovements and teleports
 * for (let s = order.head; s >= 0; s = order.next[s]) ...; // the lane changer's order
 * ```
 */
export class LaneChangeOrder {
  /** The unit (see {@link LaneChangeUnits}) of each segment, -1 for the others. */
  unitOf = new Int32Array(0);
  units: LaneChangeUnits = { start: new Int32Array(1), segs: new Int32Array(0), group: new Int32Array(0) };
  /** The active lanes, front first: `head`, then `next[s]` (-1 ends). */
  head = -1;
  next = new Int32Array(0);
  prev = new Int32Array(0);
  active = new Uint8Array(0);
  /** Per lane of the list: its last vehicle before the movements. */
  private tail = new Int32Array(0);
  /** Per unit: the step in which its lanes were last changed. */
  readonly done: { stamp: Int32Array; step: number } = { stamp: new Int32Array(0), step: 0 };
  private scratch = new Int32Array(0);
  private nScratch = 0;

  /** Builds the units of network `n` and empties the list. */
  constructor(n: CompiledNetwork) {
    const units = laneChangeUnits(n);
    this.units = units;
    this.unitOf = new Int32Array(n.nSegs).fill(-1);
    for (let u = 0; u + 1 < units.start.length; u++) {
      for (let i = units.start[u] ?? 0; i < (units.start[u + 1] ?? 0); i++) this.unitOf[units.segs[i] ?? 0] = u;
    }
    this.next = new Int32Array(n.nSegs);
    this.prev = new Int32Array(n.nSegs);
    this.active = new Uint8Array(n.nSegs);
    this.tail = new Int32Array(n.nSegs);
    this.done.stamp = new Int32Array(units.start.length);
    this.scratch = new Int32Array(units.segs.length);
    this.reset();
  }

  /** No lane active. */
  reset(): void {
    this.head = -1;
    this.active.fill(0);
    this.done.stamp.fill(-1);
    this.done.step = 0;
  }

  private pushFront(s: number): void {
    this.active[s] = 1;
    this.prev[s] = -1;
    this.next[s] = this.head;
    if (this.head >= 0) this.prev[this.head] = s;
    this.head = s;
  }

  private erase(s: number): void {
    this.active[s] = 0;
    const p = this.prev[s] ?? -1;
    const q = this.next[s] ?? -1;
    if (p >= 0) this.next[p] = q;
    else this.head = q;
    if (q >= 0) this.prev[q] = p;
  }

  /** The lanes with vehicles that are not in the list, into `scratch`, sorted by `key`. */
  private collectNew(e: EngineState, key: Int32Array): void {
    const segs = this.units.segs;
    let m = 0;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i] ?? 0;
      if (this.active[s] === 0 && (e.segCount[s] ?? 0) > 0) this.scratch[m++] = s;
    }
    // insertion sort: a handful per step
    for (let i = 1; i < m; i++) {
      const s = this.scratch[i] ?? 0;
      const k = key[s] ?? 0;
      let j = i - 1;
      while (j >= 0 && (key[this.scratch[j] ?? 0] ?? 0) > k) {
        this.scratch[j + 1] = this.scratch[j] ?? 0;
        j--;
      }
      this.scratch[j + 1] = s;
    }
    this.nScratch = m;
  }

  /**
   * Start of a step (`patchActiveLanes`, then `planMovements`): the lanes that got vehicles by insertion or
   * a teleport's end go to the front by numerical id, the empty ones leave; the last vehicle of each is kept.
   */
  afterInsertions(e: EngineState): void {
    if (this.units.segs.length === 0) return;
    this.collectNew(e, e.net.segSumoOrder);
    for (let i = 0; i < this.nScratch; i++) this.pushFront(this.scratch[i] ?? 0);
    for (let s = this.head; s >= 0; ) {
      const q = this.next[s] ?? -1;
      if ((e.segCount[s] ?? 0) === 0) this.erase(s);
      else this.tail[s] = e.segTail[s] ?? -1;
      s = q;
    }
  }

  /**
   * After the movements and teleports: a lane none of whose vehicles is still on it leaves the list; the
   * lanes that received vehicles while they had none go to the front, in the order of their ids as strings.
   */
  afterMovements(e: EngineState): void {
    if (this.units.segs.length === 0) return;
    const vs = e.veh;
    for (let s = this.head; s >= 0; ) {
      const q = this.next[s] ?? -1;
      const t = this.tail[s] ?? -1;
      if (t < 0 || vs.state[t] !== VEH_RUNNING || vs.seg[t] !== s) this.erase(s);
      s = q;
    }
    this.collectNew(e, e.net.segSumoIdRank);
    for (let i = 0; i < this.nScratch; i++) this.pushFront(this.scratch[i] ?? 0);
  }

  /** Whether unit `u` is yet to be visited in this step's lane changes (and marks it visited). */
  visit(u: number): boolean {
    if (this.done.stamp[u] === this.done.step) return false;
    this.done.stamp[u] = this.done.step;
    return true;
  }

  /** After visiting unit `u`: its lanes that now have vehicles and are not in the list, to be added at the end. */
  noteAdded(e: EngineState, u: number): void {
    const st = this.units.start;
    for (let i = st[u] ?? 0; i < (st[u + 1] ?? 0); i++) {
      const s = this.units.segs[i] ?? 0;
      if (this.active[s] === 0 && (e.segCount[s] ?? 0) > 0) {
        this.active[s] = 2;
        this.scratch[this.nScratch++] = s;
      }
    }
  }

  /** Starts a step's lane changes. */
  beginChanges(): void {
    this.done.step++;
    this.nScratch = 0;
  }

  /** Ends a step's lane changes: the lanes noted go to the front in the order noted. */
  endChanges(): void {
    for (let i = 0; i < this.nScratch; i++) this.pushFront(this.scratch[i] ?? 0);
    this.nScratch = 0;
  }

  getState(): LaneChangeOrderState {
    return { head: this.head, next: this.next.slice(), prev: this.prev.slice(), active: this.active.slice() };
  }

  setState(s: LaneChangeOrderState): void {
    this.head = s.head;
    this.next.set(s.next);
    this.prev.set(s.prev);
    this.active.set(s.active);
  }
}
