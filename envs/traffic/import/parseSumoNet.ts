import type { ImportLog } from './ImportLog.js';
import type { NetworkParts } from './NetworkParts.js';
import { PLAUSIBLE } from './plausible.js';
import { readConnections } from './sumoConnections.js';
import { readEdges, readInternalLanes } from './sumoEdges.js';
import { sumoJunctionLogic } from './sumoJunctionLogic.js';
import { type LoadedProgram, readSignals } from './sumoSignals.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';
import { XmlDocument as Doc } from './xmlDocument.js';

type NodeIn = NetworkParts['nodes'][number];

const SIGNAL_TYPES = new Set(['traffic_light', 'traffic_light_right_on_red', 'traffic_light_unregulated']);
const PRIORITY_TYPES = new Set([
  'priority',
  'priority_stop',
  'right_before_left',
  'left_before_right',
  'allway_stop',
  'zipper',
  'unregulated',
  'rail_signal',
  'rail_crossing',
]);

/** Junctions as nodes (internal junctions are part of the junction logic, not nodes). */
function readJunctions(doc: XmlDocument, root: XmlElement, log: ImportLog): { nodes: NodeIn[]; junctionEl: Map<string, XmlElement>; all: XmlElement[] } {
  const nodes: NodeIn[] = [];
  const junctionEl = new Map<string, XmlElement>();
  const all = doc.children(root, 'junction');
  for (const j of all) {
    const id = doc.str(j, 'junction', 'id');
    const type = doc.str(j, `junction '${id}'`, 'type', 'priority');
    if (type === 'internal') continue;
    const x = doc.num(j, `junction '${id}'`, 'x', undefined, { plausible: PLAUSIBLE.coordinate });
    const y = doc.num(j, `junction '${id}'`, 'y', undefined, { plausible: PLAUSIBLE.coordinate });
    junctionEl.set(id, j);
    let t: NodeIn['type'] = 'priority';
    if (type === 'dead_end') t = 'boundary';
    else if (SIGNAL_TYPES.has(type)) t = 'signalized';
    else if (!PRIORITY_TYPES.has(type)) {
      log.warn(doc.file, `junction type '${type}'`, 'unknown type: run by its connections\' right of way', { key: `jt:${type}`, line: doc.lineOf(j) });
    }
    nodes.push({ id, type: t, x, y });
  }
  return { nodes, junctionEl, all };
}

/**
 * Reads a SUMO `.net.xml` into NetworkSpec pieces: normal edges as roads (lanes with their shapes,
 * speeds and vehicle-class permissions; lanes for pedestrians, bicycles or rail only left out),
 * junctions as nodes, connections with their internal lanes (split at internal junctions), SUMO's
 * right-of-way logic (`<request>` foes and responses, internal junctions, unsignalized link states,
 * keepClear), and each `tlLogic` as phases plus the program as written (`programs`: `tlLogic`s of
 * additional files; a signal runs the program loaded last).
 *
 * @example
 * ```ts
 * const net = parseSumoNet(text, 'grid.net.xml', new ImportLog());
 * net.roads.length; // normal edges kept
 * ```
 */
