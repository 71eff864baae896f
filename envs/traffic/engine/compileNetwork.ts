import type { Direction, NetworkSpec } from '../network/NetworkSpec.js';
import { conflictLists } from '../network/movementConflicts.js';
import { junctionPath, offsetPolyline, polylineHeading, polylineLength, trimPolyline, type Point } from '../network/geometry.js';
import { compileDemand, type CompiledDemand } from './compileDemand.js';

/** Node types as integers. */
export const NODE_SIGNALIZED = 0;
export const NODE_PRIORITY = 1;
export const NODE_BOUNDARY = 2;
/** Directions as integers (index into `DIRECTIONS`). */
export const DIR_CODE: Record<Direction, number> = { l: 0, s: 1, r: 2, t: 3 };
/** Lateral acceleration (m/s^2) that sets the speed limit of a turning path: v = sqrt(a * radius). */
export const TURN_LATERAL_ACCEL = 3;

/**
 * A network compiled to struct-of-arrays with integer ids. Segments are the lanes (ids `0..nLanes-1`)
 * followed by the internal junction paths of the connections (`nLanes + c`). Static: never mutated.
 *
 * @example
 * ```ts
 * const net = compileNetwork(parseNetworkSpec(json));
 * net.segLength[net.laneOf('Nin', 0)]; // metres
 * ```
 */
export interface CompiledNetwork {
  readonly spec: NetworkSpec;
  readonly nNodes: number;
  readonly nodeType: Uint8Array;
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  readonly nodeSignal: Int32Array;
  readonly nRoads: number;
  readonly roadFrom: Int32Array;
  readonly roadTo: Int32Array;
  readonly roadLaneStart: Int32Array;
  readonly roadLaneCount: Int32Array;
  readonly roadPriority: Int32Array;
  /** Outgoing connections of each road: `roadConns[roadConnStart[r] .. roadConnStart[r+1])`. */
  readonly roadConnStart: Int32Array;
  readonly roadConns: Int32Array;
  /** Incoming roads of each node: `nodeInRoads[nodeInStart[n] .. nodeInStart[n+1])`. */
  readonly nodeInStart: Int32Array;
  readonly nodeInRoads: Int32Array;
  readonly nLanes: number;
  readonly laneRoad: Int32Array;
  readonly laneIndex: Int32Array;
  readonly laneWidth: Float64Array;
  /** Outgoing connections of each lane. */
  readonly laneConnStart: Int32Array;
  readonly laneConns: Int32Array;
  readonly nConns: number;
  readonly connFromLane: Int32Array;
  readonly connToLane: Int32Array;
  readonly connFromRoad: Int32Array;
  readonly connToRoad: Int32Array;
  readonly connNode: Int32Array;
  readonly connDir: Uint8Array;
  /** Foes (conflicting connections) of each connection. */
  readonly foeStart: Int32Array;
  readonly foes: Int32Array;
  readonly nSegs: number;
  readonly segLength: Float64Array;
  readonly segSpeed: Float64Array;
  /** Shape of each segment: points `segShapeStart[s] .. segShapeStart[s+1]` of `shapeX/shapeY`. */
  readonly segShapeStart: Int32Array;
  readonly shapeX: Float64Array;
  readonly shapeY: Float64Array;
  /** Cumulative geometric length at each shape point. */
  readonly shapeS: Float64Array;
  readonly demand: CompiledDemand;
  readonly nodeIds: readonly string[];
  readonly roadIds: readonly string[];
  /** Lane id of road `roadId`, lane `index`, or -1. */
  laneOf(roadId: string, index: number): number;
}

function groupBy(n: number, keys: ArrayLike<number>, count: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[(keys[i] as number) + 1]++;
  for (let k = 0; k < count; k++) start[k + 1] += start[k] as number;
  const fill = start.slice(0, count);
  const items = new Int32Array(n);
  for (let i = 0; i < n; i++) items[fill[keys[i] as number]++] = i;
  return { start, items };
}

function wrapAngle(a: number): number {
  while (a > Math.PI) a -= 2 * Math.PI;
  while (a < -Math.PI) a += 2 * Math.PI;
  return a;
}

