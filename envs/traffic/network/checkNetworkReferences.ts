import { conflictLists, connectionsConflict } from './movementConflicts.js';
import type { NetworkBase } from './NetworkSpec.js';
import type { StopSpec } from './DemandSpec.js';

/** Reports one problem at a field path. */
export type Report = (message: string, path: (string | number)[]) => void;

interface Index {
  readonly nodes: Map<string, number>;
  readonly roads: Map<string, number>;
  readonly types: Set<string>;
  readonly typeDists: Set<string>;
  readonly routeDists: Set<string>;
  /** `from>to` for every pair of roads joined by a connection. */
  readonly linked: Set<string>;
}

function checkRoute(route: readonly string[], ix: Index, path: (string | number)[], report: Report): void {
  route.forEach((r, i) => {
    if (!ix.roads.has(r)) report(`unknown road '${r}'`, [...path, i]);
    else if (i > 0 && !ix.linked.has(`${route[i - 1]}>${r}`)) report(`no connection from road '${route[i - 1]}' to road '${r}'`, [...path, i]);
  });
}

function indexNodesRoads(net: NetworkBase, report: Report): Pick<Index, 'nodes' | 'roads'> {
  const nodes = new Map<string, number>();
  net.nodes.forEach((n, i) => (nodes.has(n.id) ? report(`duplicate node id '${n.id}'`, ['nodes', i, 'id']) : nodes.set(n.id, i)));
  const roads = new Map<string, number>();
  net.roads.forEach((r, i) => {
    if (roads.has(r.id)) report(`duplicate road id '${r.id}'`, ['roads', i, 'id']);
    else roads.set(r.id, i);
    if (!nodes.has(r.from)) report(`unknown node '${r.from}'`, ['roads', i, 'from']);
    if (!nodes.has(r.to)) report(`unknown node '${r.to}'`, ['roads', i, 'to']);
    if (r.from === r.to) report(`road starts and ends at the same node '${r.from}'`, ['roads', i, 'to']);
  });
  return { nodes, roads };
}

/** Checks connections; returns the linked road pairs and whether all connections are well formed. */
function checkConnections(net: NetworkBase, roads: Map<string, number>, report: Report): { linked: Set<string>; ok: boolean } {
  const linked = new Set<string>();
  const seen = new Set<string>();
  let ok = true;
  const nc = net.connections.length;
  const nodeOf = (c: number): string | undefined => net.roads[roads.get(net.connections[c]?.from ?? '') ?? -1]?.to;
  net.connections.forEach((c, i) => {
    const p = ['connections', i];
    const rin = net.roads[roads.get(c.from) ?? -1];
    const rout = net.roads[roads.get(c.to) ?? -1];
    if (!rin) report(`lane points from a missing road '${c.from}'`, [...p, 'from']);
    if (!rout) report(`lane points to a missing road '${c.to}'`, [...p, 'to']);
    if (!rin || !rout) return void (ok = false);
    if (rin.to !== rout.from) {
      ok = false;
      return report(`road '${c.from}' ends at node '${rin.to}' but road '${c.to}' starts at node '${rout.from}'`, [...p, 'to']);
    }
    if (c.fromLane >= rin.lanes.length) report(`road '${c.from}' has ${rin.lanes.length} lane(s), got lane ${c.fromLane}`, [...p, 'fromLane']);
    if (c.toLane >= rout.lanes.length) report(`road '${c.to}' has ${rout.lanes.length} lane(s), got lane ${c.toLane}`, [...p, 'toLane']);
    const mv = rin.lanes[c.fromLane]?.movements;
    if (mv && !mv.includes(c.dir)) report(`lane ${c.fromLane} of road '${c.from}' allows movements [${mv.join(',')}], not '${c.dir}'`, [...p, 'dir']);
    const key = `${c.from}/${c.fromLane}>${c.to}/${c.toLane}`;
    if (seen.has(key)) report(`duplicate connection ${key}`, p);
    seen.add(key);
    linked.add(`${c.from}>${c.to}`);
    const lists: ['foes' | 'response' | 'internalResponse', readonly number[] | undefined][] = [
      ['foes', c.foes],
      ['response', c.response],
      ['internalResponse', c.internalResponse],
    ];
    for (const [key2, list] of lists) {
      list?.forEach((f, k) => {
        if (f >= nc) report(`connection ${f} does not exist (${nc} connections)`, [...p, key2, k]);
        else if (f === i) report('a connection cannot be its own foe', [...p, key2, k]);
        else if (nodeOf(f) !== rin.to) report(`connection ${f} passes node '${String(nodeOf(f))}', not '${rin.to}'`, [...p, key2, k]);
      });
    }
    if ((c.internalResponse || c.internalFoes) && (c.via?.length ?? 0) < 2) {
      report('internalResponse/internalFoes need two via lanes (an internal junction)', [...p, 'via']);
    }
    c.internalFoes?.forEach(([f, k], j) => {
      const fc = net.connections[f];
      if (!fc) report(`connection ${f} does not exist (${nc} connections)`, [...p, 'internalFoes', j]);
      else if (k >= (fc.via?.length ?? 1)) report(`connection ${f} has ${fc.via?.length ?? 1} internal lane(s), got index ${k}`, [...p, 'internalFoes', j]);
    });
  });
  return { linked, ok };
}

