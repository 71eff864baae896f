import { InvalidConfig } from '../../../src/core/errors.js';
import { STAGE_GREEN } from '../engine/SignalController.js';
import type { TrafficSignalAgent } from './TrafficSignalAgent.js';
import { createLaneVehicles, type LaneVehicles } from './TrafficSimulation.js';

/**
 * Approaches in canonical order: by compass bearing of where the traffic comes from.
 *
 * @example
 * ```ts
 * APPROACHES.indexOf('E'); // 1: feature and lane names list N, E, S, W in this order
 * ```
 */
export const APPROACHES = ['N', 'E', 'S', 'W'] as const;
/** Movement letters in the engine's direction code order (left, straight, right, U-turn). */
const DIRS = ['l', 's', 'r', 't'] as const;

/**
 * Options of the canonical layout.
 *
 * @example
 * ```ts
 * new CanonicalLayout(agent, { detectionRange: 150 });
 * ```
 */
export interface CanonicalLayoutOptions {
  /** Only vehicles within this many metres of the stop line count (default: the whole lane). */
  detectionRange?: number;
}

/**
 * The canonical observation and action layout of one signalized 4-arm intersection, the same for any
 * network with the same phase structure (a built-in scenario or an imported SUMO/CityFlow intersection):
 *
 * - approaches in the order N, E, S, W, from the bearing of each incoming road's last shape segment
 *   (where its traffic comes from; one road per 90-degree sector, else `InvalidConfig`);
 * - lanes of an approach from left to right, each named by the movements it serves (`N.l`, `N.s`, `N.sr`;
 *   a suffix 1, 2... when several lanes serve the same movements);
 * - phases by the movements they open, leaving out those green in every phase (e.g. CityFlow's right
 *   turns): each phase is named like `E.s+W.s` and phases are sorted by their movement lists (movement
 *   index = approach * 4 + direction l,s,r,t); action `a` requests the phase with the `a`-th name.
 *
 * Observation (all in [0, 1]): the canonical phase one-hot (0 during yellow/all-red), a min-green flag,
 * then for each lane its density and queue: vehicles and halting vehicles (speed < 0.1 m/s) within the
 * detection range, divided by how many vehicles fit in it (range / (length + min gap)), so lanes of
 * different lengths give comparable numbers.
 *
 * @example
 * ```ts
 * const layout = new CanonicalLayout(env.agent, { detectionRange: 150 });
 * layout.featureNames; // ['phase=E.s+W.s', ..., 'minGreen', 'N.l.density', 'N.l.queue', ...]
 * ```
 */
export class CanonicalLayout {
  /** Names of the observation entries, in order. */
  readonly featureNames: readonly string[];
  /** Canonical phase names (index = action). */
  readonly phaseNames: readonly string[];
  /** Lane names in canonical order. */
  readonly laneNames: readonly string[];
  /** Engine lane id of each canonical lane. */
  readonly lanes: Int32Array;
  /** Native phase index of each canonical action, and the canonical index of each native phase. */
  readonly nativePhase: Int32Array;
  readonly canonicalPhase: Int32Array;
  readonly size: number;
  private readonly range: Float64Array;
  private readonly capacity: Float64Array;
  private walk: LaneVehicles = createLaneVehicles(64);

