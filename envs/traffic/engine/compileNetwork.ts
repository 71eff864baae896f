import type { Direction, NetworkSpec } from '../network/NetworkSpec.js';
import { compileDemand, type CompiledDemand } from './compileDemand.js';
import { compileGeometry, type CompiledGeometry } from './compileGeometry.js';
import { compileLinks, type CompiledLinks } from './compileLinks.js';
import { LS_EQ, LS_M, LS_m, LS_S, LS_W } from './linkStates.js';
import { compileRoutes, type CompiledRouting } from './compileRoutes.js';

/** Node types as integers. */
export const NODE_SIGNALIZED = 0;
export const NODE_PRIORITY = 1;
export const NODE_BOUNDARY = 2;
/** Directions as integers (index into `DIRECTIONS`). */
export const DIR_CODE: Record<Direction, number> = { l: 0, s: 1, r: 2, t: 3 };
export { TURN_LATERAL_ACCEL } from './compileGeometry.js';

/**
 * A network compiled to struct-of-arrays with integer ids. Segments are the lanes (ids `0..nLanes-1`)
 * followed by the internal lanes of the connections (see {@link CompiledGeometry}); links and conflicts
 * are in {@link CompiledLinks}. Static: never mutated.
 *
 * @example
 * ```ts
 * const net = compileNetwork(parseNetworkSpec(json));
 * net.segLength[net.laneOf('Nin', 0)]; // metres
 * ```
 */
export interface CompiledNetwork extends CompiledGeometry, CompiledLinks, CompiledRouting {
  readonly spec: NetworkSpec;
  readonly nNodes: number;
  readonly nodeType: Uint8Array;
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  readonly nodeSignal: Int32Array;
  readonly nRoads: number;
  readonly roadFrom: Int32Array;
  readonly roadTo: Int32Array;
  readonly roadPriority: Int32Array;
  /** 1 for the roads of a roundabout (see `RoadSpec.roundabout`). */
  readonly roadRoundabout: Uint8Array;
  /** Whether any road is part of a roundabout. */
  readonly hasRoundabouts: boolean;
  /** Outgoing connections of each road: `roadConns[roadConnStart[r] .. roadConnStart[r+1])`. */
  readonly roadConnStart: Int32Array;
  readonly roadConns: Int32Array;
  /** Incoming roads of each node: `nodeInRoads[nodeInStart[n] .. nodeInStart[n+1])`. */
  readonly nodeInStart: Int32Array;
  readonly nodeInRoads: Int32Array;
  /** Outgoing connections of each lane. */
  readonly laneConnStart: Int32Array;
  readonly laneConns: Int32Array;
  /** Vehicle classes allowed on each lane (bit `classBit` of a type), all bits set without restriction. */
  readonly laneAllow: Uint32Array;
  /** Class bit of each vehicle type. */
  readonly typeClassBit: Uint32Array;
  readonly nConns: number;
  readonly connFromLane: Int32Array;
  readonly connToLane: Int32Array;
  readonly connFromRoad: Int32Array;
  readonly connToRoad: Int32Array;
  readonly connNode: Int32Array;
  readonly connDir: Uint8Array;
  /** SUMO's link radius (m) of a left turn or U-turn; Infinity for the others (`turnRadius`). */
  readonly connRadius: Float64Array;
  /** 1 when the connection is controlled by a signal. */
  readonly connSignalized: Uint8Array;
  /**
   * Lanes of the edge each segment belongs to in SUMO: a road's lane count; for the first internal lane of a
   * connection, the connections from the same road to the same road (netconvert 1.15 puts their internal lanes
   * on one internal edge); 1 for the later internal lanes of a connection split at an internal junction.
   */
  readonly segEdgeLanes: Int32Array;
  /**
   * 1 for the first internal lanes of a connection whose SUMO internal edge allows lane changes
   * (`MSEdge::allowsLaneChanging`: every link onto it is signal-controlled or has a state other than minor,
   * equal, stop or all-way stop); 0 for everything else.
   */
  readonly segLcAllowed: Uint8Array;
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
  for (let i = 0; i < n; i++) start[(keys[i] ?? 0) + 1]++;
  for (let k = 0; k < count; k++) start[k + 1] += start[k] ?? 0;
  const fill = start.slice(0, count);
  const items = new Int32Array(n);
  for (let i = 0; i < n; i++) items[fill[keys[i] ?? 0]++] = i;
  return { start, items };
}

