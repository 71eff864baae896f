import { Rng } from '../../../src/rng/Rng.js';
import type { NetworkSpecInput } from '../network/NetworkSpec.js';
import type { ImportLog } from './ImportLog.js';
import { ShortestRoute } from './shortestRoute.js';
import type { FlowInput as FlowIn, NetworkParts, VehicleTypeInput as TypeIn } from './NetworkParts.js';
import { keptDepartLane, readDeparture } from './sumoDeparture.js';
import { msSpacing, ScaleQuota, scaleUniformFlow } from './sumoScale.js';
import { loadedInDepartOrder } from './sumoDepartOrder.js';
import { repeatEdges, repeatStops } from './sumoRouteRepeat.js';
import { orGap, routeFileRoot, RouteGap, skipGap, warnLeftOut, type DemandOptions } from './sumoRouteErrors.js';
import { routeThroughStops, SumoStops, type ParkingAreaIn, type StopIn, type StoppingPlaceIn } from './sumoStops.js';
import { SumoZones } from './sumoZones.js';
import { BUILTIN_VTYPES, defaultVType, readVType } from './sumoVTypes.js';
import { withSpeedFactor } from './sumoVehicleSpeedFactor.js';
import { XmlDocument, type XmlElement } from './xmlDocument.js';

type DemandIn = NonNullable<NetworkSpecInput['demand']>;
type VehicleIn = NonNullable<DemandIn['vehicles']>[number];
type TypeDistIn = NonNullable<DemandIn['typeDistributions']>[number];
type RouteDistIn = NonNullable<DemandIn['routeDistributions']>[number];

/**
 * Demand read from SUMO route (and additional) files.
 *
 * @example
 * ```ts
 * const { vehicleTypes, flows, vehicles } = parseSumoRoutes(files, parts, log);
 * ```
 */
export interface SumoDemand {
  readonly vehicleTypes: TypeIn[];
  readonly typeDistributions: TypeDistIn[];
  readonly routeDistributions: RouteDistIn[];
  readonly flows: FlowIn[];
  readonly vehicles: VehicleIn[];
  readonly parkingAreas: ParkingAreaIn[];
  readonly stoppingPlaces: StoppingPlaceIn[];
}

/** Routes drawn per flow under `weights.random-factor` (SUMO routes every driver anew). */
const ROUTING_SAMPLES = 32;

/** A route reference: road ids (with the route's stops; a trip's zones and via roads), or the id of a route distribution. */
type RouteRef = { route: string[]; stops?: StopIn[]; trip?: boolean; fromRoads?: string[]; toRoads?: string[]; via?: string[] } | { routeDistribution: string };

/** Defaults of the flows inside an `<interval>` (its begin and end). */
interface FlowDefaults { readonly begin?: number; readonly end?: number }

/** Reads the elements of SUMO demand files one kind at a time, keeping definitions across files. */
class RouteReader {
  readonly types = new Map<string, TypeIn>();
  readonly typeDists = new Map<string, TypeDistIn>();
  readonly routes = new Map<string, string[]>();
  /** Stops defined inside a route, served by every vehicle that uses it. */
  private readonly routeStops = new Map<string, StopIn[]>();
  /** The `probability` attribute of each top-level vType (its weight when a distribution lists it by id). */
  private readonly typeProb = new Map<string, number>();
  readonly stops: SumoStops;
  readonly routeDists = new Map<string, RouteDistIn>();
  readonly flows: FlowIn[] = [];
  readonly vehicles: VehicleIn[] = [];
  private readonly roadIx: Map<string, number>;
  private readonly router: ShortestRoute;
  defaultUsed = false;

  private readonly rng: Rng;
  /** SUMO's traffic assignment zones (and junctions as zones). */
  private readonly zones: SumoZones;
  /** Routes (and route distributions) with a gap, under `ignoreRouteErrors`: id -> why. */
  private readonly brokenRoutes = new Map<string, string>();
  private readonly scaler: ScaleQuota;

