import type { Direction, InternalLaneSpec } from '../network/NetworkSpec.js';
import type { ImportLog } from './ImportLog.js';
import type { NetworkParts } from './NetworkParts.js';
import type { InternalLane } from './sumoEdges.js';
import { linkRadius } from './sumoLinkRadius.js';
import type { LogicInput } from './sumoJunctionLogic.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

type ConnIn = NetworkParts['connections'][number];
// 'T': the turnaround of a left-hand network (SUMO's TURN_LEFTHAND)
const DIRS: Record<string, Direction> = { s: 's', l: 'l', r: 'r', t: 't', T: 't', L: 'l', R: 'r' };
const UNSIGNALIZED = new Set(['M', 'm', '=', 's', 'w', 'Z', 'O']);
/** SUMO's `--weights.minor-penalty` default (s). */
const MINOR_PENALTY = 1.5;

/** The connections between kept lanes, with their internal lanes and signal indices. */
export interface SumoConnections extends LogicInput {
  readonly connections: ConnIn[];
  /** Connections whose internal junction link the net writes as major ('M'): no approaching foes to yield to there. */
  readonly internalMajor: ReadonlySet<number>;
  /** tl id -> linkIndex -> connection indices. */
  readonly connTl: Map<string, Map<number, number[]>>;
  /** Signal-controlled connections whose state in the network is `o` (minor when the signal is off); the others are `O`. */
  readonly offMinor: Set<number>;
  /** Roads reachable from the end of each road. */
  readonly roadNext: number[][];
  /** Every connection from road r to `roadNext[r][k]`, in file order (SUMO's link order), with its internal lanes' travel times. */
  readonly roadNextConns: number[][][];
  readonly connVia: number[][];
}

/** Length (m) of the internal lane standing in for a junction crossed without one (SUMO's nets without internal links). */
const JUMP_LENGTH = 0.001;

/**
 * The path of a connection in a net without internal lanes (netconvert --no-internal-links): SUMO moves
 * vehicles from the end of lane `a` straight onto lane `b`, so the junction is crossed in no distance, but
 * its link is as long as the straight line between them (NLHandler::addConnection), which the junction's
 * time windows count.
 */
function jumpPath(roads: NetworkParts['roads'], a: [number, number], b: [number, number]): { via: { length: number; speed: number }[]; linkLength: number } {
  const to = roads[b[0]]?.lanes[b[1]];
  const from = roads[a[0]]?.lanes[a[1]]?.shape;
  const p = from?.[from.length - 1];
  const q = to?.shape?.[0];
  return { via: [{ length: JUMP_LENGTH, speed: to?.speed ?? 13.89 }], linkLength: p && q ? Math.hypot(q[0] - p[0], q[1] - p[1]) : 0 };
}

/** The chain of internal lanes from `first` (following the internal connections' `via`). */
function viaChain(first: string, next: Map<string, string>): string[] {
  const chain = [first];
  for (let v = next.get(first); v && chain.length < 8; v = next.get(v)) chain.push(v);
  return chain;
}

/** Internal lanes of a chain as NetworkSpec `via` pieces (more than two merged into the second: only the internal junction matters). */
function pieces(chain: readonly string[], internal: Map<string, InternalLane>): InternalLaneSpec[] {
  const lanes: (Omit<InternalLane, 'sumo'> & { sumo?: InternalLane['sumo'] })[] = chain.map((id) => internal.get(id) ?? { length: 0.1, speed: 13.89 });
  const out: InternalLaneSpec[] = lanes
    .slice(0, 2)
    .map((l) => ({ length: Math.max(0.1, l.length), speed: l.speed, ...(l.shape ? { shape: l.shape } : {}), ...(l.sumo ? { sumo: l.sumo } : {}) }));
  const second = out[1];
  for (const l of lanes.slice(2)) {
    if (!second) break;
    second.length += l.length;
    second.speed = Math.min(second.speed, l.speed);
    if (second.shape && l.shape) second.shape = [...second.shape, ...l.shape.slice(1)];
  }
  return out;
}

/**
 * SUMO's link order of each normal lane: its `<connection>` elements in file order, as the indices of the
 * connections kept (undefined for one left out); links into walking areas do not count.
 */
function laneLinkOrder(doc: XmlDocument, root: XmlElement, all: readonly XmlElement[], kept: Map<XmlElement, number>): Map<string, (number | undefined)[]> {
  const walkingAreas = new Set(doc.children(root, 'edge').filter((e) => e.function === 'walkingarea').map((e) => String(e.id)));
  const out = new Map<string, (number | undefined)[]>();
  for (const c of all) {
    const from = String(c.from);
    if (from.startsWith(':') || walkingAreas.has(String(c.to))) continue;
    const key = `${from}_${String(c.fromLane)}`;
    const list = out.get(key) ?? [];
    out.set(key, list);
    list.push(kept.get(c));
  }
  return out;
}

/**
 * Reads the `<connection>` elements: those between kept lanes of normal edges become NetworkSpec
 * connections with their internal lanes (`via`, two when the path has an internal junction), direction,
 * unsignalized right of way and keepClear; the internal ones give the `via` chains.
 *
 * @example
 * ```ts
 * const c = readConnections(doc, root, laneMap, internal, roads, log);
 * ```
 */
