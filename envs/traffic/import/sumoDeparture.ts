import type { FlowInput, NetworkParts } from './NetworkParts.js';
import type { ImportLog } from './ImportLog.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

type Departure = Pick<FlowInput, 'departLane' | 'departSpeed' | 'departPos' | 'arrivalPos'>;

const LANES = new Set(['best', 'free', 'random', 'allowed', 'first']);
const SPEEDS = new Set(['max', 'desired', 'speedLimit', 'random', 'avg', 'last']);
const POSITIONS = new Set(['base', 'free', 'random', 'random_free', 'last']);

/**
 * The departure and arrival attributes of a SUMO vehicle, trip or flow, with SUMO's defaults (lane
 * `first`, speed 0, position `base`, arrival at the end of the last edge). A value SUMO does not know is
 * an error naming file, line and field; one tsgym does not model (`departLane="stop"`, ...) a warning.
 *
 * @example
 * ```ts
 * readDeparture(doc, el, "vehicle 'v1'", log); // { departLane: 'first', departSpeed: 0, departPos: 'base', arrivalPos: 'max' }
 * ```
 */
export function readDeparture(doc: XmlDocument, el: XmlElement, what: string, log: ImportLog): Departure {
  const file = doc.file;
  const lane = typeof el.departLane === 'string' ? el.departLane : 'first';
  let departLane: Departure['departLane'] = 'first';
  if (LANES.has(lane)) departLane = lane as Departure['departLane'];
  else if (/^\d+$/.test(lane)) departLane = Number(lane);
  else doc.fail(el, what, 'departLane', 'expected best, free, random, allowed, first or a lane index', lane);
  const speed = typeof el.departSpeed === 'string' ? el.departSpeed : '0';
  let departSpeed: Departure['departSpeed'] = 0;
  if (SPEEDS.has(speed)) departSpeed = speed as Departure['departSpeed'];
  else {
    const x = Number(speed);
    if (!Number.isFinite(x) || x < 0) doc.fail(el, what, 'departSpeed', 'expected max, desired, speedLimit, random, avg, last or a speed >= 0', speed);
    departSpeed = x;
  }
  const pos = typeof el.departPos === 'string' ? el.departPos : 'base';
  let departPos: Departure['departPos'] = 'base';
  if (POSITIONS.has(pos)) departPos = pos as Departure['departPos'];
  else if (pos === 'stop' || pos === 'splitFront') {
    log.warn(file, `${what.split(' ')[0]} departPos '${pos}'`, "inserted at 'base'", { key: `dp:${pos}`, line: doc.lineOf(el) });
  } else {
    const x = Number(pos);
    if (!Number.isFinite(x)) doc.fail(el, what, 'departPos', 'expected base, free, random, random_free, last or a position in m', pos);
    departPos = x;
  }
  const arr = typeof el.arrivalPos === 'string' ? el.arrivalPos : 'max';
  let arrivalPos: Departure['arrivalPos'] = 'max';
  if (arr === 'max' || arr === 'random') arrivalPos = arr;
  else if (arr === 'center') {
    log.warn(file, `${what.split(' ')[0]} arrivalPos 'center'`, 'arrives at the end of its last road', { key: 'ap:center', line: doc.lineOf(el) });
  } else {
    const x = Number(arr);
    if (!Number.isFinite(x)) doc.fail(el, what, 'arrivalPos', 'expected max, random or a position in m', arr);
    arrivalPos = x;
  }
  for (const k of ['arrivalLane', 'arrivalSpeed', 'departPosLat', 'arrivalPosLat', 'departEdge', 'arrivalEdge', 'reroute']) {
    if (el[k] !== undefined) log.warn(file, `${what.split(' ')[0]} attribute '${k}'`, 'not modelled, ignored', { key: `x:${k}`, line: doc.lineOf(el) });
  }
  return { departLane, departSpeed, departPos, arrivalPos };
}

/**
 * A numeric departLane turned from SUMO's numbering of an edge's lanes (sidewalks and rail lanes
 * counted) into the index among the lanes tsgym keeps, on each edge a route of the driver may start on
 * (`firstEdges`). A lane no vehicle may use is refused, as SUMO refuses it; so is an index that is a
 * different kept lane on different first edges.
 *
 * @example
 * ```ts
 * // edge B1A1: SUMO lane 0 a sidewalk, 1 a bike lane, 2 and 3 car lanes
 * keptDepartLane(doc, el, what, { ...dep, departLane: 3 }, ['B1A1'], net).departLane; // 2
 * ```
 */
export function keptDepartLane(
  doc: XmlDocument,
  el: XmlElement,
  what: string,
  dep: Departure,
  firstEdges: readonly (string | undefined)[],
  net: Pick<NetworkParts, 'laneMap' | 'roads'>,
): Departure {
  const index = dep.departLane;
  if (typeof index !== 'number' || net.laneMap === undefined) return dep;
  const kept = new Set<number>();
  for (const edge of new Set(firstEdges)) {
    if (edge === undefined) continue;
    const m = net.laneMap.get(`${edge}_${index}`);
    if (m === undefined) {
      const road = net.roads.find((r) => r.id === edge);
      const why = road
        ? `lane ${index} of edge '${edge}' is not one vehicles may use (tsgym keeps ${road.lanes.length} of its lanes)`
        : `unknown edge '${edge}'`;
      return doc.fail(el, what, 'departLane', why, el.departLane);
    }
    kept.add(m[1]);
  }
  if (kept.size > 1) doc.fail(el, what, 'departLane', 'the routes start on edges where this index is a different lane for vehicles', el.departLane);
  const [lane] = kept;
  return lane === undefined ? dep : { ...dep, departLane: lane };
}