  constructor(
    private readonly net: NetworkParts,
    private readonly log: ImportLog,
    private readonly begin: number,
    private readonly routing: DemandOptions,
  ) {
    this.rng = new Rng(routing.seed);
    this.scaler = new ScaleQuota(routing.scale ?? 1, routing.scaleSuffix ?? '.');
    this.roadIx = new Map(net.roads.map((r, i) => [r.id, i] as const));
    this.router = new ShortestRoute(net.roads.map((r) => r.id), net.roadTime, net.roadNext, net.roadNextFor);
    this.stops = new SumoStops(net, log);
    this.zones = new SumoZones(net, log, this.roadIx, this.router, routing);
  }

  /**
   * Reads one file's demand; `additional`: an additional file (the only place SUMO reads `<taz>` from).
   * The elements inside `<interval begin end>` (routeSampler's and flowrouter's outputs) are read as the
   * file's own, their flows taking the interval's begin and end as defaults (as SUMO does).
   */
  read(doc: XmlDocument, root: XmlElement, additional = false): void {
    const scopes = [root, ...doc.children(root, 'interval')];
    const all = (tag: string): XmlElement[] => scopes.flatMap((sc) => doc.children(sc, tag));
    warnLeftOut(this.log, doc, all);
    this.zones.read(doc, root, additional);
    for (const sc of scopes) this.stops.readPlaces(doc, sc);
    for (const el of all('vType')) {
      const t = readVType(doc, el, this.log, this.routing.typeDefaults);
      this.addType(t);
      this.typeProb.set(t.id, doc.num(el, `vType '${t.id}'`, 'probability', 1, { min: 0 }));
    }
    for (const el of all('vTypeDistribution')) this.readTypeDist(doc, el);
    for (const el of all('route')) {
      const id = doc.str(el, 'route', 'id');
      const edges = orGap(this.brokenRoutes, id, () => this.resolveEdges(doc, el, `route '${id}'`));
      if (!edges) continue;
      this.routes.set(id, edges);
      const stops = repeatStops(doc, el, `route '${id}'`, this.stops.read(doc, el, `route '${id}'`));
      if (stops.length) this.routeStops.set(id, stops);
    }
    for (const el of all('routeDistribution')) {
      const id = doc.str(el, 'routeDistribution', 'id');
      orGap(this.brokenRoutes, id, () => this.readRouteDist(doc, el, id));
    }
    // in document order: SUMO's count for `scale` runs over the vehicles as it loads them
    const vehicles = (['vehicle', 'trip'] as const).flatMap((tag) => all(tag).map((el) => ({ el, tag, line: doc.lineOf(el) ?? 0, at: el.depart })));
    const flows = scopes.flatMap((sc, k) => {
      const defaults: FlowDefaults =
        k === 0 ? {} : { begin: doc.num(sc, '<interval>', 'begin', undefined, { min: 0 }), end: doc.num(sc, '<interval>', 'end', undefined, { min: 0 }) };
      return doc.children(sc, 'flow').map((el) => ({ el, defaults, line: doc.lineOf(el) ?? 0, at: el.begin ?? defaults.begin ?? this.begin }));
    });
    const sorted = loadedInDepartOrder(doc, this.log, [...vehicles, ...flows]);
    vehicles.sort((a, b) => a.line - b.line);
    for (const { el, tag } of vehicles) if (sorted.has(el)) skipGap(this.log, doc, el, () => this.readVehicle(doc, el, tag));
    flows.sort((a, b) => a.line - b.line);
    for (const { el, defaults } of flows) if (sorted.has(el)) skipGap(this.log, doc, el, () => this.readFlow(doc, el, defaults));
  }
  private addType(t: TypeIn): void {
    this.types.set(t.id, t);
  }