export function readConnections(
  doc: XmlDocument,
  root: XmlElement,
  laneMap: Map<string, [number, number]>,
  internal: Map<string, InternalLane>,
  roads: NetworkParts['roads'],
  log: ImportLog,
): SumoConnections {
  const nRoads = roads.length;
  const file = doc.file;
  const all = doc.children(root, 'connection');
  const next = new Map<string, string>();
  // the state of each link out of an internal lane (the internal junction's link when the lane has a via)
  const internalState = new Map<string, string>();
  for (const c of all) {
    const from = doc.str(c, 'connection', 'from');
    if (!from.startsWith(':')) continue;
    const key = `${from}_${doc.str(c, 'connection', 'fromLane')}`;
    if (typeof c.via === 'string') next.set(key, c.via);
    if (typeof c.state === 'string') internalState.set(key, c.state);
  }
  const internalMajor = new Set<number>();
  const connections: ConnIn[] = [];
  const connTl = new Map<string, Map<number, number[]>>();
  const offMinor = new Set<number>();
  const roadNext: number[][] = Array.from({ length: nRoads }, () => []);
  const roadNextConns: number[][][] = Array.from({ length: nRoads }, () => []);
  const connVia: number[][] = [];
  // the link into each internal lane: SUMO's router adds --weights.minor-penalty (1.5 s) to an internal edge entered by a minor link that no signal controls
  const entered = new Map<string, boolean>();
  for (const c of all) {
    if (typeof c.via === 'string' && !entered.has(c.via)) entered.set(c.via, typeof c.tl !== 'string' && !/^[A-Z]$/.test(typeof c.state === 'string' ? c.state : 'M'));
  }
  const viaTime = (chain: readonly string[]): number[] =>
    chain.map((laneId) => {
      const lane0 = `${laneId.slice(0, laneId.lastIndexOf('_'))}_0`;
      const l = internal.get(lane0) ?? internal.get(laneId);
      const t = l ? l.length / Math.max(l.speed, 1e-9) : 0;
      return entered.get(lane0) === true ? t + MINOR_PENALTY : t;
    });
  const viaOf = new Map<string, [number, number]>();
  const fromLane = new Map<string, [number, string][]>();
  const kept = new Map<XmlElement, number>();
  const nPieces: number[] = [];
  const lefthand = root.lefthand === 'true' || root.lefthand === '1';
  for (const c of all) {
    const from = doc.str(c, 'connection', 'from');
    if (from.startsWith(':')) continue;
    const to = doc.str(c, 'connection', 'to');
    const what = `connection ${from} -> ${to}`;
    const fl = doc.num(c, what, 'fromLane', undefined, { min: 0 });
    const tl = doc.num(c, what, 'toLane', undefined, { min: 0 });
    const a = laneMap.get(`${from}_${fl}`);
    const b = laneMap.get(`${to}_${tl}`);
    if (!a || !b) continue;
    const rawDir = doc.str(c, what, 'dir', 's');
    const dir = DIRS[rawDir];
    if (!dir) {
      log.warn(file, `connection dir '${rawDir}'`, 'left out (not a vehicle movement)', { key: `dir:${rawDir}`, line: doc.lineOf(c) });
      continue;
    }
    const ci = connections.length;
    kept.set(c, ci);
    const chain = typeof c.via === 'string' ? viaChain(c.via, next) : [];
    const path = chain.length ? { via: pieces(chain, internal) } : jumpPath(roads, a, b);
    const state = typeof c.state === 'string' && UNSIGNALIZED.has(c.state) && typeof c.tl !== 'string' ? (c.state as ConnIn['state']) : undefined;
    const keep = c.keepClear === '0' || c.keepClear === 'false' ? { keepClear: false } : {};
    const vis = typeof c.visibility === 'string' && Number(c.visibility) >= 0 ? { visibility: Number(c.visibility) } : {};
    const shapes = chain.slice(0, 2).map((id) => internal.get(id)?.shape);
    const r = linkRadius(rawDir, roads[a[0]]?.lanes[a[1]]?.shape, shapes, roads[b[0]]?.lanes[b[1]]?.shape, lefthand);
    const radius = r !== undefined ? { turnRadius: r } : {};
    connections.push({ from, fromLane: a[1], to, toLane: b[1], dir, ...path, ...(state ? { state } : {}), ...keep, ...vis, ...radius });
    chain.slice(0, 2).forEach((id, k) => viaOf.set(id, [ci, k]));
    for (const id of chain.slice(2)) viaOf.set(id, [ci, 1]);
    nPieces.push(Math.min(2, chain.length));
    // SUMO: an internal junction whose link the net writes as major ('M', as older netconverts do) has
    // priority: the driver waiting there yields to no approaching foe (MSLink::opened), only to foes inside
    if (chain.length >= 2 && internalState.get(chain[0] ?? '') === 'M') internalMajor.add(ci);
    const list = fromLane.get(`${from}_${fl}`) ?? [];
    list.push([ci, chain[0] ?? '']);
    fromLane.set(`${from}_${fl}`, list);
    connVia.push(viaTime(chain));
    const k = (roadNext[a[0]] ?? []).indexOf(b[0]);
    if (k < 0) {
      roadNext[a[0]]?.push(b[0]);
      roadNextConns[a[0]]?.push([ci]);
    } else roadNextConns[a[0]]?.[k]?.push(ci);
    if (typeof c.tl === 'string') {
      const li = doc.num(c, what, 'linkIndex', undefined, { min: 0 });
      if (c.state === 'o') offMinor.add(ci);
      const m = connTl.get(c.tl) ?? new Map<number, number[]>();
      connTl.set(c.tl, m);
      const l = m.get(li) ?? [];
      l.push(ci);
      m.set(li, l);
    }
  }
  return { connections, connTl, offMinor, roadNext, roadNextConns, connVia, viaOf, fromLane, internalMajor,
    laneLinks: laneLinkOrder(doc, root, all, kept), pieces: (ci: number) => nPieces[ci] ?? 1 };
}
