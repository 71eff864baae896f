import type { NetworkParts } from './NetworkParts.js';
import type { StopIn } from './sumoStops.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

/** A route's `repeat` attribute (SUMO: how many times the route is driven again after the first time); 0 without one. */
function repeats(doc: XmlDocument, el: XmlElement, what: string): number {
  if (el.repeat === undefined) return 0;
  const n = doc.num(el, what, 'repeat', 0, { min: 0 });
  if (!Number.isInteger(n)) doc.fail(el, what, 'repeat', 'expected a whole number of repetitions', String(el.repeat));
  return n;
}

/**
 * The road indices of a route with SUMO's `repeat="n"`: the route driven n + 1 times in a row (SUMO 1.15
 * `MSRouteHandler`), which needs its last edge to lead to its first.
 *
 * @example
 * ```ts
 * repeatEdges(doc, routeEl, "route 'loop'", [3, 4, 5, 6], net); // repeat="1": [3, 4, 5, 6, 3, 4, 5, 6]
 * ```
 */
export function repeatEdges(doc: XmlDocument, el: XmlElement, what: string, roads: readonly number[], net: NetworkParts): number[] {
  const n = repeats(doc, el, what);
  if (n === 0 || roads.length === 0) return [...roads];
  const first = roads[0] ?? 0;
  const last = roads[roads.length - 1] ?? 0;
  if (!(net.roadNext[last] ?? []).includes(first)) {
    const ids = [last, first].map((r) => net.roads[r]?.id ?? '?');
    const why = `the route's last edge '${ids[0] ?? ''}' does not lead to its first edge '${ids[1] ?? ''}', so it cannot be repeated`;
    doc.fail(el, what, 'repeat', why, String(el.repeat));
  }
  return Array.from({ length: (n + 1) * roads.length }, (_, i) => roads[i % roads.length] ?? 0);
}

/**
 * The stops of a route with `repeat="n"`: made again on each repetition, an `until` time moved on by the
 * route's `cycleTime` each time (SUMO 1.15).
 *
 * @example
 * ```ts
 * repeatStops(doc, routeEl, "route 'bus'", stops); // repeat="2": the stops three times
 * ```
 */
export function repeatStops(doc: XmlDocument, el: XmlElement, what: string, stops: StopIn[]): StopIn[] {
  const n = repeats(doc, el, what);
  if (n === 0 || stops.length === 0) return stops;
  const cycle = el.cycleTime === undefined ? 0 : doc.num(el, what, 'cycleTime', 0, { min: 0 });
  const out: StopIn[] = [];
  for (let k = 0; k <= n; k++) for (const s of stops) out.push(s.until === undefined ? { ...s } : { ...s, until: s.until + k * cycle });
  return out;
}