  private readTypeDist(doc: XmlDocument, el: XmlElement): void {
    const id = doc.str(el, 'vTypeDistribution', 'id');
    const what = `vTypeDistribution '${id}'`;
    const members = doc.children(el, 'vType').map((v) => {
      const t = readVType(doc, v, this.log, this.routing.typeDefaults);
      this.addType(t);
      return { type: t.id, probability: doc.num(v, `vType '${t.id}'`, 'probability', 1, { min: 0 }) };
    });
    if (typeof el.vTypes === 'string') {
      // SUMO 1.15 weighs members listed by id with their own vType `probability` (default 1); later versions
      // also take a `probabilities` list, which wins when given.
      const ids = el.vTypes.trim().split(/\s+/);
      const probs = this.probabilityList(doc, el, what, ids.length);
      ids.forEach((v, k) => {
        if (v === id) doc.fail(el, what, 'vTypes', 'a distribution cannot contain itself', el.vTypes);
        if (!this.types.has(v)) doc.fail(el, what, 'vTypes', `unknown vType '${v}' (types must be defined before use)`, el.vTypes);
        members.push({ type: v, probability: probs?.[k] ?? this.typeProb.get(v) ?? 1 });
      });
    }
    if (members.length === 0) doc.fail(el, what, 'vTypes', 'expected member vTypes');
    this.typeDists.set(id, { id, types: members });
  }

  private readRouteDist(doc: XmlDocument, el: XmlElement, id: string): string {
    const members = doc.children(el, 'route').map((r, k) => {
      const rid = typeof r.id === 'string' ? r.id : `${id}#${k}`;
      let route: string[];
      if (typeof r.edges === 'string') route = this.resolveEdges(doc, r, `route '${rid}'`);
      else if (typeof r.refId === 'string') {
        const gap = this.brokenRoutes.get(r.refId);
        if (gap !== undefined) throw new RouteGap(gap);
        route = this.routes.get(r.refId) ?? doc.fail(r, `route in routeDistribution '${id}'`, 'refId', `unknown route '${r.refId}'`);
      }
      else return doc.fail(r, `route in routeDistribution '${id}'`, 'edges', 'expected edges or refId');
      this.routes.set(rid, route);
      return { route, probability: doc.num(r, `route '${rid}'`, 'probability', 1, { min: 0 }) };
    });
    if (typeof el.routes === 'string') {
      // routes listed by id (defined before), weighed by `probabilities` (default 1 each)
      const ids = el.routes.trim().split(/\s+/);
      const probs = this.probabilityList(doc, el, `routeDistribution '${id}'`, ids.length);
      ids.forEach((rid, k) => {
        if (rid === id) doc.fail(el, `routeDistribution '${id}'`, 'routes', 'a distribution cannot contain itself', String(el.routes));
        const gap = this.brokenRoutes.get(rid);
        if (gap !== undefined) throw new RouteGap(gap);
        const route =
          this.routes.get(rid) ??
          doc.fail(el, `routeDistribution '${id}'`, 'routes', `unknown route '${rid}' (routes must be defined before use)`, String(el.routes));
        members.push({ route, probability: probs?.[k] ?? 1 });
      });
    }
    if (members.length === 0) doc.fail(el, `routeDistribution '${id}'`, undefined, 'expected at least one <route> or a routes list');
    this.routeDists.set(id, { id, routes: members });
    return id;
  }

  /** The `probabilities` list of a distribution (one non-negative number per listed member), or undefined when absent. */
  private probabilityList(doc: XmlDocument, el: XmlElement, what: string, n: number): number[] | undefined {
    if (typeof el.probabilities !== 'string') return undefined;
    const probs = el.probabilities.trim().split(/\s+/).map(Number);
    if (probs.length !== n || probs.some((p) => !Number.isFinite(p) || p < 0))
      doc.fail(el, what, 'probabilities', `expected ${n} non-negative numbers, one per listed member`, el.probabilities);
    return probs;
  }

