import type { ImportLog } from './ImportLog.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

/** A vehicle, trip or flow of one file: its line and its departure (a flow's begin), as written. */
export interface DepartEntry {
  readonly el: XmlElement;
  readonly line: number;
  readonly at: string | number | XmlElement[] | undefined;
}

function givenTime(at: DepartEntry['at']): number | undefined {
  if (typeof at === 'number') return at;
  if (typeof at !== 'string' || at.trim() === '') return undefined;
  const t = Number(at);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * The vehicles, trips and flows SUMO loads from one file: going through them in document order, one
 * departing (a flow: beginning) at a given time before the last loaded one is dropped with SUMO's warning
 * "Route file should be sorted by departure time" (`SUMORouteHandler::checkLastDepart`), folded into one
 * warning per file; public-transport vehicles (`line`) are checked but do not move the last time on.
 * Departures that are not a time (`triggered`, `begin`) are not checked.
 *
 * @example
 * ```ts
 * const kept = loadedInDepartOrder(doc, log, entries);
 * if (kept.has(el)) readVehicle(el);
 * ```
 */
export function loadedInDepartOrder(doc: XmlDocument, log: ImportLog, entries: readonly DepartEntry[]): Set<XmlElement> {
  const items = [...entries].sort((a, b) => a.line - b.line);
  const kept = new Set<XmlElement>();
  let last = -Infinity;
  for (const { el, line, at } of items) {
    const t = givenTime(at);
    if (t !== undefined && t < last) {
      const msg = `left out as SUMO does ("ignoring '${String(el.id)}'": it departs at ${t} s, after one at ${last} s)`;
      log.warn(doc.file, 'route file not sorted by departure time', msg, { key: 'unsorted', line });
      continue;
    }
    kept.add(el);
    if (t !== undefined && (el.line === undefined || el.line === '')) last = t;
  }
  return kept;
}