function packShapes(g: CompiledGeometry): Pick<CompiledNetwork, 'segShapeStart' | 'shapeX' | 'shapeY' | 'shapeS'> {
  let nPts = 0;
  for (let s = 0; s < g.nSegs; s++) nPts += g.segShapes[s]?.length ?? 0;
  const segShapeStart = new Int32Array(g.nSegs + 1);
  const shapeX = new Float64Array(nPts);
  const shapeY = new Float64Array(nPts);
  const shapeS = new Float64Array(nPts);
  let k = 0;
  for (let s = 0; s < g.nSegs; s++) {
    segShapeStart[s] = k;
    const shp = g.segShapes[s] ?? [];
    let acc = 0;
    shp.forEach((p, j) => {
      const q = shp[j - 1];
      if (q) acc += Math.hypot(p[0] - q[0], p[1] - q[1]);
      shapeX[k] = p[0];
      shapeY[k] = p[1];
      shapeS[k++] = acc;
    });
  }
  segShapeStart[g.nSegs] = k;
  return { segShapeStart, shapeX, shapeY, shapeS };
}

/**
 * `CompiledNetwork.segEdgeLanes` and `segLcAllowed`, from the SUMO internal edges: the connections from one
 * road to the same road share one (netconvert 1.15), so both are decided per (from road, to road) pair.
 */
function internalEdges(
  g: CompiledGeometry, connFromRoad: Int32Array, connToRoad: Int32Array, signalized: Uint8Array, linkStatic: Uint8Array,
): Pick<CompiledNetwork, 'segEdgeLanes' | 'segLcAllowed'> {
  const segEdgeLanes = new Int32Array(g.nSegs).fill(1);
  const segLcAllowed = new Uint8Array(g.nSegs);
  for (let l = 0; l < g.nLanes; l++) segEdgeLanes[l] = g.roadLaneCount[g.laneRoad[l] ?? 0] ?? 1;
  const key = (c: number): number => (connFromRoad[c] ?? 0) * (g.roadLaneCount.length + 1) + (connToRoad[c] ?? 0);
  const lanes = new Map<number, number>();
  const barred = new Set<number>();
  for (let c = 0; c < connFromRoad.length; c++) {
    lanes.set(key(c), (lanes.get(key(c)) ?? 0) + 1);
    const st = linkStatic[c] ?? LS_M;
    if (signalized[c] !== 1 && (st === LS_m || st === LS_EQ || st === LS_S || st === LS_W)) barred.add(key(c));
  }
  for (let c = 0; c < connFromRoad.length; c++) {
    const first = g.connSegStart[c] ?? 0;
    segEdgeLanes[first] = lanes.get(key(c)) ?? 1;
    if (!barred.has(key(c))) segLcAllowed[first] = 1;
  }
  return { segEdgeLanes, segLcAllowed };
}

/**
 * Lane permissions as bit masks over the vehicle classes the types and lanes name. SUMO's class
 * `ignoring` (SVC_IGNORING) is admitted by every lane: it gets all bits.
 */
function classMasks(spec: NetworkSpec, demand: CompiledDemand, nLanes: number): { laneAllow: Uint32Array; typeClassBit: Uint32Array } {
  const classes = new Map<string, number>();
  const bit = (c: string): number => {
    if (c === 'ignoring') return 0xffffffff;
    let b = classes.get(c);
    if (b === undefined) {
      b = classes.size < 31 ? 1 << classes.size : 1 << 31;
      classes.set(c, b);
    }
    return b;
  };
  const typeClassBit = Uint32Array.from(demand.typeVClass, bit);
  const laneAllow = new Uint32Array(nLanes).fill(0xffffffff);
  let l = 0;
  for (const r of spec.roads) {
    for (const lane of r.lanes) {
      if (lane.allow) laneAllow[l] = lane.allow.reduce((m, c) => m | bit(c), 0) >>> 0;
      l++;
    }
  }
  return { laneAllow, typeClassBit };
}

