import type { Point } from './geometry.js';

/** The parts of a network that decide which movements through a node conflict. */
export interface ConflictInput {
  readonly nodes: readonly { readonly id: string; readonly x: number; readonly y: number }[];
  readonly roads: readonly { readonly id: string; readonly from: string; readonly to: string; readonly shape?: readonly Point[] | undefined }[];
  readonly connections: readonly { readonly from: string; readonly to: string; readonly foes?: readonly number[] | undefined }[];
}

function armAngle(node: { x: number; y: number }, toward: Point): number {
  return Math.atan2(toward[1] - node.y, toward[0] - node.x);
}

/**
 * For every connection, the position of its entry and exit on the circle around its node (right-hand
 * traffic: a road's inbound side lies just counter-clockwise of its arm, the outbound side just clockwise).
 * Two movements of the same node conflict when their chords cross or they end on the same road.
 */
function chordEnds(net: ConflictInput): { node: Int32Array; a: Float64Array; b: Float64Array; toRoad: Int32Array; fromRoad: Int32Array } {
  const nodeIx = new Map(net.nodes.map((n, i) => [n.id, i] as const));
  const roadIx = new Map(net.roads.map((r, i) => [r.id, i] as const));
  const eps = 1e-4;
  const n = net.connections.length;
  const out = { node: new Int32Array(n).fill(-1), a: new Float64Array(n), b: new Float64Array(n), toRoad: new Int32Array(n), fromRoad: new Int32Array(n) };
  for (let c = 0; c < n; c++) {
    const con = net.connections[c];
    if (!con) continue;
    const ri = roadIx.get(con.from);
    const ro = roadIx.get(con.to);
    if (ri === undefined || ro === undefined) continue;
    const rin = net.roads[ri];
    const rout = net.roads[ro];
    if (!rin || !rout) continue;
    const ni = nodeIx.get(rin.to);
    const node = ni === undefined ? undefined : net.nodes[ni];
    const fromNode = net.nodes[nodeIx.get(rin.from) ?? -1];
    const toNode = net.nodes[nodeIx.get(rout.to) ?? -1];
    if (ni === undefined || !node || !fromNode || !toNode) continue;
    const inPt: Point = rin.shape && rin.shape.length >= 2 ? rin.shape[rin.shape.length - 2] : [fromNode.x, fromNode.y];
    const outPt: Point = rout.shape && rout.shape.length >= 2 ? rout.shape[1] : [toNode.x, toNode.y];
    out.node[c] = ni;
    out.a[c] = norm(armAngle(node, inPt) + eps);
    out.b[c] = norm(armAngle(node, outPt) - eps);
    out.fromRoad[c] = ri;
    out.toRoad[c] = ro;
  }
  return out;
}

function norm(a: number): number {
  const t = 2 * Math.PI;
  return ((a % t) + t) % t;
}

function between(x: number, lo: number, hi: number): boolean {
  return lo < hi ? x > lo && x < hi : x > lo || x < hi;
}

/**
 * Conflicting pairs of connections as adjacency lists (`foes[start[c] .. start[c+1])` are the foes of
 * connection `c`): movements of the same node conflict when they come from different roads and either
 * end on the same road (merge) or their paths cross (the chords between entry and exit around the node
 * interleave). Movements from the same road never conflict with each other. Connections that list
 * their `foes` (imported junction logic) use those instead of the geometry. Cost: per node, quadratic in
 * its number of connections.
 *
 * @example
 * ```ts
 * const { start, foes } = conflictLists(spec);
 * const foesOf3 = foes.subarray(start[3], start[4]);
 * ```
 */
export function conflictLists(net: ConflictInput): { start: Int32Array; foes: Int32Array } {
  const n = net.connections.length;
  const e = chordEnds(net);
  const byNode = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const nd = e.node[i];
    if (nd === -1) continue;
    const g = byNode.get(nd);
    if (g) g.push(i);
    else byNode.set(nd, [i]);
  }
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (const g of byNode.values()) {
    for (let x = 0; x < g.length; x++) {
      const i = g[x];
      for (let y = x + 1; y < g.length; y++) {
        const j = g[y];
        const fi = net.connections[i]?.foes;
        const fj = net.connections[j]?.foes;
        if (fi || fj) {
          if (fi?.includes(j) || fj?.includes(i)) {
            lists[i]?.push(j);
            lists[j]?.push(i);
          }
          continue;
        }
        if (e.fromRoad[i] === e.fromRoad[j]) continue;
        let c = e.toRoad[i] === e.toRoad[j];
        if (!c) {
          const ai = e.a[i];
          const bi = e.b[i];
          c = between(e.a[j], ai, bi) !== between(e.b[j], ai, bi);
        }
        if (c) {
          lists[i]?.push(j);
          lists[j]?.push(i);
        }
      }
    }
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + (lists[i]?.length ?? 0);
  const foes = new Int32Array(start[n]);
  for (let i = 0; i < n; i++) foes.set(lists[i] ?? [], start[i]);
  return { start, foes };
}

/**
 * Whether connections `a` and `b` conflict, given `conflictLists` output.
 *
 * @example
 * ```ts
 * const lists = conflictLists(spec);
 * if (connectionsConflict(lists, 0, 4)) console.log('0 and 4 may not both be protected');
 * ```
 */
export function connectionsConflict(lists: { start: Int32Array; foes: Int32Array }, a: number, b: number): boolean {
  const s = lists.start[a] ?? 0;
  const t = lists.start[a + 1] ?? 0;
  for (let k = s; k < t; k++) if (lists.foes[k] === b) return true;
  return false;
}
