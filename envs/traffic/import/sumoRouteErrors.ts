import type { ImportLog } from './ImportLog.js';
import type { VTypeDefaults } from './sumoVTypes.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

/**
 * Demand options of the .sumocfg: `weights.random-factor` and `seed` (routing), `default.*` vType
 * defaults, `scale` (demand factor, SUMO's `--scale`, with `scaleSuffix` naming duplicates) and
 * `ignoreRouteErrors` (SUMO's `--ignore-route-errors`).
 */
export interface DemandOptions {
  readonly randomFactor: number;
  readonly seed: number;
  readonly typeDefaults?: VTypeDefaults;
  readonly scale?: number;
  readonly scaleSuffix?: string;
  readonly ignoreRouteErrors?: boolean;
  /** SUMO's `--junction-taz`: every junction is a zone (`fromJunction`/`toJunction`), departing on its outgoing edges and arriving on its incoming ones. */
  readonly junctionTaz?: boolean;
}

/** A route with no connection between two consecutive edges, under `ignoreRouteErrors`: its vehicle is left out. */
export class RouteGap extends Error {}

/**
 * A route (or route distribution) definition read by `read`; one with a gap (a RouteGap, under
 * `ignoreRouteErrors`) is remembered in `broken` (its vehicles are left out) and undefined returned.
 *
 * @example
 * ```ts
 * const edges = orGap(broken, 'r1', () => resolveEdges(...));
 * ```
 */
export function orGap<T>(broken: Map<string, string>, id: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof RouteGap)) throw e;
    broken.set(id, e.message);
    return undefined;
  }
}

/**
 * Reads a vehicle, trip or flow with `read`; one whose route has a gap (under `ignoreRouteErrors`) is left
 * out with a warning saying what SUMO does instead.
 *
 * @example
 * ```ts
 * skipGap(log, doc, el, () => reader.readVehicle(doc, el, 'vehicle'));
 * ```
 */
export function skipGap(log: ImportLog, doc: XmlDocument, el: XmlElement, read: () => void): void {
  try {
    read();
  } catch (e) {
    if (!(e instanceof RouteGap)) throw e;
    log.warn(
      doc.file,
      `${e.message} (ignore-route-errors)`,
      'left out: SUMO inserts such a vehicle, which waits at the gap until time-to-teleport and then jumps it; tsgym does not model that',
      { key: `gap:${e.message}`, line: doc.lineOf(el) },
    );
  }
}

/** Persons, containers and includes: left out with a warning. */
const SKIPPED = ['person', 'personFlow', 'container', 'containerFlow', 'include'];
/** Additionals that are not demand: left out with a warning. */
const NOT_DEMAND = [
  'e1Detector', 'inductionLoop', 'e2Detector', 'laneAreaDetector', 'e3Detector', 'entryExitDetector', 'edgeData', 'laneData', 'rerouter',
  'variableSpeedSign', 'calibrator', 'routeProbe', 'vaporizer', 'poly', 'poi', 'timedEvent', 'WAUT',
];

/**
 * One warning per kind of element of a demand file that tsgym leaves out (persons, containers, includes,
 * detectors and other additionals); `all(tag)`: the file's elements of that kind.
 *
 * @example
 * ```ts
 * warnLeftOut(log, doc, (tag) => doc.children(root, tag));
 * ```
 */
export function warnLeftOut(log: ImportLog, doc: XmlDocument, all: (tag: string) => XmlElement[]): void {
  for (const tag of SKIPPED) {
    const els = all(tag);
    if (els.length) {
      const why = tag === 'include'
        ? 'not followed by importSumo (loadNetworkFile follows them): pass the included files too'
        : 'persons and containers are not modelled: left out';
      log.warn(doc.file, `<${tag}> (${els.length})`, why, { line: doc.lineOf(els[0]) });
    }
  }
  for (const tag of NOT_DEMAND) {
    const els = all(tag);
    if (els.length) {
      log.warn(doc.file, `<${tag}> (${els.length})`, 'detectors, outputs and other additionals are not modelled: left out', { line: doc.lineOf(els[0]) });
    }
  }
}

/**
 * The root element of a route file. SUMO 1.15 reads a route file by its elements whatever its root is
 * called (sumo-rl's Nguyen demand has `<flows>`), with `Warning: Found root element 'flows' in file '...'
 * (expected 'routes').`; a file that names SUMO's schema is validated against it, which refuses any root
 * but `<routes>` (`Error: no declaration found for element 'flows'`).
 *
 * @example
 * ```ts
 * reader.read(doc, routeFileRoot(doc, 'routes', log), false);
 * ```
 */
export function routeFileRoot(doc: XmlDocument, kind: 'routes' | 'additional', log: ImportLog): XmlElement {
  const name = doc.rootName();
  if (name === undefined || name === kind) return doc.root(kind);
  const el = doc.anyRoot();
  if (el['xsi:noNamespaceSchemaLocation'] !== undefined) {
    const why = `expected a <${kind}> root element (the file names SUMO's schema, which SUMO validates it against)`;
    log.fail(doc.file, doc.lineOf(el) ?? 1, `<${name}>`, undefined, why);
  }
  log.warn(doc.file, `root element <${name}>`, `read as <${kind}> (SUMO: "Found root element '${name}' ... (expected '${kind}')")`, {
    line: doc.lineOf(el) ?? 1,
  });
  return el;
}
