import type { ImportLog } from './ImportLog.js';
import type { NetworkParts } from './NetworkParts.js';
import type { ShortestRoute } from './shortestRoute.js';
import type { DemandOptions } from './sumoRouteErrors.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

/** A traffic assignment zone (SUMO `<taz>`): the roads trips from it depart on (sources) and trips to it arrive on (sinks). */
interface Zone {
  readonly sources: number[];
  readonly sinks: number[];
}

/** The attributes naming a trip's origin or destination zone, by side, in SUMO's order of precedence after the edge. */
const ZONE_FIELDS = { from: ['fromJunction', 'fromTaz'], to: ['toJunction', 'toTaz'] } as const;

/** A zone trip's route (road ids) and, for the routing device, the roads of its zones. */
export interface ZoneRoute {
  route: string[];
  trip?: boolean;
  fromRoads?: string[];
  toRoads?: string[];
}

/**
 * SUMO's traffic assignment zones (`<taz>` of additional files) and, with `--junction-taz`, its junctions as
 * zones: reads them and routes the trips that name them (`fromTaz`/`toTaz`, `fromJunction`/`toJunction`).
 *
 * @example
 * ```ts
 * const zones = new SumoZones(net, log, roadIx, router, options);
 * zones.read(doc, root, true);
 * if (SumoZones.names(el)) route = zones.trip(doc, el, "trip 'a'", 'passenger');
 * ```
 */
export class SumoZones {
  /** Zones of the additional files, by id. */
  private readonly zones = new Map<string, Zone>();
  /** Ids of the `<taz>` elements found in route files (SUMO does not read them there). */
  private readonly routeFileZones = new Set<string>();
  /** Junction id -> [outgoing roads, incoming roads], for `--junction-taz`. */
  private junctionRoads: Map<string, [number[], number[]]> | undefined;

  constructor(
    private readonly net: NetworkParts,
    private readonly log: ImportLog,
    private readonly roadIx: ReadonlyMap<string, number>,
    private readonly router: ShortestRoute,
    private readonly routing: DemandOptions,
  ) {}

  /** Whether a vehicle, trip or flow names a zone on a side where it gives no edge (SUMO: the edge wins). */
  static names(el: XmlElement): boolean {
    const zone = (side: 'from' | 'to'): boolean => typeof el[side] !== 'string' && ZONE_FIELDS[side].some((f) => typeof el[f] === 'string');
    return zone('from') || zone('to');
  }

  /** The `<taz>` of a file (also inside `<tazs>`): read from an additional file; in a route file, SUMO leaves them out. */
  read(doc: XmlDocument, root: XmlElement, additional: boolean): void {
    const tazs = [...doc.children(root, 'taz'), ...doc.children(root, 'tazs').flatMap((t) => doc.children(t, 'taz'))];
    if (additional) for (const el of tazs) this.readZone(doc, el);
    else if (tazs.length) {
      for (const el of tazs) if (typeof el.id === 'string') this.routeFileZones.add(el.id);
      const why = 'SUMO reads TAZ only from additional files: left out (give the file as an additional file)';
      this.log.warn(doc.file, `<taz> (${tazs.length}) in a route file`, why, { line: doc.lineOf(tazs[0]) });
    }
  }

  /**
   * A `<taz>` as SUMO's simulation builds it: each edge of its `edges` is both a source and a sink, each
   * `<tazSource>` a source and each `<tazSink>` a sink (their weights are not used by SUMO's simulation,
   * which routes to the cheapest of them). Edges only pedestrians or rail may use are left out with the rest of them.
   */
  private readZone(doc: XmlDocument, el: XmlElement): void {
    const id = doc.str(el, 'taz', 'id');
    const what = `taz '${id}'`;
    if (this.zones.has(id)) doc.fail(el, what, 'id', 'a TAZ with this id was defined before (SUMO: another edge with the id exists)', id);
    const road = (e: string, at: XmlElement, element: string, field: string): number | undefined => {
      const r = this.roadIx.get(e);
      if (r !== undefined || this.net.leftOut?.has(e)) return r;
      return doc.fail(at, element, field, `unknown edge '${e}' (SUMO: the edge within district '${id}' is not known)`, e);
    };
    const sources: number[] = [];
    const sinks: number[] = [];
    const edges = typeof el.edges === 'string' ? el.edges.trim().split(/\s+/).filter((x) => x !== '') : [];
    for (const e of edges) {
      const r = road(e, el, what, 'edges');
      if (r === undefined) continue;
      sources.push(r);
      sinks.push(r);
    }
    for (const [tag, out] of [['tazSource', sources], ['tazSink', sinks]] as const) {
      for (const c of doc.children(el, tag)) {
        const r = road(doc.str(c, `<${tag}> of ${what}`, 'id'), c, `<${tag}> of ${what}`, 'id');
        if (r !== undefined) out.push(r);
      }
    }
    this.zones.set(id, { sources, sinks });
  }