  private resolveEdges(doc: XmlDocument, el: XmlElement, what: string): string[] {
    const edges = doc.str(el, what, 'edges').trim().split(/\s+/);
    const idx = edges.map(
      (e) => this.roadIx.get(e) ?? doc.fail(el, what, 'edges', `unknown edge '${e}' (or an edge for pedestrians, bicycles or rail only)`, edges.join(' ')),
    );
    const out: number[] = [idx[0] ?? 0];
    for (let i = 1; i < idx.length; i++) {
      const a = idx[i - 1] ?? 0;
      const b = idx[i] ?? 0;
      if ((this.net.roadNext[a] ?? []).includes(b)) out.push(b);
      else if (this.routing.ignoreRouteErrors) throw new RouteGap(`${what}: no connection from edge '${edges[i - 1]}' to edge '${edges[i]}'`);
      else doc.fail(el, what, 'edges', `no connection from edge '${edges[i - 1]}' to edge '${edges[i]}'`, edges.join(' '));
    }
    return repeatEdges(doc, el, what, out, this.net).map((r) => this.net.roads[r]?.id ?? '');
  }

  /** The route of a vehicle, trip or flow: nested, by id (route or distribution), or from/to/via edges. */
  private routeOf(doc: XmlDocument, el: XmlElement, what: string): RouteRef {
    const nested = doc.children(el, 'route')[0];
    const rw = `route of ${what}`;
    if (nested) return { route: this.resolveEdges(doc, nested, rw), stops: repeatStops(doc, nested, rw, this.stops.read(doc, nested, rw)) };
    const nestedDist = doc.children(el, 'routeDistribution')[0];
    if (nestedDist) return { routeDistribution: this.readRouteDist(doc, nestedDist, `${what} routes`) };
    if (typeof el.route === 'string') {
      const gap = this.brokenRoutes.get(el.route);
      if (gap !== undefined) throw new RouteGap(gap);
      const r = this.routes.get(el.route);
      if (r) return { route: r, stops: this.routeStops.get(el.route) ?? [] };
      if (this.routeDists.has(el.route)) return { routeDistribution: el.route };
      return doc.fail(el, what, 'route', `unknown route '${el.route}' (routes must be defined before use)`);
    }
    if (SumoZones.names(el)) return this.zones.trip(doc, el, what, this.classOf(el));
    if (typeof el.from === 'string' || typeof el.to === 'string') {
      const from = doc.str(el, what, 'from');
      const to = doc.str(el, what, 'to');
      const via = typeof el.via === 'string' ? el.via.trim().split(/\s+/) : [];
      const stops = [from, ...via, to].map(
        (e) => this.roadIx.get(e) ?? doc.fail(el, what, e === from ? 'from' : e === to ? 'to' : 'via', `unknown edge '${e}'`),
      );
      const cls = this.classOf(el);
      const r = this.router.routeVia(stops, undefined, cls);
      if (!Array.isArray(r)) return doc.fail(el, what, 'to', `no path from '${from}' to '${to}'${via.length ? ` via ${via.join(' ')}` : ''}`);
      if (this.routing.randomFactor > 1) return this.disturbedRoutes(stops, what.startsWith('flow') ? ROUTING_SAMPLES : 1, what, cls);
      // SUMO routes the trip again when it departs (so does the engine), leg by leg through its via edges but its departure/arrival edge
      const legs = via.filter((e) => e !== from && e !== to);
      return { route: r.map((k) => this.net.roads[k]?.id ?? ''), trip: true, ...(legs.length ? { via: legs } : {}) };
    }
    if (doc.children(el, 'stop').length) return { route: [] }; // given by its stops only: routed through them in withStops
    return doc.fail(el, what, 'route', 'expected a route (attribute or nested <route>), from/to edges, fromTaz/toTaz, fromJunction/toJunction or stops');
  }

