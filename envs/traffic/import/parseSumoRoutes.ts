import type { ImportLog } from './ImportLog.js';
import { ShortestRoute } from './shortestRoute.js';
import type { FlowInput as FlowIn, NetworkParts, VehicleTypeInput as TypeIn } from './NetworkParts.js';
import { XmlDocument, type XmlElement } from './xmlDocument.js';


/**
 * Demand read from SUMO route files.
 *
 * @example
 * ```ts
 * const { vehicleTypes, flows, vehicles } = parseSumoRoutes(files, parts, log);
 * ```
 */
export interface SumoDemand {
  readonly vehicleTypes: TypeIn[];
  readonly flows: FlowIn[];
  /** Number of explicit vehicles and trips read (each becomes a scheduled insertion). */
  readonly vehicles: number;
}

const VTYPE_ATTRS: Record<string, keyof TypeIn> = { length: 'length', minGap: 'minGap', accel: 'accel', decel: 'decel', emergencyDecel: 'emergencyDecel', maxSpeed: 'maxSpeed', tau: 'tau', sigma: 'sigma', speedFactor: 'speedFactor', delta: 'delta' };
const VTYPE_KNOWN = new Set(['id', 'vClass', 'color', 'guiShape', 'speedDev', 'carFollowModel', 'probability', 'laneChangeModel', 'imgFile', 'width', 'height', 'apparentDecel', 'personCapacity', ...Object.keys(VTYPE_ATTRS)]);
const SKIPPED = ['person', 'personFlow', 'container', 'containerFlow', 'interval', 'include'];

/**
 * Reads SUMO route files (`.rou.xml`): vTypes (Krauss/IDM parameters), routes, vehicles, trips
 * (`from`/`to`/`via` resolved by shortest free-flow travel time, as duarouter) and flows
 * (`vehsPerHour`/`period` = evenly spaced, `period="exp(r)"` and `probability` = random arrivals,
 * `number`). Explicit vehicles become scheduled insertions that keep their `departLane`/`departSpeed`
 * (SUMO's defaults: lane 0 at speed 0).
 *
 * @example
 * ```ts
 * const demand = parseSumoRoutes([{ text, file: 'a.rou.xml' }], net, log);
 * ```
 */