function checkSignals(net: NetworkBase, nodes: Map<string, number>, roads: Map<string, number>, connsOk: boolean, report: Report): void {
  const conflicts = connsOk ? conflictLists(net) : undefined;
  const nc = net.connections.length;
  const signalled = new Set<string>();
  net.signals.forEach((s, si) => {
    const node = net.nodes[nodes.get(s.node) ?? -1];
    if (!node) return report(`unknown node '${s.node}'`, ['signals', si, 'node']);
    if (node.type !== 'signalized') report(`node '${s.node}' is ${node.type}, not signalized`, ['signals', si, 'node']);
    if (signalled.has(s.node)) report(`node '${s.node}' has a second signal program`, ['signals', si, 'node']);
    signalled.add(s.node);
    s.phases.forEach((ph, pi) => {
      const p = ['signals', si, 'phases', pi];
      const lists: [string, number[]][] = [['protected', ph.protected], ['permitted', ph.permitted]];
      for (const [key, list] of lists) {
        list.forEach((c, k) => {
          const con = net.connections[c];
          if (!con) return report(`connection ${c} does not exist (${nc} connections)`, [...p, key, k]);
          const r = net.roads[roads.get(con.from) ?? -1];
          if (r && r.to !== s.node) report(`connection ${c} passes node '${r.to}', not '${s.node}'`, [...p, key, k]);
        });
      }
      ph.permitted.forEach((c, k) => ph.protected.includes(c) && report(`connection ${c} is both protected and permitted`, [...p, 'permitted', k]));
      if (conflicts) checkProtected(net, ph.protected, conflicts, p, report);
      const minG = ph.minGreen ?? Math.min(5, ph.duration);
      const maxG = ph.maxGreen ?? Math.max(60, ph.duration);
      if (minG > maxG) report(`impossible timing: minGreen ${minG} s > maxGreen ${maxG} s`, [...p, 'minGreen']);
      if (ph.duration < minG) report(`impossible timing: duration ${ph.duration} s < minGreen ${minG} s`, [...p, 'duration']);
      if (ph.duration > maxG) report(`impossible timing: duration ${ph.duration} s > maxGreen ${maxG} s`, [...p, 'duration']);
    });
  });
  net.nodes.forEach((n, i) => {
    if (n.type === 'signalized' && !signalled.has(n.id)) report(`signalized node '${n.id}' has no signal program in signals`, ['nodes', i, 'type']);
  });
}

