import type { Direction } from '../network/NetworkSpec.js';
import { conflictLists } from '../network/movementConflicts.js';
import { offsetPolyline, type Point } from '../network/geometry.js';
import type { ImportLog } from './ImportLog.js';
import { protectedSplit } from './protectedSplit.js';
import { XmlDocument, type XmlElement } from './xmlDocument.js';
import { sumoProgramToPhases } from './sumoProgramToPhases.js';
import type { NetworkParts } from './NetworkParts.js';

type NodeIn = NetworkParts['nodes'][number];
type RoadIn = NetworkParts['roads'][number];
type ConnIn = NetworkParts['connections'][number];
type SignalIn = NetworkParts['signals'][number];


const SIGNAL_TYPES = new Set(['traffic_light', 'traffic_light_right_on_red']);
const PRIORITY_TYPES = new Set(['priority', 'priority_stop', 'right_before_left', 'left_before_right', 'allway_stop', 'zipper', 'unregulated', 'traffic_light_unregulated', 'rail_signal', 'rail_crossing']);
const DIRS: Record<string, Direction> = { s: 's', l: 'l', r: 'r', t: 't', L: 'l', R: 'r' };

function parseShape(doc: XmlDocument, el: XmlElement, element: string, field: string): Point[] | undefined {
  const s = el[field];
  if (typeof s !== 'string' || s.trim() === '') return undefined;
  const pts = s.trim().split(/\s+/).map((p) => p.split(',').slice(0, 2).map(Number) as [number, number]);
  if (pts.some((p) => p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) doc.fail(el, element, field, "expected space-separated 'x,y' points", s);
  return pts.length >= 2 ? pts : undefined;
}

function passengerAllowed(el: XmlElement): boolean {
  const allow = typeof el.allow === 'string' ? el.allow.split(/\s+/) : undefined;
  const disallow = typeof el.disallow === 'string' ? el.disallow.split(/\s+/) : [];
  if (allow && !allow.includes('passenger') && !allow.includes('all')) return false;
  return !disallow.includes('passenger') && !disallow.includes('all');
}

/**
 * Reads a SUMO `.net.xml` (edges, lanes with shapes and speeds, junctions, connections with their
 * directions and internal paths, `tlLogic` programs) into NetworkSpec pieces. Internal edges become the
 * shapes of connections; lanes closed to passenger cars, pedestrian areas and crossings are left out
 * with a warning; each signal program becomes phases with yellow and all-red times.
 *
 * @example
 * ```ts
 * const net = parseSumoNet(text, 'grid.net.xml', new ImportLog());
 * net.roads.length; // normal edges kept
 * ```
 */
export function parseSumoNet(text: string, file: string, log: ImportLog): NetworkParts {
  const doc = new XmlDocument(text, file);
  const root = doc.root('net');
  for (const tag of ['roundabout', 'prohibition', 'type', 'neigh', 'stopOffset', 'param']) {
    const els = doc.children(root, tag);
    if (els.length) log.warn(file, `<${tag}> (${els.length})`, tag === 'roundabout' ? 'roundabouts run as ordinary priority junctions' : 'not modelled, ignored', { line: doc.lineOf(els[0] as XmlElement) });
  }
  // internal lanes: shapes, and the next internal lane of a chain (via)
  const internalShape = new Map<string, Point[]>();
  // lanes of normal edges: sumo lane id -> [road index, tsgym lane index]
  const laneMap = new Map<string, [number, number]>();
  const roads: RoadIn[] = [];
  const roadIx = new Map<string, number>();
  const roadTime: number[] = [];
  for (const edge of doc.children(root, 'edge')) {
    const id = doc.str(edge, 'edge', 'id');
    const fn = typeof edge.function === 'string' ? edge.function : 'normal';
    const what = `edge '${id}'`;
    if (fn === 'internal') {
      for (const lane of doc.children(edge, 'lane')) {
        const shp = parseShape(doc, lane, `lane '${String(lane.id)}' of ${what}`, 'shape');
        if (shp && typeof lane.id === 'string') internalShape.set(lane.id, shp);
      }
      continue;
    }
    if (fn !== 'normal') {
      log.warn(file, `edge function '${fn}'`, fn === 'walkingarea' || fn === 'crossing' ? 'pedestrians are not modelled: left out' : 'not a road: left out', { key: `fn:${fn}`, line: doc.lineOf(edge) });
      continue;
    }
    const from = doc.str(edge, what, 'from');
    const to = doc.str(edge, what, 'to');
    const lanesEl = doc.children(edge, 'lane');
    if (lanesEl.length === 0) doc.fail(edge, what, undefined, 'expected at least one <lane>');
    const sorted = lanesEl.map((l, k) => ({ el: l, index: doc.num(l, `lane ${k} of ${what}`, 'index', k, { min: 0 }) })).sort((a, b) => a.index - b.index);
    const kept = sorted.filter((l) => passengerAllowed(l.el));
    if (kept.length < sorted.length) {
      log.warn(file, `lanes closed to passenger cars`, 'left out (tsgym models cars only); lane indices renumbered from the right', { key: 'closedLanes', line: doc.lineOf(edge) });
    }
    if (kept.length === 0) continue;
    const ri = roads.length;
    const lanes: RoadIn['lanes'] = [];
    let maxSpeed = 0;
    let length = 0;
    for (const l of kept) {
      const lid = doc.str(l.el, `lane ${l.index} of ${what}`, 'id');
      const lw = `lane '${lid}'`;
      const speed = doc.num(l.el, lw, 'speed', undefined, { positive: true });
      const len = doc.num(l.el, lw, 'length', undefined, { positive: true });
      const width = doc.num(l.el, lw, 'width', 3.2, { positive: true });
      const shape = parseShape(doc, l.el, lw, 'shape');
      if (!shape) doc.fail(l.el, lw, 'shape', 'expected at least 2 points');
      laneMap.set(lid, [ri, lanes.length]);
      lanes.push({ speed, length: len, width, shape });
      maxSpeed = Math.max(maxSpeed, speed);
      length = Math.max(length, len);
    }
    const leftmost = lanes[lanes.length - 1];
    const refShape = leftmost?.shape ? offsetPolyline(leftmost.shape, -(leftmost.width ?? 3.2) / 2) : undefined;
    roadIx.set(id, ri);
    roads.push({ id, from, to, lanes, speed: maxSpeed, priority: Math.round(doc.num(edge, what, 'priority', 0)), ...(refShape ? { shape: refShape } : {}) });
    roadTime.push(length / maxSpeed);
  }
  // junctions
  const nodes: NodeIn[] = [];
  const junctionEl = new Map<string, XmlElement>();
  for (const j of doc.children(root, 'junction')) {
    const id = doc.str(j, 'junction', 'id');
    const type = doc.str(j, `junction '${id}'`, 'type', 'priority');
    if (type === 'internal') continue;
    const x = doc.num(j, `junction '${id}'`, 'x');
    const y = doc.num(j, `junction '${id}'`, 'y');
    junctionEl.set(id, j);
    let t: NodeIn['type'] = 'priority';
    if (type === 'dead_end') t = 'boundary';
    else if (SIGNAL_TYPES.has(type)) t = 'signalized';
    else if (type !== 'priority') {
      const known = PRIORITY_TYPES.has(type);
      log.warn(file, `junction type '${type}'`, `${known ? '' : 'unknown type: '}run as a priority junction (higher-priority roads first, minor roads yield)`, { key: `jt:${type}`, line: doc.lineOf(j) });
    }
    if (type === 'traffic_light_right_on_red') log.warn(file, `junction type '${type}'`, 'right turn on red is not modelled: right turns follow the signal', { key: `jt:${type}`, line: doc.lineOf(j) });
    nodes.push({ id, type: t, x, y });
  }
  const nodeIds = new Set(nodes.map((n) => n.id));
  for (const r of roads) {
    for (const end of [r.from, r.to]) {
      if (!nodeIds.has(end)) throw doc.fail(root, `edge '${r.id}'`, end === r.from ? 'from' : 'to', `unknown junction '${end}'`);
    }
  }
  // connections of normal edges
  const connections: ConnIn[] = [];
  const connTl = new Map<string, Map<number, number[]>>(); // tl id -> linkIndex -> connection indices
  const viaNext = new Map<string, string>();
  for (const c of doc.children(root, 'connection')) {
    const from = doc.str(c, 'connection', 'from');
    if (from.startsWith(':') && typeof c.via === 'string') viaNext.set(`${from}_${doc.str(c, 'connection', 'fromLane')}`, c.via);
  }
  const roadNext: number[][] = roads.map(() => []);
  for (const c of doc.children(root, 'connection')) {
    const from = doc.str(c, 'connection', 'from');
    if (from.startsWith(':')) continue;
    const to = doc.str(c, 'connection', 'to');
    const what = `connection ${from} -> ${to}`;
    const fl = doc.num(c, what, 'fromLane', undefined, { min: 0 });
    const tl = doc.num(c, what, 'toLane', undefined, { min: 0 });
    const a = laneMap.get(`${from}_${fl}`);
    const b = laneMap.get(`${to}_${tl}`);
    if (!a || !b) continue; // a road or lane left out (already warned)
    const rawDir = doc.str(c, what, 'dir', 's');
    const dir = DIRS[rawDir];
    if (!dir) {
      log.warn(file, `connection dir '${rawDir}'`, 'left out (not a vehicle movement)', { key: `dir:${rawDir}`, line: doc.lineOf(c) });
      continue;
    }
    let shape: Point[] | undefined;
    if (typeof c.via === 'string') {
      shape = [];
      for (let v: string | undefined = c.via, n = 0; v && n < 8; v = viaNext.get(v), n++) {
        const s = internalShape.get(v);
        if (s) shape.push(...(shape.length ? s.slice(1) : s));
      }
      if (shape.length < 2) shape = undefined;
    }
    const ci = connections.length;
    connections.push({ from, fromLane: a[1], to, toLane: b[1], dir, ...(shape ? { shape } : {}) });
    const ra = a[0];
    if (!(roadNext[ra] as number[]).includes(b[0])) (roadNext[ra] as number[]).push(b[0]);
    if (typeof c.tl === 'string') {
      const li = doc.num(c, what, 'linkIndex', undefined, { min: 0 });
      const m = connTl.get(c.tl) ?? new Map<number, number[]>();
      connTl.set(c.tl, m);
      const list = m.get(li) ?? [];
      list.push(ci);
      m.set(li, list);
    }
  }
  // signal programs
  const conflicts = conflictLists({ nodes, roads, connections });
  const signals: SignalIn[] = [];
  const seenTl = new Set<string>();
  const nodeOfRoad = new Map(roads.map((r) => [r.id, r.to] as const));
  for (const tl of doc.children(root, 'tlLogic')) {
    const id = doc.str(tl, 'tlLogic', 'id');
    const program = doc.str(tl, `tlLogic '${id}'`, 'programID', '0');
    if (seenTl.has(id)) {
      log.warn(file, `tlLogic '${id}' program '${program}'`, 'a second program of the same signal: tsgym runs the first one', { line: doc.lineOf(tl) });
      continue;
    }
    seenTl.add(id);
    const links = connTl.get(id);
    if (!links) {
      log.warn(file, `tlLogic '${id}'`, 'controls no connection of a kept road: ignored', { line: doc.lineOf(tl) });
      continue;
    }
    const prog = sumoProgramToPhases(doc, tl, id, links, log);
    // a program may control several junctions (joined signals): one copy per junction
    const byNode = new Map<string, Set<number>>();
    for (const list of links.values()) {
      for (const c of list) {
        const node = nodeOfRoad.get(connections[c]?.from ?? '') ?? '';
        const set = byNode.get(node) ?? new Set<number>();
        set.add(c);
        byNode.set(node, set);
      }
    }
    if (byNode.size > 1) log.warn(file, `tlLogic '${id}'`, `controls ${byNode.size} junctions: each runs its own copy of the program (same timing and offset)`, { line: doc.lineOf(tl) });
    for (const [nodeId, mine] of byNode) {
      const node = nodes.find((n) => n.id === nodeId);
      if (!node) continue;
      if (node.type !== 'signalized') {
        log.warn(file, `junction '${nodeId}' of type ${String(junctionEl.get(nodeId)?.type)}`, `has connections controlled by tlLogic '${id}': run as a signalized junction`, { line: doc.lineOf(junctionEl.get(nodeId) ?? tl) });
        node.type = 'signalized';
      }
      let demotedCount = 0;
      const phases = prog.phases.map((ph) => {
        const split = protectedSplit(ph.protected.filter((c) => mine.has(c)), (ph.permitted ?? []).filter((c) => mine.has(c)), conflicts, (c) => connections[c]?.dir ?? 's');
        demotedCount += split.demoted.length;
        return { ...ph, protected: split.protectedConns, permitted: split.permittedConns };
      });
      if (demotedCount) log.warn(file, `tlLogic '${id}'`, `${demotedCount} 'G' movement(s) cross or merge with another 'G' movement of the same phase: run as permitted green (they yield)`, { line: doc.lineOf(tl) });
      signals.push({ node: nodeId, offset: prog.offset, phases });
    }
  }
  for (const n of nodes) {
    if (n.type === 'signalized' && !signals.some((s) => s.node === n.id)) {
      log.warn(file, `junction '${n.id}'`, 'traffic_light without a usable program: run as a priority junction', { line: doc.lineOf(junctionEl.get(n.id) ?? root) });
      n.type = 'priority';
    }
  }
  return { nodes, roads, connections, signals, roadTime, roadNext };
}