  /**
   * SUMO's `weights.random-factor`: each routing query multiplies every road's travel time by a factor
   * drawn from [1, f). A trip gets one such route; a flow, whose drivers SUMO routes one by one, gets a
   * distribution of `n` of them (each drawn route weighs by how often it came out).
   */
  private disturbedRoutes(stops: readonly number[], n: number, what: string, cls: string): RouteRef {
    const f = this.routing.randomFactor;
    const cost = new Float64Array(this.net.roadTime.length);
    const counts = new Map<string, { route: string[]; n: number }>();
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < cost.length; i++) cost[i] = (this.net.roadTime[i] ?? 0) * this.rng.uniform(1, f);
      const r = this.router.routeVia(stops, cost, cls);
      if (!Array.isArray(r)) continue;
      const route = r.map((x) => this.net.roads[x]?.id ?? '');
      const key = route.join(' ');
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { route, n: 1 });
    }
    const all = [...counts.values()];
    if (all.length === 1 || n === 1) return { route: all[0]?.route ?? [] };
    const id = `${what} (weights.random-factor ${f})`;
    this.routeDists.set(id, { id, routes: all.map((c) => ({ route: c.route, probability: c.n / n })) });
    return { routeDistribution: id };
  }

  /** The vehicle class a vehicle or flow is routed for: its vType's (a distribution's first member's); SUMO's default passenger. */
  private classOf(el: XmlElement): string {
    const t = typeof el.type === 'string' ? el.type : 'DEFAULT_VEHTYPE';
    const type = this.types.get(t) ?? this.types.get(this.typeDists.get(t)?.types[0]?.type ?? '');
    return type?.vClass ?? BUILTIN_VTYPES[t] ?? 'passenger';
  }

  /**
   * SUMO's check at departure: a vehicle whose class may use no lane of its first edge cannot depart
   * ("not allowed to depart on any lane of edge") and stops the run; tsgym refuses the file at import.
   */
  private checkDepartEdge(doc: XmlDocument, el: XmlElement, what: string, ref: RouteRef): void {
    const first = 'route' in ref ? ref.route[0] : undefined;
    const road = first === undefined ? undefined : this.net.roads[this.roadIx.get(first) ?? -1];
    if (!road) return;
    const cls = this.classOf(el);
    if (cls === 'ignoring' || road.lanes.some((l) => l.allow === undefined || l.allow.includes(cls))) return;
    doc.fail(el, what, 'type', `vehicle class '${cls}' may use no lane of edge '${road.id}', its first (SUMO: not allowed to depart on any lane)`, el.type);
  }

  /** The departure attributes, a lane index counted on the first edge of every route the driver may take. */
  private departure(doc: XmlDocument, el: XmlElement, what: string, ref: RouteRef): ReturnType<typeof readDeparture> {
    const starts = 'route' in ref ? [ref.route[0]] : (this.routeDists.get(ref.routeDistribution)?.routes ?? []).map((m) => m.route[0]);
    return keptDepartLane(doc, el, what, readDeparture(doc, el, what, this.log), starts, this.net);
  }

  private typeOf(doc: XmlDocument, el: XmlElement, what: string): string | undefined {
    const t = typeof el.type === 'string' ? el.type : undefined;
    if (t === undefined || t === 'DEFAULT_VEHTYPE') {
      // a vTypeDistribution named DEFAULT_VEHTYPE replaces SUMO's default type
      if (this.typeDists.has('DEFAULT_VEHTYPE') && !this.types.has('DEFAULT_VEHTYPE')) return 'DEFAULT_VEHTYPE';
      this.defaultUsed = true;
      return undefined;
    }
    if (this.types.has(t) || this.typeDists.has(t)) return t;
    if (BUILTIN_VTYPES[t] !== undefined) {
      this.types.set(t, defaultVType(t, this.routing.typeDefaults));
      return t;
    }
    return doc.fail(el, what, 'type', `unknown vType '${t}' (types must be defined before use)`);
  }

  /** A route reference with the route's stops followed by the element's own, as the spec takes them. */
  private withStops(doc: XmlDocument, el: XmlElement, what: string, ref: RouteRef): RouteRef & { stops?: StopIn[] } {
    const own = this.stops.read(doc, el, what);
    if (!('route' in ref)) {
      if (own.length) doc.fail(el, what, 'route', 'stops need a fixed route (not a route distribution)');
      return ref;
    }
    const stops = [...(ref.stops ?? []), ...own];
    // a trip with stops keeps the route found at import (it passes its stops' roads); one given by its stops only takes the fastest through them
    if (ref.route.length === 0) return { route: routeThroughStops(doc, el, what, stops, this.router, this.roadIx, this.classOf(el), this.net), stops };
    if (stops.length) return { route: ref.route, stops };
    return {
      route: ref.route,
      ...(ref.trip ? { trip: true } : {}),
      ...(ref.trip && ref.fromRoads ? { fromRoads: ref.fromRoads } : {}),
      ...(ref.trip && ref.toRoads ? { toRoads: ref.toRoads } : {}),
      ...(ref.trip && ref.via ? { via: ref.via } : {}),
    };
  }

  private readVehicle(doc: XmlDocument, el: XmlElement, tag: 'vehicle' | 'trip'): void {
    const id = doc.str(el, tag, 'id');
    const what = `${tag} '${id}'`;
    const depart = el.depart;
    if (depart === 'triggered' || depart === 'containerTriggered' || depart === 'split') {
      const key = `dep:${String(depart)}`;
      this.log.warn(doc.file, `${tag} depart '${String(depart)}'`, 'left out (no persons or containers)', { key, line: doc.lineOf(el) });
      return;
    }
    const t = depart === 'begin' ? this.begin : doc.num(el, what, 'depart', undefined, { min: 0 });
    const type = withSpeedFactor(doc, el, what, this.typeOf(doc, el, what), this.types, this.routing.typeDefaults ?? {}, this.log);
    const route = this.withStops(doc, el, what, this.routeOf(doc, el, what));
    this.checkDepartEdge(doc, el, what, route);
    const vehicle = { id, depart: t, ...route, ...(type !== undefined ? { type } : {}), ...this.departure(doc, el, what, route) };
    // SUMO drops a vehicle departing before begin unbuilt, so it does not count for `scale`
    if (t < this.begin) this.vehicles.push(vehicle);
    else this.vehicles.push(...this.scaler.copies(vehicle));
  }

  private readFlow(doc: XmlDocument, el: XmlElement, defaults: FlowDefaults = {}): void {
    const id = doc.str(el, 'flow', 'id');
    const what = `flow '${id}'`;
    const begin = doc.num(el, what, 'begin', defaults.begin ?? this.begin, { min: 0 });
    let end: number | undefined = el.end === undefined ? defaults.end : doc.num(el, what, 'end', undefined, { min: 0 });
    const number = el.number === undefined ? undefined : doc.num(el, what, 'number', undefined, { min: 0 });
    let vehPerHour: number;
    let insertion: FlowIn['insertion'] = 'uniform';
    if (el.vehsPerHour !== undefined) vehPerHour = msSpacing(3600 / doc.num(el, what, 'vehsPerHour', undefined, { min: 0 }));
    else if (typeof el.period === 'string' && /^exp\(/.test(el.period)) {
      const rate = Number(/^exp\(\s*([^)]+)\)$/.exec(el.period)?.[1]);
      if (!Number.isFinite(rate) || rate <= 0) doc.fail(el, what, 'period', "expected 'exp(RATE)' with a positive rate per second", el.period);
      vehPerHour = rate * 3600;
      // SUMO draws each headway and inserts the driver at the first step at or after its time
      insertion = 'exponential';
    } else if (el.period !== undefined) vehPerHour = msSpacing(doc.num(el, what, 'period', undefined, { positive: true }));
    else if (el.probability !== undefined) {
      const p = doc.num(el, what, 'probability', undefined, { min: 0 });
      if (p > 1) doc.fail(el, what, 'probability', 'expected a probability per second in [0, 1]', el.probability);
      vehPerHour = p * 3600;
      // SUMO: one trial per step with the probability times the step length, at most one driver per step
      insertion = 'bernoulli';
    } else if (number !== undefined && end !== undefined) {
      vehPerHour = end > begin && number > 0 ? 3_600_000 / Math.floor(Math.round((end - begin) * 1000) / number) : 0;
    } else return doc.fail(el, what, 'vehsPerHour', 'expected one of vehsPerHour, period, probability, or number with end');
    const scale = this.routing.scale ?? 1;
    if (scale !== 1 && vehPerHour > 0 && insertion === 'uniform') {
      const scaled = scaleUniformFlow(vehPerHour, begin, end, number, scale);
      if (scaled === undefined) return doc.fail(el, what, 'period', `the headway divided by scale ${scale} is under a millisecond`);
      ({ vehPerHour, end } = scaled);
    } else {
      if (scale !== 1 && insertion !== 'bernoulli') vehPerHour *= scale; // random arrivals: SUMO draws headways with the rate x the factor
      // SUMO stops an evenly spaced flow after `number` vehicles even when its end is later
      if (number !== undefined && vehPerHour > 0 && insertion === 'uniform') end = Math.min(end ?? Infinity, begin + (number * 3600) / vehPerHour);
      // random arrivals with a count: the mean time the count (times the factor, as SUMO's scaled count) takes
      else if (number !== undefined && end === undefined && vehPerHour > 0) end = begin + (number * scale * 3600) / vehPerHour;
    }
    if (number !== undefined && insertion !== 'uniform') {
      this.log.warn(doc.file, `${what} 'number' with random arrivals`, 'the count is not enforced: arrivals continue at the mean rate until end', {
        key: 'numpois',
        line: doc.lineOf(el),
      });
    }
    if (end === undefined) end = 86400;
    const route = this.withStops(doc, el, what, this.routeOf(doc, el, what));
    const type = withSpeedFactor(doc, el, what, this.typeOf(doc, el, what), this.types, this.routing.typeDefaults ?? {}, this.log);
    this.checkDepartEdge(doc, el, what, route);
    if (end <= begin || vehPerHour === 0) return;
    const extra = { ...(insertion === 'bernoulli' && scale !== 1 ? { scale } : {}), ...(type !== undefined ? { type } : {}) }; // scale: a quota per success
    this.flows.push({ id, ...route, vehPerHour, begin, end, insertion, ...this.departure(doc, el, what, route), ...extra });
  }
}