function checkProtected(
  net: NetworkBase,
  prot: readonly number[],
  conflicts: { start: Int32Array; foes: Int32Array },
  p: (string | number)[],
  report: Report,
): void {
  const nc = net.connections.length;
  for (let a = 0; a < prot.length; a++) {
    for (let b = a + 1; b < prot.length; b++) {
      const ca = prot[a] ?? 0;
      const cb = prot[b] ?? 0;
      if (ca < nc && cb < nc && connectionsConflict(conflicts, ca, cb)) {
        report(
          `conflicting protected movements: connection ${ca} (${desc(net, ca)}) crosses or merges with connection ${cb} (${desc(net, cb)})`,
          [...p, 'protected', b],
        );
      }
    }
  }
}

function checkDeparture(
  net: NetworkBase,
  ix: Index,
  d: { type?: string | undefined; departLane: unknown; route?: readonly string[] | undefined; routeDistribution?: string | undefined },
  first: string | undefined,
  p: (string | number)[],
  report: Report,
): void {
  if (d.type !== undefined && !ix.types.has(d.type) && !ix.typeDists.has(d.type)) {
    report(`unknown vehicle type or type distribution '${d.type}'`, [...p, 'type']);
  }
  if (d.route) checkRoute(d.route, ix, [...p, 'route'], report);
  if (d.routeDistribution !== undefined && !ix.routeDists.has(d.routeDistribution)) {
    report(`unknown route distribution '${d.routeDistribution}'`, [...p, 'routeDistribution']);
  }
  const r0 = first === undefined ? undefined : net.roads[ix.roads.get(first) ?? -1];
  if (typeof d.departLane === 'number' && r0 && d.departLane >= r0.lanes.length) report(`road '${r0.id}' has ${r0.lanes.length} lane(s)`, [...p, 'departLane']);
}

/** A trip between zones: known roads, a trip with a route that starts on one of `fromRoads` and ends on one of `toRoads`. */
function checkZones(
  ix: Index,
  d: {
    route?: readonly string[] | undefined; trip?: boolean | undefined; fromRoads?: readonly string[] | undefined; toRoads?: readonly string[] | undefined;
    via?: readonly string[] | undefined;
  },
  p: (string | number)[],
  report: Report,
): void {
  if (d.via) {
    const ok = d.trip === true && d.route && !d.fromRoads && !d.toRoads;
    if (!ok) report('only a trip (trip: true, with a route, without zones) passes via roads', [...p, 'via']);
    d.via.forEach((r, k) => !ix.roads.has(r) && report(`unknown road '${r}'`, [...p, 'via', k]));
  }
  for (const key of ['fromRoads', 'toRoads'] as const) {
    const roads = d[key];
    if (!roads) continue;
    if (d.trip !== true || !d.route) {
      report('only a trip (trip: true, with a route) departs from or arrives in a zone', [...p, key]);
      continue;
    }
    roads.forEach((r, k) => !ix.roads.has(r) && report(`unknown road '${r}'`, [...p, key, k]));
    const end = key === 'fromRoads' ? d.route[0] : d.route[d.route.length - 1];
    const which = key === 'fromRoads' ? 'first' : 'last';
    if (end !== undefined && !roads.includes(end)) report(`the route's ${which} road '${end}' is not one of them`, [...p, key]);
  }
}