/**
 * Compiles a validated network description into the engine's integer-indexed arrays, filling in default
 * geometry (lane centre lines, smooth junction paths), turning speeds and junction logic.
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
  const nodeSignal = new Int32Array(nNodes).fill(-1);
  spec.signals.forEach((s, i) => (nodeSignal[nodeIx.get(s.node) ?? 0] = i));
  const nRoads = spec.roads.length;
  const roadFrom = Int32Array.from(spec.roads, (r) => nodeIx.get(r.from) ?? 0);
  const roadTo = Int32Array.from(spec.roads, (r) => nodeIx.get(r.to) ?? 0);
  const roadPriority = Int32Array.from(spec.roads, (r) => r.priority);
  const roadRoundabout = Uint8Array.from(spec.roads, (r) => (r.roundabout === true ? 1 : 0));
  const g = compileGeometry(spec);
  const nConns = spec.connections.length;
  const connFromRoad = Int32Array.from(spec.connections, (c) => roadIx.get(c.from) ?? 0);
  const connToRoad = Int32Array.from(spec.connections, (c) => roadIx.get(c.to) ?? 0);
  const connFromLane = Int32Array.from(spec.connections, (c, i) => (g.roadLaneStart[connFromRoad[i] ?? 0] ?? 0) + c.fromLane);
  const connToLane = Int32Array.from(spec.connections, (c, i) => (g.roadLaneStart[connToRoad[i] ?? 0] ?? 0) + c.toLane);
  const connNode = Int32Array.from(connFromRoad, (r) => roadTo[r] ?? 0);
  const connDir = Uint8Array.from(spec.connections, (c) => DIR_CODE[c.dir]);
  const connRadius = Float64Array.from(spec.connections, (c) => c.turnRadius ?? Infinity);
  const connSignalized = Uint8Array.from(connNode, (nd) => (nodeType[nd] === NODE_SIGNALIZED ? 1 : 0));
  const links = compileLinks(spec, g, {
    fromLane: connFromLane, toLane: connToLane, node: connNode, fromRoad: connFromRoad, signalized: connSignalized, roadPriority,
  });
  const byRoad = groupBy(nConns, connFromRoad, nRoads);
  const byLane = groupBy(nConns, connFromLane, g.nLanes);
  const inRoads = groupBy(nRoads, roadTo, nNodes);
  const demand = compileDemand(spec, roadIx, byRoad, connToRoad, connDir);
  const masks = classMasks(spec, demand, g.nLanes);
  const routing = compileRoutes(g);
  const { segEdgeLanes, segLcAllowed } = internalEdges(g, connFromRoad, connToRoad, connSignalized, links.linkStatic);
  return {
    ...g, ...links, ...routing, ...packShapes(g), ...masks,
    spec, nNodes, nodeType, nodeX: Float64Array.from(spec.nodes, (n) => n.x), nodeY: Float64Array.from(spec.nodes, (n) => n.y), nodeSignal,
    nRoads, roadFrom, roadTo, roadPriority, roadRoundabout, hasRoundabouts: roadRoundabout.includes(1),
    roadConnStart: byRoad.start, roadConns: byRoad.items, nodeInStart: inRoads.start, nodeInRoads: inRoads.items,
    laneConnStart: byLane.start, laneConns: byLane.items,
    nConns, connFromLane, connToLane, connFromRoad, connToRoad, connNode, connDir, connRadius, connSignalized, segEdgeLanes, segLcAllowed,
    demand,
    nodeIds: spec.nodes.map((n) => n.id),
    roadIds: spec.roads.map((r) => r.id),
    laneOf(roadId: string, index: number): number {
      const r = roadIx.get(roadId);
      return r === undefined || index < 0 || index >= (g.roadLaneCount[r] ?? 0) ? -1 : (g.roadLaneStart[r] ?? 0) + index;
    },
  };
}