export function parseSumoRoutes(files: readonly { text: string; file: string }[], net: NetworkParts, log: ImportLog): SumoDemand {
  const roadIx = new Map(net.roads.map((r, i) => [r.id, i] as const));
  const router = new ShortestRoute(net.roads.map((r) => r.id), net.roadTime, net.roadNext);
  const types = new Map<string, TypeIn>();
  const typeDist = new Map<string, string>();
  const routes = new Map<string, string[]>();
  const routeDist = new Map<string, string[]>();
  const flows: FlowIn[] = [];
  const scheduled = new Map<string, FlowIn & { times: number[] }>();
  let vehicles = 0;
  const defaultTypeUsed = { used: false };

  for (const { text, file } of files) {
    const doc = new XmlDocument(text, file);
    const root = doc.root('routes');
    for (const tag of SKIPPED) {
      const els = doc.children(root, tag);
      if (els.length) log.warn(file, `<${tag}> (${els.length})`, tag === 'include' ? 'includes are not followed' : 'persons and containers are not modelled: left out', { line: doc.lineOf(els[0] as XmlElement) });
    }
    const readType = (el: XmlElement): TypeIn => {
      const id = doc.str(el, 'vType', 'id');
      const what = `vType '${id}'`;
      const t: Record<string, unknown> = { id };
      for (const [attr, key] of Object.entries(VTYPE_ATTRS)) if (el[attr] !== undefined) t[key] = doc.num(el, what, attr, undefined, attr === 'sigma' || attr === 'minGap' ? { min: 0 } : { positive: true });
      if (typeof t.sigma === 'number' && t.sigma > 1) doc.fail(el, what, 'sigma', 'expected a number in [0, 1]', el.sigma);
      const model = typeof el.carFollowModel === 'string' ? el.carFollowModel : 'Krauss';
      if (model !== 'Krauss' && model !== 'IDM') log.warn(file, `${what} carFollowModel '${model}'`, "tsgym drives it with the env's car-following model (Krauss or IDM)", { line: doc.lineOf(el) });
      const dev = el.speedDev === undefined ? 0.1 : doc.num(el, what, 'speedDev', undefined, { min: 0 });
      if (dev > 0) log.warn(file, `${what} speedDev ${dev}${el.speedDev === undefined ? ' (SUMO default)' : ''}`, 'every vehicle drives at exactly speedFactor times the limit (no per-vehicle spread); set speedDev="0" for a like-for-like comparison', { line: doc.lineOf(el) });
      if (typeof el.vClass === 'string' && el.vClass !== 'passenger') log.warn(file, `${what} vClass '${el.vClass}'`, 'lane permissions by class are not modelled: drives where passenger cars may', { line: doc.lineOf(el) });
      for (const k of Object.keys(el)) {
        if (!VTYPE_KNOWN.has(k) && !k.startsWith('lc') && !k.startsWith('jm') && !k.startsWith('#') && typeof el[k] === 'string') log.warn(file, `vType attribute '${k}'`, 'not modelled, ignored', { key: `vattr:${k}`, line: doc.lineOf(el) });
      }
      if (doc.children(el, 'param').length || Object.keys(el).some((k) => k.startsWith('carFollowing'))) log.warn(file, `${what} child elements`, 'ignored', { line: doc.lineOf(el) });
      return t as TypeIn;
    };
    const resolveRoute = (el: XmlElement, what: string, edges: string[]): string[] => {
      const idx = edges.map((e) => {
        const r = roadIx.get(e);
        if (r === undefined) doc.fail(el, what, 'edges', `unknown edge '${e}' (or an edge closed to passenger cars)`, edges.join(' '));
        return r;
      });
      const out: number[] = [idx[0] as number];
      for (let i = 1; i < idx.length; i++) {
        const a = idx[i - 1] as number;
        const b = idx[i] as number;
        if ((net.roadNext[a] ?? []).includes(b)) out.push(b);
        else {
          const leg = router.route(a, b);
          if (!leg) return doc.fail(el, what, 'edges', `edge '${edges[i]}' cannot be reached from edge '${edges[i - 1]}'`, edges.join(' '));
          log.warn(file, `${what}: edges '${edges[i - 1]}' and '${edges[i]}' not connected`, 'joined by the shortest path between them', { key: 'gap', line: doc.lineOf(el) });
          out.push(...leg.slice(1));
        }
      }
      return out.map((r) => net.roads[r]?.id ?? '');
    };
    const routeOf = (el: XmlElement, what: string): string[] => {
      const nested = doc.children(el, 'route')[0];
      if (nested) return resolveRoute(nested, `route of ${what}`, doc.str(nested, `route of ${what}`, 'edges').trim().split(/\s+/));
      if (typeof el.route === 'string') {
        const r = routes.get(el.route);
        if (r) return r;
        const d = routeDist.get(el.route);
        if (d?.[0]) {
          log.warn(file, `routeDistribution '${el.route}'`, 'tsgym uses its most probable route for every vehicle', { line: doc.lineOf(el) });
          return routes.get(d[0]) ?? doc.fail(el, what, 'route', `unknown route '${d[0]}'`);
        }
        return doc.fail(el, what, 'route', `unknown route '${el.route}' (routes must be defined before use)`);
      }
      if (typeof el.from === 'string' || typeof el.to === 'string') {
        const from = doc.str(el, what, 'from');
        const to = doc.str(el, what, 'to');
        const via = typeof el.via === 'string' ? el.via.trim().split(/\s+/) : [];
        const stops = [from, ...via, to].map((e) => roadIx.get(e) ?? doc.fail(el, what, e === from ? 'from' : e === to ? 'to' : 'via', `unknown edge '${e}'`));
        const r = router.routeVia(stops);
        if (!Array.isArray(r)) return doc.fail(el, what, 'to', `no path from '${from}' to '${to}'${via.length ? ` via ${via.join(' ')}` : ''}`);
        return r.map((k) => net.roads[k]?.id ?? '');
      }
      if (typeof el.fromTaz === 'string' || typeof el.fromJunction === 'string') return doc.fail(el, what, el.fromTaz ? 'fromTaz' : 'fromJunction', 'TAZ/junction origins are not supported: give from/to edges or a route');
      return doc.fail(el, what, 'route', 'expected a route (attribute or nested <route>) or from/to edges');
    };
    const typeOf = (el: XmlElement, what: string): string | undefined => {
      const t = typeof el.type === 'string' ? el.type : undefined;
      if (t === undefined || t === 'DEFAULT_VEHTYPE') {
        defaultTypeUsed.used = true;
        return t;
      }
      if (types.has(t)) return t;
      const d = typeDist.get(t);
      if (d) {
        log.warn(file, `vTypeDistribution '${t}'`, 'tsgym gives every vehicle its most probable vType', { line: doc.lineOf(el) });
        return d;
      }
      return doc.fail(el, what, 'type', `unknown vType '${t}' (types must be defined before use)`);
    };
    const departLane = (el: XmlElement, what: string): FlowIn['departLane'] => {
      const v = typeof el.departLane === 'string' ? el.departLane : 'first';
      if (v === 'best' || v === 'free' || v === 'allowed') return 'best';
      if (v === 'random') return 'random';
      if (v === 'first') return 0;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) {
        log.warn(file, `${what} departLane '${v}'`, "inserted on the 'best' lane", { key: `dl:${v}`, line: doc.lineOf(el) });
        return 'best';
      }
      return n;
    };
    const departSpeed = (el: XmlElement, what: string): FlowIn['departSpeed'] => {
      const v = typeof el.departSpeed === 'string' ? el.departSpeed : '0';
      if (v === 'max' || v === 'desired' || v === 'speedLimit') return 'max';
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) {
        log.warn(file, `${what} departSpeed '${v}'`, "inserted at the highest safe speed ('max')", { key: `ds:${v}`, line: doc.lineOf(el) });
        return 'max';
      }
      return n;
    };
    const extras = (el: XmlElement, what: string): void => {
      for (const k of ['departPos', 'arrivalPos', 'arrivalLane', 'arrivalSpeed', 'departPosLat']) {
        if (el[k] !== undefined) log.warn(file, `${what.split(' ')[0]} attribute '${k}'`, k === 'departPos' ? 'vehicles enter at the start of the lane' : 'vehicles leave at the end of their last road', { key: `x:${k}`, line: doc.lineOf(el) });
      }
      if (doc.children(el, 'stop').length) log.warn(file, `<stop> in ${what}`, 'stops are not modelled: the vehicle drives through', { key: 'stop', line: doc.lineOf(el) });
    };

    for (const el of doc.children(root, 'vType')) {
      const t = readType(el);
      types.set(t.id, t);
    }
    for (const el of doc.children(root, 'vTypeDistribution')) {
      const id = doc.str(el, 'vTypeDistribution', 'id');
      const members = doc.children(el, 'vType').map((v) => {
        const t = readType(v);
        types.set(t.id, t);
        return { id: t.id, p: doc.num(v, `vType '${t.id}'`, 'probability', 1, { min: 0 }) };
      });
      if (typeof el.vTypes === 'string') for (const v of el.vTypes.trim().split(/\s+/)) members.push({ id: v, p: 1 });
      members.sort((a, b) => b.p - a.p);
      if (members[0]) typeDist.set(id, members[0].id);
    }
    for (const el of doc.children(root, 'route')) {
      const id = doc.str(el, 'route', 'id');
      routes.set(id, resolveRoute(el, `route '${id}'`, doc.str(el, `route '${id}'`, 'edges').trim().split(/\s+/)));
    }
    for (const el of doc.children(root, 'routeDistribution')) {
      const id = doc.str(el, 'routeDistribution', 'id');
      const members = doc.children(el, 'route').map((r, k) => {
        const rid = typeof r.id === 'string' ? r.id : `${id}#${k}`;
        if (typeof r.edges === 'string') routes.set(rid, resolveRoute(r, `route '${rid}'`, r.edges.trim().split(/\s+/)));
        else if (typeof r.refId === 'string') routes.set(rid, routes.get(r.refId) ?? doc.fail(r, `route in routeDistribution '${id}'`, 'refId', `unknown route '${r.refId}'`));
        return { id: rid, p: doc.num(r, `route '${rid}'`, 'probability', 1, { min: 0 }) };
      });
      members.sort((a, b) => b.p - a.p);
      routeDist.set(id, members.map((m) => m.id));
    }
    for (const tag of ['vehicle', 'trip'] as const) {
      for (const el of doc.children(root, tag)) {
        const id = doc.str(el, tag, 'id');
        const what = `${tag} '${id}'`;
        const depart = el.depart;
        if (depart === 'triggered' || depart === 'containerTriggered' || depart === 'begin' || depart === 'split') {
          log.warn(file, `${tag} depart '${String(depart)}'`, depart === 'begin' ? 'departs at 0' : 'left out (no persons or containers)', { key: `dep:${String(depart)}`, line: doc.lineOf(el) });
          if (depart !== 'begin') continue;
        }
        const t = depart === 'begin' ? 0 : doc.num(el, what, 'depart', undefined, { min: 0 });
        const route = routeOf(el, what);
        const type = typeOf(el, what);
        const lane = departLane(el, what);
        const speed = departSpeed(el, what);
        extras(el, what);
        const key = `${route.join(' ')}|${type ?? ''}|${String(lane)}|${String(speed)}`;
        const f = scheduled.get(key) ?? { id: `vehicles#${scheduled.size}`, route, vehPerHour: 0, insertion: 'scheduled', times: [], departLane: lane, departSpeed: speed, ...(type !== undefined ? { type } : {}) };
        scheduled.set(key, f);
        f.times.push(t);
        vehicles++;
      }
    }
    for (const el of doc.children(root, 'flow')) {
      const id = doc.str(el, 'flow', 'id');
      const what = `flow '${id}'`;
      const begin = doc.num(el, what, 'begin', 0, { min: 0 });
      let end: number | undefined = el.end === undefined ? undefined : doc.num(el, what, 'end', undefined, { min: 0 });
      const number = el.number === undefined ? undefined : doc.num(el, what, 'number', undefined, { min: 0 });
      let vehPerHour: number;
      let insertion: FlowIn['insertion'] = 'uniform';
      if (el.vehsPerHour !== undefined) vehPerHour = doc.num(el, what, 'vehsPerHour', undefined, { min: 0 });
      else if (typeof el.period === 'string' && /^exp\(/.test(el.period)) {
        const m = /^exp\(\s*([^)]+)\)$/.exec(el.period);
        const rate = m ? Number(m[1]) : Number.NaN;
        if (!Number.isFinite(rate) || rate <= 0) doc.fail(el, what, 'period', "expected 'exp(RATE)' with a positive rate per second", el.period);
        vehPerHour = rate * 3600;
        insertion = 'poisson';
      } else if (el.period !== undefined) vehPerHour = 3600 / doc.num(el, what, 'period', undefined, { positive: true });
      else if (el.probability !== undefined) {
        const p = doc.num(el, what, 'probability', undefined, { min: 0 });
        if (p > 1) doc.fail(el, what, 'probability', 'expected a probability per second in [0, 1]', el.probability);
        vehPerHour = p * 3600;
        insertion = 'poisson';
        log.warn(file, `flow 'probability'`, 'one Bernoulli trial per second approximated by Poisson arrivals of the same mean rate', { key: 'prob', line: doc.lineOf(el) });
      } else if (number !== undefined && end !== undefined) vehPerHour = end > begin ? (number * 3600) / (end - begin) : 0;
      else return doc.fail(el, what, 'vehsPerHour', 'expected one of vehsPerHour, period, probability, or number with end');
      if (number !== undefined && end === undefined && vehPerHour > 0) end = begin + (number * 3600) / vehPerHour;
      if (number !== undefined && end !== undefined && insertion === 'poisson') log.warn(file, `${what} 'number' with random arrivals`, 'the count is not enforced: arrivals continue at the mean rate until end', { key: 'numpois', line: doc.lineOf(el) });
      if (end === undefined) end = 86400;
      const route = routeOf(el, what);
      const type = typeOf(el, what);
      extras(el, what);
      if (end <= begin || vehPerHour === 0) continue;
      flows.push({ id, route, vehPerHour, begin, end, insertion, departLane: departLane(el, what), departSpeed: departSpeed(el, what), ...(type !== undefined ? { type } : {}) });
    }
  }
  if (defaultTypeUsed.used && !types.has('DEFAULT_VEHTYPE')) {
    log.warn('(routes)', "vehicles of SUMO's default vType", 'SUMO draws each speedFactor from N(1, 0.1); tsgym uses 1 for every vehicle', { key: 'defvt' });
  }
  return { vehicleTypes: [...types.values()], flows: [...flows, ...scheduled.values()], vehicles };
}