/** Stops lie on the route, in route order, on an existing lane. */
function checkStops(
  net: NetworkBase,
  ix: Index,
  route: readonly string[] | undefined,
  stops: readonly StopSpec[] | undefined,
  p: (string | number)[],
  report: Report,
): void {
  let from = 0;
  stops?.forEach((s, k) => {
    const at = route ? route.indexOf(s.road, from) : -1;
    if (route && at < 0) report(`stop on road '${s.road}', which is not on the route after the previous stop`, [...p, 'stops', k, 'road']);
    else from = at;
    const road = net.roads[ix.roads.get(s.road) ?? -1];
    if (road && s.lane !== undefined && s.lane >= road.lanes.length) report(`road '${s.road}' has ${road.lanes.length} lane(s)`, [...p, 'stops', k, 'lane']);
    if (s.parkingArea !== undefined) {
      const area = net.demand.parkingAreas.find((a) => a.id === s.parkingArea);
      if (!area) report(`unknown parking area '${s.parkingArea}'`, [...p, 'stops', k, 'parkingArea']);
      else if (area.road !== s.road) report(`parking area '${area.id}' is on road '${area.road}', not '${s.road}'`, [...p, 'stops', k, 'road']);
    }
    if (s.stoppingPlace !== undefined) {
      const place = net.demand.stoppingPlaces.find((a) => a.id === s.stoppingPlace);
      if (!place) report(`unknown stopping place '${s.stoppingPlace}'`, [...p, 'stops', k, 'stoppingPlace']);
      else if (place.road !== s.road) report(`stopping place '${place.id}' is on road '${place.road}', not '${s.road}'`, [...p, 'stops', k, 'road']);
    }
  });
}

/** Parking areas and stopping places lie on an existing lane, with their end after their start, and have unique ids. */
function checkPlaces(net: NetworkBase, ix: Index, report: Report, key: 'parkingAreas' | 'stoppingPlaces'): void {
  const seen = new Set<string>();
  const what = key === 'parkingAreas' ? 'parking area' : 'stopping place';
  net.demand[key].forEach((a, i) => {
    const p = ['demand', key, i];
    if (seen.has(a.id)) report(`duplicate ${what} id '${a.id}'`, [...p, 'id']);
    seen.add(a.id);
    const road = net.roads[ix.roads.get(a.road) ?? -1];
    if (!road) return report(`unknown road '${a.road}'`, [...p, 'road']);
    if (a.lane >= road.lanes.length) return report(`road '${a.road}' has ${road.lanes.length} lane(s)`, [...p, 'lane']);
    // with the lane's length written (else the engine measures its shape and keeps the place inside it)
    const len = road.lanes[a.lane]?.length;
    if (len === undefined) return;
    const at = (x: number): number => (x < 0 ? len + x : x);
    const begin = at(a.startPos);
    const end = at(a.endPos ?? len);
    if (!(begin >= 0 && end <= len + 1e-6 && begin < end)) {
      report(`expected 0 <= startPos < endPos <= ${len} (the lane's length), got ${begin} .. ${end}`, [...p, 'endPos']);
    }
    const departPos = key === 'parkingAreas' ? net.demand.parkingAreas[i]?.departPos : undefined;
    if (departPos !== undefined && departPos > len) report(`expected a position on the lane (0 to ${len} m), got ${departPos}`, [...p, 'departPos']);
  });
}

