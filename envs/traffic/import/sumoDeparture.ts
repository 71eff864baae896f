import type { FlowInput } from './NetworkParts.js';
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
  for (const k of ['arrivalLane', 'arrivalSpeed', 'departPosLat', 'arrivalPosLat', 'departEdge', 'arrivalEdge']) {
    if (el[k] !== undefined) log.warn(file, `${what.split(' ')[0]} attribute '${k}'`, 'not modelled, ignored', { key: `x:${k}`, line: doc.lineOf(el) });
  }
  return { departLane, departSpeed, departPos, arrivalPos };
}