/**
 * Reads SUMO demand files (`.rou.xml`, and the vTypes, routes and vehicles of additional files): vTypes
 * with SUMO's per-class defaults and speed-factor distributions, type and route distributions (drawn
 * per vehicle), routes, vehicles, trips (routed by shortest free-flow travel time, as SUMO routes trips
 * without traffic, and marked `trip` so that the engine routes each again when it departs), flows, with
 * their departure and arrival attributes and their stops (at lanes, edges or the stopping places of
 * additional files). Detectors and other additionals are left out with one
 * warning per kind.
 *
 * @example
 * ```ts
 * const demand = parseSumoRoutes([{ text, file: 'a.rou.xml' }], net, log);
 * ```
 */
export function parseSumoRoutes(
  files: readonly { text: string; file: string; root?: 'routes' | 'additional' }[],
  net: NetworkParts,
  log: ImportLog,
  begin = 0,
  routing: DemandOptions = { randomFactor: 1, seed: 0 },
): SumoDemand {
  const reader = new RouteReader(net, log, begin, routing);
  for (const { text, file, root } of files) {
    const doc = new XmlDocument(text, file);
    // SUMO reads additional files by their elements, whatever the root is called
    const kind = root ?? (/<additional[\s>]/.test(text) && !/<routes[\s>]/.test(text) ? 'additional' : 'routes');
    reader.read(doc, root === 'additional' ? doc.anyRoot() : routeFileRoot(doc, kind, log), kind === 'additional');
  }
  const vehicleTypes = [...reader.types.values()];
  if (reader.defaultUsed && !reader.types.has('DEFAULT_VEHTYPE') && !reader.typeDists.has('DEFAULT_VEHTYPE')) {
    vehicleTypes.unshift(defaultVType('DEFAULT_VEHTYPE', routing.typeDefaults));
  }
  return {
    vehicleTypes,
    typeDistributions: [...reader.typeDists.values()],
    routeDistributions: [...reader.routeDists.values()],
    flows: reader.flows,
    vehicles: reader.vehicles,
    parkingAreas: reader.stops.areas,
    stoppingPlaces: reader.stops.stoppingPlaces,
  };
}
