import type { NetworkSpec } from '../network/NetworkSpec.js';
import { junctionPath, offsetPolyline, polylineHeading, polylineLength, trimPolyline, type Point } from '../network/geometry.js';

/** Lateral acceleration (m/s^2) that sets the speed limit of a turning path: v = sqrt(a * radius). */
export const TURN_LATERAL_ACCEL = 3;
/**
 * Shortest internal lane (m): SUMO's nets write none under 0.1 m; an importer standing in for a junction
 * crossed in no distance (nets without internal lanes) uses one of 1 mm.
 */
const MIN_VIA_LENGTH = 0.001;

/**
 * Segments (the lanes, then the internal lanes of every connection) with their lengths, speed limits and
 * shapes. A connection without `via` gets one internal lane: its `shape`, or a smooth curve from lane
 * end to lane start, with a turning speed limit.
 */
export interface CompiledGeometry {
  readonly nLanes: number;
  readonly laneRoad: Int32Array;
  readonly laneIndex: Int32Array;
  readonly laneWidth: Float64Array;
  readonly roadLaneStart: Int32Array;
  readonly roadLaneCount: Int32Array;
  readonly nSegs: number;
  readonly segLength: Float64Array;
  readonly segSpeed: Float64Array;
  readonly segWidth: Float64Array;
  /** Connection of an internal segment (-1 for lanes) and its place in the connection's chain. */
  readonly segConn: Int32Array;
  readonly segPiece: Int32Array;
  /** Internal segments: the next segment (the next internal lane, or the connection's target lane). */
  readonly segNext: Int32Array;
  /** Internal lanes of connection `c`: segments `connSegStart[c] .. connSegStart[c] + connSegCount[c]`. */
  readonly connSegStart: Int32Array;
  readonly connSegCount: Int32Array;
  readonly segShapes: Point[][];
  /** Internal segments that end on lane `l`: `laneIn[laneInStart[l] .. laneInStart[l+1])`. */
  readonly laneInStart: Int32Array;
  readonly laneIn: Int32Array;
  /**
   * SUMO's two orders of the segments (see `SumoLaneRefSchema`): the numerical id (the position among the
   * net file's lanes) and the rank of the lane id as a string; segments not imported from SUMO come after
   * those that are, in segment order.
   */
  readonly segSumoOrder: Int32Array;
  readonly segSumoIdRank: Int32Array;
}

/** Byte-wise comparison of two strings in UTF-8, as C++ compares `std::string`s. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

/** `segSumoOrder` and `segSumoIdRank` from the SUMO references of the segments (undefined: not from SUMO). */
function sumoOrders(refs: ({ id: string; order: number } | undefined)[]): { segSumoOrder: Int32Array; segSumoIdRank: Int32Array } {
  const n = refs.length;
  const enc = new TextEncoder();
  const key = (s: number): number => refs[s]?.order ?? 0;
  const idx = Array.from({ length: n }, (_, s) => s);
  const fromSumo = idx.filter((s) => refs[s] !== undefined);
  const other = idx.filter((s) => refs[s] === undefined);
  const byOrder = [...fromSumo.sort((a, b) => key(a) - key(b)), ...other];
  const bytes = refs.map((r) => (r ? enc.encode(r.id) : undefined));
  const byId = [...fromSumo.slice().sort((a, b) => compareBytes(bytes[a] ?? new Uint8Array(0), bytes[b] ?? new Uint8Array(0))), ...other];
  const segSumoOrder = new Int32Array(n);
  const segSumoIdRank = new Int32Array(n);
  byOrder.forEach((s, i) => (segSumoOrder[s] = i));
  byId.forEach((s, i) => (segSumoIdRank[s] = i));
  return { segSumoOrder, segSumoIdRank };
}