  constructor(readonly agent: TrafficSignalAgent, opts: CanonicalLayoutOptions = {}) {
    const e = agent.engine;
    const n = e.net;
    const where = `intersection '${agent.id}'`;
    // approaches by bearing
    const bySector = new Map<number, number>();
    for (let k = n.nodeInStart[agent.node]; k < (n.nodeInStart[agent.node + 1]); k++) {
      const r = n.nodeInRoads[k];
      const seg = n.roadLaneStart[r];
      const b = (n.segShapeStart[seg + 1]) - 1;
      const dx = (n.shapeX[b]) - (n.shapeX[b - 1]);
      const dy = (n.shapeY[b]) - (n.shapeY[b - 1]);
      const bearing = ((Math.atan2(-dx, -dy) * 180) / Math.PI + 360) % 360;
      const sector = Math.round(bearing / 90) % 4;
      const other = bySector.get(sector);
      if (other !== undefined) {
        throw new InvalidConfig(
          `canonical layout: ${where} has two approaches from the ${APPROACHES[sector]}: roads '${n.roadIds[other]}' and '${n.roadIds[r]}' (expected one ` +
            `incoming road per compass sector N, E, S, W)`,
        );
      }
      bySector.set(sector, r);
    }
    if (bySector.size !== 4) {
      const have = [...bySector.keys()].sort().map((s) => APPROACHES[s]).join(', ');
      throw new InvalidConfig(`canonical layout: ${where} has approaches from [${have}], expected 4 (N, E, S, W)`);
    }
    const approachOfRoad = new Map<number, number>([...bySector].map(([s, r]) => [r, s]));
    // lanes, left to right, named by movements
    const lanes: number[] = [];
    const names: string[] = [];
    for (let s = 0; s < 4; s++) {
      const r = bySector.get(s) as number;
      const l0 = n.roadLaneStart[r];
      const mine: { lane: number; mv: string }[] = [];
      for (let i = (n.roadLaneCount[r]) - 1; i >= 0; i--) {
        const lane = l0 + i;
        const dirs = new Set<number>();
        for (let k = n.laneConnStart[lane]; k < (n.laneConnStart[lane + 1]); k++) dirs.add(n.connDir[n.laneConns[k]]);
        mine.push({ lane, mv: [...dirs].sort().map((d) => DIRS[d] ?? '?').join('') || 'x' });
      }
      for (const m of mine) {
        const same = mine.filter((o) => o.mv === m.mv);
        lanes.push(m.lane);
        names.push(`${APPROACHES[s]}.${m.mv}${same.length > 1 ? same.indexOf(m) + 1 : ''}`);
      }
    }
    this.lanes = Int32Array.from(lanes);
    this.laneNames = names;
    // phases by the movements they open
    const nc = agent.conns.length;
    const sigs: number[][] = [];
    const always = new Set<number>();
    const moveOf = (k: number): number => {
      const c = agent.conns[k];
      return (approachOfRoad.get(n.connFromRoad[c]) ?? 0) * 4 + (n.connDir[c]);
    };
    for (let p = 0; p < agent.numPhases; p++) {
      const s = new Set<number>();
      for (let k = 0; k < nc; k++) if (((agent.connGreenMask[k]) >> p) & 1) s.add(moveOf(k));
      sigs.push([...s].sort((a, b) => a - b));
    }
    for (let m = 0; m < 16; m++) if (sigs.every((s) => s.includes(m))) always.add(m);
    const keys = sigs.map((s) => s.filter((m) => !always.has(m)));
    const order = keys.map((_, p) => p).sort((a, b) => compareLists(keys[a] ?? [], keys[b] ?? []));
    const label = (s: readonly number[]): string => s.map((m) => `${APPROACHES[m >> 2]}.${DIRS[m & 3]}`).join('+') || 'none';
    this.phaseNames = order.map((p) => label(keys[p] ?? []));
    const dup = this.phaseNames.find((nm, i) => this.phaseNames.indexOf(nm) !== i);
    if (dup !== undefined)
      throw new InvalidConfig(`canonical layout: ${where} has two phases opening the same movements (${dup}): the action meaning would be ambiguous`);
    this.nativePhase = Int32Array.from(order);
    this.canonicalPhase = new Int32Array(order.length);
    order.forEach((p, a) => (this.canonicalPhase[p] = a));
    this.featureNames = [...this.phaseNames.map((p) => `phase=${p}`), 'minGreen', ...names.flatMap((l) => [`${l}.density`, `${l}.queue`])];
    this.size = this.featureNames.length;
    const veh = (n.demand.typeLength[0]) + (n.demand.typeMinGap[0]);
    const dr = opts.detectionRange ?? Infinity;
    this.range = Float64Array.from(lanes, (l) => Math.min(dr, n.segLength[l]));
    this.capacity = Float64Array.from(this.range, (x) => Math.max(1, x / veh));
  }

  /** Writes the canonical observation into `out` (length `size`) and returns it. */
  observe(out: Float32Array): Float32Array {
    const a = this.agent;
    const e = a.engine;
    const green = e.signals.stage[a.signal] === STAGE_GREEN;
    const np = this.nativePhase.length;
    const cur = this.canonicalPhase[a.phase] ?? -1;
    for (let p = 0; p < np; p++) out[p] = green && p === cur ? 1 : 0;
    out[np] = green && a.greenTime >= a.minGreen ? 1 : 0;
    for (let i = 0; i < this.lanes.length; i++) {
      const range = this.range[i];
      const w = (this.walk = e.laneVehicles(this.lanes[i], this.walk));
      let count = 0;
      let halting = 0;
      for (let k = 0; k < w.count && (w.dist[k]) <= range + 1e-9; k++) {
        count++;
        if ((w.speed[k]) < 0.1) halting++;
      }
      const cap = this.capacity[i];
      out[np + 1 + 2 * i] = Math.min(1, count / cap);
      out[np + 2 + 2 * i] = Math.min(1, halting / cap);
    }
    return out;
  }
}

function compareLists(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i]) - (b[i]);
  return a.length - b.length;
}