  /**
   * The roads of the origin (`side` from) or destination zone a trip names: a TAZ of the additional files,
   * or, with `--junction-taz`, a junction (its outgoing edges are its sources, its incoming edges its sinks).
   * Fails as SUMO does for an unknown zone or one with no edge on that side.
   */
  private zoneRoads(doc: XmlDocument, el: XmlElement, what: string, field: string, side: 'from' | 'to'): number[] {
    const id = doc.str(el, what, field);
    const junction = field.endsWith('Junction');
    const kind = junction ? 'junction' : 'taz';
    const zone = this.zones.get(id) ?? (junction && this.routing.junctionTaz ? this.junctionZone(id) : undefined);
    if (!zone) {
      const hint = this.routeFileZones.has(id)
        ? ": it is defined in a route file, and SUMO reads <taz> only from additional files"
        : junction
          ? this.routing.junctionTaz
            ? ' (no such junction in the network)'
            : ": set option junction-taz in the .sumocfg (<junction-taz value=\"true\"/>) or load a TAZ file"
          : ' (expected the id of a <taz> of an additional file)';
      return doc.fail(el, what, field, `${side === 'from' ? 'source' : 'sink'} ${kind} '${id}' not known${hint}`, id);
    }
    const roads = side === 'from' ? zone.sources : zone.sinks;
    if (roads.length === 0) {
      const none = side === 'from' ? 'outgoing edges (sources)' : 'incoming edges (sinks)';
      doc.fail(el, what, field, `${kind} '${id}' has no ${none} that road vehicles may use`, id);
    }
    return roads;
  }

  /** Junction `id` as a zone (SUMO's `--junction-taz`), or undefined when the network has no such junction. */
  private junctionZone(id: string): Zone | undefined {
    if (!this.junctionRoads) {
      const m = new Map<string, [number[], number[]]>(this.net.nodes.map((n) => [n.id, [[], []]] as const));
      this.net.roads.forEach((r, i) => {
        m.get(r.from)?.[0].push(i);
        m.get(r.to)?.[1].push(i);
      });
      this.junctionRoads = m;
    }
    const j = this.junctionRoads.get(id);
    return j ? { sources: j[0], sinks: j[1] } : undefined;
  }

  /**
   * The route of a trip from or to a zone (`fromTaz`/`toTaz`, `fromJunction`/`toJunction`; an edge given by `from`/`to`
   * wins over a zone, as in SUMO): routed at import by free-flow time from the cheapest of the origin's
   * source roads to the cheapest of the destination's sink roads, the arrival road's own time counted (SUMO
   * routes from the zone's source edge to its sink edge), and marked a trip with its zones' roads so that
   * the engine picks them again on the travel times of the moment when each driver departs.
   */
  trip(doc: XmlDocument, el: XmlElement, what: string, cls: string): ZoneRoute {
    const side = (s: 'from' | 'to'): { roads: number[]; zone: boolean; field: string; name: string } => {
      const edge = el[s];
      if (typeof edge === 'string') {
        const r = this.roadIx.get(edge) ?? doc.fail(el, what, s, `unknown edge '${edge}'`);
        return { roads: [r], zone: false, field: s, name: `edge '${edge}'` };
      }
      const field = ZONE_FIELDS[s].find((f) => typeof el[f] === 'string');
      if (field === undefined) return doc.fail(el, what, s, `expected ${s}, ${ZONE_FIELDS[s][1]} or ${ZONE_FIELDS[s][0]}`);
      const name = `${field.endsWith('Junction') ? 'junction' : 'taz'} '${String(el[field])}'`;
      return { roads: this.zoneRoads(doc, el, what, field, s), zone: true, field, name };
    };
    const from = side('from');
    const to = side('to');
    const usable = (roads: number[]): number[] =>
      roads.filter((r) => cls === 'ignoring' || (this.net.roads[r]?.lanes ?? []).some((l) => l.allow === undefined || l.allow.includes(cls)));
    const via = typeof el.via === 'string' ? el.via.trim().split(/\s+/).filter((x) => x !== '') : [];
    const viaIx = via.map((e) => this.roadIx.get(e) ?? doc.fail(el, what, 'via', `unknown edge '${e}'`));
    const src = usable(from.roads);
    const sink = usable(to.roads);
    const route = ((): number[] | undefined => {
      if (viaIx.length === 0) return this.router.routeZones(src, sink, undefined, cls);
      const first = this.router.routeZones(src, [viaIx[0] ?? 0], undefined, cls);
      const mid = this.router.routeVia(viaIx, undefined, cls);
      const last = this.router.routeZones([viaIx[viaIx.length - 1] ?? 0], sink, undefined, cls);
      return first && Array.isArray(mid) && last ? [...first, ...mid.slice(1), ...last.slice(1)] : undefined;
    })();
    if (!route) {
      const through = via.length ? ` via ${via.join(' ')}` : '';
      return doc.fail(el, what, to.field, `no path from ${from.name} to ${to.name}${through} for vehicle class '${cls}' (SUMO: no valid route)`);
    }
    if (this.routing.randomFactor > 1) {
      this.log.warn(doc.file, 'weights.random-factor on trips between zones', 'not applied: each driver takes the fastest route when it departs', {
        key: 'zoneRandom',
        line: doc.lineOf(el),
      });
    }
    const ids = (rs: readonly number[]): string[] => rs.map((r) => this.net.roads[r]?.id ?? '');
    // with `via` the route is kept as found here (as for trips between edges)
    if (via.length) return { route: ids(route) };
    return { route: ids(route), trip: true, ...(from.zone ? { fromRoads: ids(from.roads) } : {}), ...(to.zone ? { toRoads: ids(to.roads) } : {}) };
  }
}