function groupLanes(spec: NetworkSpec): { roadLaneStart: Int32Array; roadLaneCount: Int32Array; nLanes: number } {
  const nRoads = spec.roads.length;
  const roadLaneCount = Int32Array.from(spec.roads, (r) => r.lanes.length);
  const roadLaneStart = new Int32Array(nRoads);
  for (let r = 1; r < nRoads; r++) roadLaneStart[r] = (roadLaneStart[r - 1] ?? 0) + (roadLaneCount[r - 1] ?? 0);
  const nLanes = nRoads ? (roadLaneStart[nRoads - 1] ?? 0) + (roadLaneCount[nRoads - 1] ?? 0) : 0;
  return { roadLaneStart, roadLaneCount, nLanes };
}

function nodeRadii(spec: NetworkSpec, nodeIx: Map<string, number>): Float64Array {
  const radius = new Float64Array(spec.nodes.length);
  for (const r of spec.roads) {
    const w = r.lanes.reduce((a, l) => a + l.width, 0) + 2;
    for (const id of [r.from, r.to]) {
      const nd = nodeIx.get(id) ?? 0;
      radius[nd] = Math.max(radius[nd] ?? 0, w);
    }
  }
  spec.nodes.forEach((n, i) => (radius[i] = n.radius ?? (n.type === 'boundary' ? 0 : (radius[i] ?? 0))));
  return radius;
}

function wrapAngle(a: number): number {
  let x = a;
  while (x > Math.PI) x -= 2 * Math.PI;
  while (x < -Math.PI) x += 2 * Math.PI;
  return x;
}

/**
 * Compiles lanes and internal lanes into segment arrays (see {@link CompiledGeometry}).
 *
 * @example
 * ```ts
 * const g = compileGeometry(spec);
 * g.segLength[g.connSegStart[0]]; // length of connection 0's (first) internal lane
 * ```
 */