function checkDemand(net: NetworkBase, ix: Index, report: Report): void {
  const dm = net.demand;
  dm.typeDistributions.forEach((t, i) => {
    if (ix.types.has(t.id)) report(`type distribution '${t.id}' has the id of a vehicle type`, ['demand', 'typeDistributions', i, 'id']);
    t.types.forEach(
      (m, k) =>
        !ix.types.has(m.type) &&
        report(
          `unknown vehicle type '${m.type}'${ix.typeDists.has(m.type) ? ' (a distribution cannot name a distribution)' : ''}`,
          ['demand', 'typeDistributions', i, 'types', k, 'type'],
        ),
    );
    if (t.types.every((m) => m.probability <= 0)) report('probabilities sum to 0', ['demand', 'typeDistributions', i, 'types']);
  });
  dm.routeDistributions.forEach((r, i) => {
    r.routes.forEach((m, k) => checkRoute(m.route, ix, ['demand', 'routeDistributions', i, 'routes', k, 'route'], report));
    if (r.routes.every((m) => m.probability <= 0)) report('probabilities sum to 0', ['demand', 'routeDistributions', i, 'routes']);
  });
  const firstOf = (route?: readonly string[], dist?: string): string | undefined =>
    route?.[0] ?? dm.routeDistributions.find((r) => r.id === dist)?.routes[0]?.route[0];
  dm.flows.forEach((f, i) => {
    const p = ['demand', 'flows', i];
    const n = [f.route, f.routeDistribution, f.origin].filter((x) => x !== undefined).length;
    if (n !== 1) report('expected exactly one of route, routeDistribution or origin', p);
    if (f.origin !== undefined && !ix.roads.has(f.origin)) report(`unknown road '${f.origin}'`, [...p, 'origin']);
    if (f.end !== undefined && f.end <= f.begin) report(`end ${f.end} s must be after begin ${f.begin} s`, [...p, 'end']);
    if (f.insertion === 'scheduled' && !f.times) report('scheduled insertion needs times', [...p, 'times']);
    if (f.insertion !== 'scheduled' && f.times) report(`times are only used with insertion 'scheduled', got '${f.insertion}'`, [...p, 'times']);
    f.profile?.forEach((q, k) => k > 0 && q.t <= (f.profile?.[k - 1]?.t ?? 0) && report('profile times must increase', [...p, 'profile', k, 't']));
    checkDeparture(net, ix, f, firstOf(f.route, f.routeDistribution) ?? f.origin, p, report);
    if (f.stops && f.route === undefined) report('stops need a route (not a routeDistribution or origin)', [...p, 'stops']);
    checkStops(net, ix, f.route, f.stops, p, report);
    checkZones(ix, f, p, report);
  });
  dm.vehicles.forEach((v, i) => {
    const p = ['demand', 'vehicles', i];
    if ((v.route === undefined) === (v.routeDistribution === undefined)) report('expected exactly one of route or routeDistribution', p);
    checkDeparture(net, ix, v, firstOf(v.route, v.routeDistribution), p, report);
    if (v.stops && v.route === undefined) report('stops need a route (not a routeDistribution)', [...p, 'stops']);
    checkStops(net, ix, v.route, v.stops, p, report);
    checkZones(ix, v, p, report);
  });
  checkPlaces(net, ix, report, 'parkingAreas');
  checkPlaces(net, ix, report, 'stoppingPlaces');
  dm.turning.forEach((t, i) => {
    if (!ix.roads.has(t.road)) report(`unknown road '${t.road}'`, ['demand', 'turning', i, 'road']);
    if (t.l + t.s + t.r + t.t <= 0) report('turning ratios sum to 0', ['demand', 'turning', i]);
  });
}

/**
 * The cross-reference checks of a network description: unique ids, roads between known nodes,
 * connections between adjacent roads and existing lanes (with valid right-of-way references), signal
 * programs of signalized nodes without conflicting protected movements or impossible timings, demand
 * along connected roads with known types and distributions.
 *
 * @example
 * ```ts
 * checkNetworkReferences(net, (message, path) => issues.push(`${path.join('.')}: ${message}`));
 * ```
 */
export function checkNetworkReferences(net: NetworkBase, report: Report): void {
  const { nodes, roads } = indexNodesRoads(net, report);
  const types = new Set<string>();
  net.vehicleTypes.forEach((t, i) => (types.has(t.id) ? report(`duplicate vehicle type '${t.id}'`, ['vehicleTypes', i, 'id']) : types.add(t.id)));
  net.vehicleTypes.forEach(
    (t, i) =>
      t.speedFactorMin > t.speedFactorMax &&
      report(`speedFactorMin ${t.speedFactorMin} > speedFactorMax ${t.speedFactorMax}`, ['vehicleTypes', i, 'speedFactorMin']),
  );
  const { linked, ok } = checkConnections(net, roads, report);
  checkSignals(net, nodes, roads, ok, report);
  const typeDists = new Set(net.demand.typeDistributions.map((t) => t.id));
  const routeDists = new Set(net.demand.routeDistributions.map((r) => r.id));
  checkDemand(net, { nodes, roads, types, typeDists, routeDists, linked }, report);
}

function desc(net: NetworkBase, c: number): string {
  const con = net.connections[c];
  return con ? `${con.from}/${con.fromLane} -> ${con.to}/${con.toLane} '${con.dir}'` : '?';
}
