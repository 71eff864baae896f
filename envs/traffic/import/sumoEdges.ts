import { offsetPolyline, type Point } from '../network/geometry.js';
import type { ImportLog } from './ImportLog.js';
import type { NetworkParts } from './NetworkParts.js';
import { carriesVehicles, roadClasses } from './sumoPermissions.js';
import { implausible, PLAUSIBLE } from './plausible.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

type RoadIn = NetworkParts['roads'][number];

/** An internal lane of a SUMO junction (part of a connection's path). */
export interface InternalLane {
  readonly length: number;
  readonly speed: number;
  readonly shape?: Point[];
  /** Its id and position among the file's lanes (SUMO's numerical id). */
  readonly sumo: { id: string; order: number };
}

/** Every `<lane>` of the net by id, with its position among the file's lanes (SUMO numbers lanes as it loads them). */
function laneFileOrder(doc: XmlDocument, root: XmlElement): Map<string, number> {
  const order = new Map<string, number>();
  for (const edge of doc.children(root, 'edge')) {
    for (const lane of doc.children(edge, 'lane')) {
      if (typeof lane.id === 'string') order.set(lane.id, order.size);
    }
  }
  return order;
}

/**
 * Parses a SUMO shape attribute (`x,y[,z] x,y ...`) into points, or undefined when absent.
 *
 * @example
 * ```ts
 * parseShape(doc, lane, "lane 'a_0'", 'shape'); // [[0, 0], [100, 0]]
 * ```
 */
export function parseShape(doc: XmlDocument, el: XmlElement, element: string, field: string): Point[] | undefined {
  const s = el[field];
  if (typeof s !== 'string' || s.trim() === '') return undefined;
  const pts = s.trim().split(/\s+/).map((p) => p.split(',').slice(0, 2).map(Number) as [number, number]);
  if (pts.some((p) => p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
    doc.fail(el, element, field, "expected space-separated 'x,y' points", s);
  }
  const far = pts.flat().find((c) => implausible(c, PLAUSIBLE.coordinate) !== undefined);
  if (far !== undefined) doc.fail(el, element, field, `coordinate ${far}: ${implausible(far, PLAUSIBLE.coordinate) ?? ''}`, s);
  return pts.length >= 2 ? pts : undefined;
}

/** Internal lanes by id. */
export function readInternalLanes(doc: XmlDocument, root: XmlElement): Map<string, InternalLane> {
  const out = new Map<string, InternalLane>();
  const order = laneFileOrder(doc, root);
  for (const edge of doc.children(root, 'edge')) {
    if (edge.function !== 'internal') continue;
    for (const lane of doc.children(edge, 'lane')) {
      const id = doc.str(lane, `lane of internal edge '${String(edge.id)}'`, 'id');
      const shape = parseShape(doc, lane, `lane '${id}'`, 'shape');
      const length = doc.num(lane, `lane '${id}'`, 'length', 0.1, { plausible: PLAUSIBLE.internalLength });
      const speed = doc.num(lane, `lane '${id}'`, 'speed', 13.89, { plausible: PLAUSIBLE.speed });
      out.set(id, { length, speed, ...(shape ? { shape } : {}), sumo: { id, order: order.get(id) ?? 0 } });
    }
  }
  return out;
}

/** Normal edges as roads, with the lane map (SUMO lane id -> road index, kept lane index) and free-flow times. */
export function readEdges(
  doc: XmlDocument, root: XmlElement, log: ImportLog,
): { roads: RoadIn[]; laneMap: Map<string, [number, number]>; roadTime: number[]; leftOut: Set<string> } {
  const file = doc.file;
  const roads: RoadIn[] = [];
  const leftOut = new Set<string>();
  const laneMap = new Map<string, [number, number]>();
  const roadTime: number[] = [];
  const order = laneFileOrder(doc, root);
  for (const edge of doc.children(root, 'edge')) {
    const id = doc.str(edge, 'edge', 'id');
    const fn = typeof edge.function === 'string' ? edge.function : 'normal';
    const what = `edge '${id}'`;
    if (fn === 'internal') continue;
    if (fn !== 'normal') {
      log.warn(file, `edge function '${fn}'`, fn === 'walkingarea' || fn === 'crossing' ? 'pedestrians are not modelled: left out' : 'not a road: left out', {
        key: `fn:${fn}`,
        line: doc.lineOf(edge),
      });
      continue;
    }
    const from = doc.str(edge, what, 'from');
    const to = doc.str(edge, what, 'to');
    const lanesEl = doc.children(edge, 'lane');
    if (lanesEl.length === 0) doc.fail(edge, what, undefined, 'expected at least one <lane>');
    const sorted = lanesEl
      .map((l, k) => ({ el: l, index: doc.num(l, `lane ${k} of ${what}`, 'index', k, { min: 0 }), classes: roadClasses(l) }))
      .sort((a, b) => a.index - b.index);
    const kept = sorted.filter((l) => carriesVehicles(l.classes));
    if (kept.length < sorted.length) {
      log.warn(file, 'lanes for pedestrians or rail only', 'left out (tsgym models road vehicles); lane indices renumbered from the right', {
        key: 'closedLanes',
        line: doc.lineOf(edge),
      });
    }
    if (kept.length === 0) {
      leftOut.add(id);
      continue;
    }
    const ri = roads.length;
    const lanes: RoadIn['lanes'] = [];
    let maxSpeed = 0;
    let length = 0;
    for (const l of kept) {
      const lid = doc.str(l.el, `lane ${l.index} of ${what}`, 'id');
      const lw = `lane '${lid}'`;
      const speed = doc.num(l.el, lw, 'speed', undefined, { plausible: PLAUSIBLE.speed });
      const len = doc.num(l.el, lw, 'length', undefined, { plausible: PLAUSIBLE.laneLength });
      const width = doc.num(l.el, lw, 'width', 3.2, { plausible: PLAUSIBLE.laneWidth });
      const shape = parseShape(doc, l.el, lw, 'shape');
      if (!shape) doc.fail(l.el, lw, 'shape', 'expected at least 2 points');
      laneMap.set(lid, [ri, lanes.length]);
      lanes.push({ speed, length: len, width, shape, ...(l.classes ? { allow: l.classes } : {}), sumo: { id: lid, order: order.get(lid) ?? 0 } });
      maxSpeed = Math.max(maxSpeed, speed);
      length = Math.max(length, len);
    }
    const leftmost = lanes[lanes.length - 1];
    const refShape = leftmost?.shape ? offsetPolyline(leftmost.shape, -(leftmost.width ?? 3.2) / 2) : undefined;
    roads.push({ id, from, to, lanes, speed: maxSpeed, priority: Math.round(doc.num(edge, what, 'priority', 0)), ...(refShape ? { shape: refShape } : {}) });
    // SUMO's routing cost of an edge: the length over the speed limit of its lane 0 (the first in the file, kept or not)
    const first = sorted[0]?.el;
    const len0 = first ? doc.num(first, `lane 0 of ${what}`, 'length', length) : length;
    const speed0 = first ? doc.num(first, `lane 0 of ${what}`, 'speed', maxSpeed) : maxSpeed;
    roadTime.push(len0 / Math.max(speed0, 1e-9));
  }
  return { roads, laneMap, roadTime, leftOut };
}