/**
 * Compiles a validated network description into the engine's integer-indexed arrays, filling in default
 * geometry (lane centre lines, smooth junction paths) and turning speeds.
 *
 * @example
 * ```ts
 * const net = compileNetwork(parseNetworkSpec(json));
 * ```
 */
export function compileNetwork(spec: NetworkSpec): CompiledNetwork {
  const nodeIx = new Map(spec.nodes.map((n, i) => [n.id, i] as const));
  const roadIx = new Map(spec.roads.map((r, i) => [r.id, i] as const));
  const nNodes = spec.nodes.length;
  const nodeType = Uint8Array.from(spec.nodes, (n) => (n.type === 'signalized' ? NODE_SIGNALIZED : n.type === 'priority' ? NODE_PRIORITY : NODE_BOUNDARY));
  const nodeX = Float64Array.from(spec.nodes, (n) => n.x);
  const nodeY = Float64Array.from(spec.nodes, (n) => n.y);
  const nodeSignal = new Int32Array(nNodes).fill(-1);
  spec.signals.forEach((s, i) => (nodeSignal[nodeIx.get(s.node) ?? 0] = i));
  const nRoads = spec.roads.length;
  const roadFrom = Int32Array.from(spec.roads, (r) => nodeIx.get(r.from) ?? 0);
  const roadTo = Int32Array.from(spec.roads, (r) => nodeIx.get(r.to) ?? 0);
  const roadPriority = Int32Array.from(spec.roads, (r) => r.priority);
  const roadLaneCount = Int32Array.from(spec.roads, (r) => r.lanes.length);
  const roadLaneStart = new Int32Array(nRoads);
  for (let r = 1; r < nRoads; r++) roadLaneStart[r] = (roadLaneStart[r - 1] as number) + (roadLaneCount[r - 1] as number);
  const nLanes = nRoads ? (roadLaneStart[nRoads - 1] as number) + (roadLaneCount[nRoads - 1] as number) : 0;
  // default node radius: widest road touching the node + 2 m (boundary nodes 0)
  const radius = new Float64Array(nNodes);
  spec.roads.forEach((r, i) => {
    const w = r.lanes.reduce((a, l) => a + l.width, 0) + 2;
    for (const nd of [roadFrom[i] as number, roadTo[i] as number]) radius[nd] = Math.max(radius[nd] as number, w);
  });
  spec.nodes.forEach((n, i) => (radius[i] = n.radius ?? (n.type === 'boundary' ? 0 : (radius[i] as number))));
  const laneRoad = new Int32Array(nLanes);
  const laneIndex = new Int32Array(nLanes);
  const laneWidth = new Float64Array(nLanes);
  const segShapes: Point[][] = [];
  const nConns = spec.connections.length;
  const nSegs = nLanes + nConns;
  const segLength = new Float64Array(nSegs);
  const segSpeed = new Float64Array(nSegs);
  spec.roads.forEach((r, ri) => {
    const a = nodeIx.get(r.from) ?? 0;
    const b = nodeIx.get(r.to) ?? 0;
    const ref: Point[] = r.shape ? r.shape.map((p) => [p[0], p[1]] as Point) : trimPolyline([[nodeX[a] as number, nodeY[a] as number], [nodeX[b] as number, nodeY[b] as number]], radius[a] as number, radius[b] as number);
    let left = 0;
    for (let k = r.lanes.length - 1; k >= 0; k--) {
      const lane = r.lanes[k];
      if (!lane) continue;
      const id = (roadLaneStart[ri] as number) + k;
      laneRoad[id] = ri;
      laneIndex[id] = k;
      laneWidth[id] = lane.width;
      const shp = lane.shape ? lane.shape.map((p) => [p[0], p[1]] as Point) : offsetPolyline(ref, left + lane.width / 2);
      left += lane.width;
      segShapes[id] = shp;
      segLength[id] = lane.length ?? Math.max(1, polylineLength(shp));
      segSpeed[id] = lane.speed ?? r.speed;
    }
  });
  const connFromLane = new Int32Array(nConns);
  const connToLane = new Int32Array(nConns);
  const connFromRoad = new Int32Array(nConns);
  const connToRoad = new Int32Array(nConns);
  const connNode = new Int32Array(nConns);
  const connDir = new Uint8Array(nConns);
  spec.connections.forEach((c, i) => {
    const fr = roadIx.get(c.from) ?? 0;
    const tr = roadIx.get(c.to) ?? 0;
    connFromRoad[i] = fr;
    connToRoad[i] = tr;
    connFromLane[i] = (roadLaneStart[fr] as number) + c.fromLane;
    connToLane[i] = (roadLaneStart[tr] as number) + c.toLane;
    connNode[i] = roadTo[fr] as number;
    connDir[i] = DIR_CODE[c.dir];
    const inShape = segShapes[connFromLane[i] as number] ?? [];
    const outShape = segShapes[connToLane[i] as number] ?? [];
    const pa = inShape[inShape.length - 1] ?? [0, 0];
    const pb = outShape[0] ?? [0, 0];
    const ha = polylineHeading(inShape, true);
    const hb = polylineHeading(outShape, false);
    const shp: Point[] = c.shape ? c.shape.map((p) => [p[0], p[1]] as Point) : junctionPath(pa, ha, pb, hb);
    const s = nLanes + i;
    segShapes[s] = shp;
    const len = Math.max(1, polylineLength(shp));
    segLength[s] = len;
    const turn = Math.abs(wrapAngle(hb - ha));
    const base = Math.min(segSpeed[connFromLane[i] as number] as number, segSpeed[connToLane[i] as number] as number);
    segSpeed[s] = turn > 0.2 ? Math.max(2, Math.min(base, Math.sqrt(TURN_LATERAL_ACCEL * Math.max(len, 4) / turn))) : base;
  });
  let nPts = 0;
  for (let s = 0; s < nSegs; s++) nPts += segShapes[s]?.length ?? 0;
  const segShapeStart = new Int32Array(nSegs + 1);
  const shapeX = new Float64Array(nPts);
  const shapeY = new Float64Array(nPts);
  const shapeS = new Float64Array(nPts);
  let k = 0;
  for (let s = 0; s < nSegs; s++) {
    segShapeStart[s] = k;
    const shp = segShapes[s] ?? [];
    let acc = 0;
    shp.forEach((p, j) => {
      if (j > 0) acc += Math.hypot(p[0] - (shp[j - 1]?.[0] ?? 0), p[1] - (shp[j - 1]?.[1] ?? 0));
      shapeX[k] = p[0];
      shapeY[k] = p[1];
      shapeS[k++] = acc;
    });
  }
  segShapeStart[nSegs] = k;
  const byRoad = groupBy(nConns, connFromRoad, nRoads);
  const byLane = groupBy(nConns, connFromLane, nLanes);
  const inRoads = groupBy(nRoads, roadTo, nNodes);
  const lists = conflictLists(spec);
  const net: CompiledNetwork = {
    spec, nNodes, nodeType, nodeX, nodeY, nodeSignal,
    nRoads, roadFrom, roadTo, roadLaneStart, roadLaneCount, roadPriority,
    roadConnStart: byRoad.start, roadConns: byRoad.items, nodeInStart: inRoads.start, nodeInRoads: inRoads.items,
    nLanes, laneRoad, laneIndex, laneWidth, laneConnStart: byLane.start, laneConns: byLane.items,
    nConns, connFromLane, connToLane, connFromRoad, connToRoad, connNode, connDir,
    foeStart: lists.start, foes: lists.foes,
    nSegs, segLength, segSpeed, segShapeStart, shapeX, shapeY, shapeS,
    demand: compileDemand(spec, roadIx, byRoad, connToRoad, connDir),
    nodeIds: spec.nodes.map((n) => n.id),
    roadIds: spec.roads.map((r) => r.id),
    laneOf(roadId: string, index: number): number {
      const r = roadIx.get(roadId);
      return r === undefined || index < 0 || index >= (roadLaneCount[r] as number) ? -1 : (roadLaneStart[r] as number) + index;
    },
  };
  return net;
}