export function parseSumoNet(
  text: string,
  file: string,
  log: ImportLog,
  programs: readonly LoadedProgram[] = [],
  opts: { tlsAllOff?: boolean } = {},
): NetworkParts {
  const doc = new Doc(text, file);
  const root = doc.root('net');
  for (const tag of ['prohibition', 'type', 'neigh', 'stopOffset', 'param']) {
    const els = doc.children(root, tag);
    if (els.length) log.warn(file, `<${tag}> (${els.length})`, 'not modelled, ignored', { line: doc.lineOf(els[0]) });
  }
  warnLaneFeatures(doc, root, file, log);
  const internal = readInternalLanes(doc, root);
  const { roads, laneMap, roadTime, leftOut } = readEdges(doc, root, log);
  markRoundabouts(doc, root, roads);
  const { nodes, junctionEl, all } = readJunctions(doc, root, log);
  const nodeIds = new Set(nodes.map((n) => n.id));
  for (const r of roads) {
    for (const end of [r.from, r.to]) {
      if (!nodeIds.has(end)) throw doc.fail(root, `edge '${r.id}'`, end === r.from ? 'from' : 'to', `unknown junction '${end}'`);
    }
  }
  const conns = readConnections(doc, root, laneMap, internal, roads, log);
  const logic = sumoJunctionLogic(doc, all, conns, log);
  for (const [c, f] of logic) {
    const con = conns.connections[c];
    if (!con) continue;
    if (f.foes) con.foes = f.foes;
    if (f.response) con.response = f.response;
    if (f.internalResponse) con.internalResponse = conns.internalMajor.has(c) ? [] : f.internalResponse;
    if (f.internalFoes) con.internalFoes = f.internalFoes;
  }
  const off = opts.tlsAllOff ? conns.offMinor : undefined;
  const signals = readSignals(doc, root, nodes, roads, junctionEl, conns.connections, conns.connTl, log, programs, off);
  const roadIx = new Map(roads.map((r, i) => [r.id, i] as const));
  const allows = (road: string, lane: number, cls: string): boolean => {
    const allow = roads[roadIx.get(road) ?? -1]?.lanes[lane]?.allow;
    return allow === undefined || cls === 'ignoring' || allow.includes(cls); // SUMO's class 'ignoring' drives on every lane
  };
  const roadNextFor = (r: number, k: number, cls?: string): readonly number[] | undefined => {
    for (const ci of conns.roadNextConns[r]?.[k] ?? []) {
      const c = conns.connections[ci];
      if (c && (cls === undefined || (allows(c.from, c.fromLane, cls) && allows(c.to, c.toLane, cls)))) return conns.connVia[ci] ?? [];
    }
    return undefined;
  };
  return { nodes, roads, connections: conns.connections, signals, roadTime, roadNext: conns.roadNext, roadNextFor, laneMap, leftOut };
}

/** Flags the roads of each `<roundabout edges="...">` (SUMO marks them so that drivers going on around use the inner lanes). */
function markRoundabouts(doc: XmlDocument, root: XmlElement, roads: NetworkParts['roads']): void {
  const ring = new Set<string>();
  for (const el of doc.children(root, 'roundabout')) for (const id of doc.str(el, '<roundabout>', 'edges', '').split(/\s+/)) if (id) ring.add(id);
  if (ring.size === 0) return;
  for (const r of roads) if (ring.has(r.id)) r.roundabout = true;
}

/**
 * Lane features of normal edges that change SUMO's driving and tsgym does not model, one warning each,
 * naming how many: an opposite-direction neighbour (`<lane><neigh lane=.../></lane>`, netconvert
 * `--opposites.guess`: SUMO's drivers may overtake through the oncoming lane), a stop line set back
 * (`<stopOffset>` in an edge or lane: SUMO's drivers stop that far before the lane's end), and lane-change
 * restrictions (`changeLeft`/`changeRight` naming the classes that may change).
 */
function warnLaneFeatures(doc: Doc, root: XmlElement, file: string, log: ImportLog): void {
  const found = new Map<string, { n: number; first: XmlElement }>();
  const count = (k: string, el: XmlElement): void => {
    const c = found.get(k);
    found.set(k, { n: (c?.n ?? 0) + 1, first: c?.first ?? el });
  };
  const offset = (el: XmlElement): boolean => doc.children(el, 'stopOffset').some((o) => Number(o.value ?? 0) > 0);
  for (const edge of doc.children(root, 'edge')) {
    if (edge.function === 'internal') continue;
    for (const lane of doc.children(edge, 'lane')) {
      if (doc.children(lane, 'neigh').length) count('<lane><neigh>', lane);
      if (offset(edge) || offset(lane)) count('<stopOffset>', lane);
      if ([lane.changeLeft, lane.changeRight].some((v) => typeof v === 'string' && v !== 'all')) count('<lane changeLeft/changeRight>', lane);
    }
  }
  const say: Record<string, [string, string]> = {
    '<lane><neigh>': [
      'with an opposite-direction neighbour',
      "overtaking through the oncoming lane is not modelled: SUMO's drivers may do it there, tsgym's do not",
    ],
    '<stopOffset>': ['with a stop line set back', "not modelled: SUMO's drivers stop that far before the lane's end, tsgym's at its end"],
    '<lane changeLeft/changeRight>': ['with lane-change restrictions', "not modelled: tsgym's drivers change lanes there as anywhere"],
  };
  for (const [k, { n, first }] of found) log.warn(file, `${k} (${n} lanes ${say[k]?.[0] ?? ''})`, say[k]?.[1] ?? '', { line: doc.lineOf(first) });
}