export function compileGeometry(spec: NetworkSpec): CompiledGeometry {
  const nodeIx = new Map(spec.nodes.map((n, i) => [n.id, i] as const));
  const roadIx = new Map(spec.roads.map((r, i) => [r.id, i] as const));
  const { roadLaneStart, roadLaneCount, nLanes } = groupLanes(spec);
  const radius = nodeRadii(spec, nodeIx);
  const nConns = spec.connections.length;
  const connSegCount = Int32Array.from(spec.connections, (c) => c.via?.length ?? 1);
  const connSegStart = new Int32Array(nConns);
  let nSegs = nLanes;
  for (let c = 0; c < nConns; c++) {
    connSegStart[c] = nSegs;
    nSegs += connSegCount[c] ?? 1;
  }
  const laneRoad = new Int32Array(nLanes);
  const laneIndex = new Int32Array(nLanes);
  const laneWidth = new Float64Array(nLanes);
  const segLength = new Float64Array(nSegs);
  const segSpeed = new Float64Array(nSegs);
  const segWidth = new Float64Array(nSegs).fill(3.2);
  const segConn = new Int32Array(nSegs).fill(-1);
  const segPiece = new Int32Array(nSegs);
  const segNext = new Int32Array(nSegs).fill(-1);
  const segShapes: Point[][] = new Array<Point[]>(nSegs);
  const refs: ({ id: string; order: number } | undefined)[] = new Array<{ id: string; order: number } | undefined>(nSegs).fill(undefined);
  spec.roads.forEach((r, ri) => {
    const a = nodeIx.get(r.from) ?? 0;
    const b = nodeIx.get(r.to) ?? 0;
    const na = spec.nodes[a];
    const nb = spec.nodes[b];
    const ends: Point[] = [[na?.x ?? 0, na?.y ?? 0], [nb?.x ?? 0, nb?.y ?? 0]];
    const ref: Point[] = r.shape ? r.shape.map((p) => [p[0], p[1]] as Point) : trimPolyline(ends, radius[a] ?? 0, radius[b] ?? 0);
    let left = 0;
    for (let k = r.lanes.length - 1; k >= 0; k--) {
      const lane = r.lanes[k];
      if (!lane) continue;
      const id = (roadLaneStart[ri] ?? 0) + k;
      laneRoad[id] = ri;
      laneIndex[id] = k;
      laneWidth[id] = lane.width;
      segWidth[id] = lane.width;
      const shp = lane.shape ? lane.shape.map((p) => [p[0], p[1]] as Point) : offsetPolyline(ref, left + lane.width / 2);
      left += lane.width;
      segShapes[id] = shp;
      segLength[id] = lane.length ?? Math.max(1, polylineLength(shp));
      segSpeed[id] = lane.speed ?? r.speed;
      refs[id] = lane.sumo;
    }
  });
  spec.connections.forEach((c, i) => {
    const fromLane = (roadLaneStart[roadIx.get(c.from) ?? 0] ?? 0) + c.fromLane;
    const toLane = (roadLaneStart[roadIx.get(c.to) ?? 0] ?? 0) + c.toLane;
    const s0 = connSegStart[i] ?? 0;
    const n = connSegCount[i] ?? 1;
    for (let k = 0; k < n; k++) {
      const s = s0 + k;
      segConn[s] = i;
      segPiece[s] = k;
      segNext[s] = k + 1 < n ? s + 1 : toLane;
      segWidth[s] = laneWidth[toLane] ?? 3.2;
    }
    if (c.via) {
      c.via.forEach((v, k) => {
        const s = s0 + k;
        segLength[s] = Math.max(MIN_VIA_LENGTH, v.length);
        segSpeed[s] = v.speed;
        segShapes[s] = v.shape ? v.shape.map((p) => [p[0], p[1]] as Point) : [[0, 0], [v.length, 0]];
        refs[s] = v.sumo;
      });
      if (c.via.every((v) => !v.shape) && c.shape) segShapes[s0] = c.shape.map((p) => [p[0], p[1]] as Point);
      return;
    }
    const inShape = segShapes[fromLane] ?? [];
    const outShape = segShapes[toLane] ?? [];
    const ha = polylineHeading(inShape, true);
    const hb = polylineHeading(outShape, false);
    const shp: Point[] = c.shape
      ? c.shape.map((p) => [p[0], p[1]] as Point)
      : junctionPath(inShape[inShape.length - 1] ?? [0, 0], ha, outShape[0] ?? [0, 0], hb);
    segShapes[s0] = shp;
    const len = Math.max(1, polylineLength(shp));
    segLength[s0] = len;
    const turn = Math.abs(wrapAngle(hb - ha));
    const base = Math.min(segSpeed[fromLane] ?? 13.89, segSpeed[toLane] ?? 13.89);
    segSpeed[s0] = turn > 0.2 ? Math.max(2, Math.min(base, Math.sqrt((TURN_LATERAL_ACCEL * Math.max(len, 4)) / turn))) : base;
  });
  const laneInStart = new Int32Array(nLanes + 1);
  for (let s = nLanes; s < nSegs; s++) if ((segNext[s] ?? -1) >= 0 && (segNext[s] ?? 0) < nLanes) laneInStart[(segNext[s] ?? 0) + 1]++;
  for (let l = 0; l < nLanes; l++) laneInStart[l + 1] += laneInStart[l] ?? 0;
  const fill = laneInStart.slice(0, nLanes);
  const laneIn = new Int32Array(laneInStart[nLanes] ?? 0);
  for (let s = nLanes; s < nSegs; s++) if ((segNext[s] ?? -1) >= 0 && (segNext[s] ?? 0) < nLanes) laneIn[fill[segNext[s] ?? 0]++] = s;
  return {
    nLanes, laneRoad, laneIndex, laneWidth, roadLaneStart, roadLaneCount, nSegs, segLength, segSpeed, segWidth, segConn, segPiece, segNext,
    connSegStart, connSegCount, segShapes, laneInStart, laneIn, ...sumoOrders(refs),
  };
}
