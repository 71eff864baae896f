import { z } from 'zod';
import { parseConfig } from '../../../src/core/parseConfig.js';
import { conflictLists, connectionsConflict } from './movementConflicts.js';

/*
 * The network description: plain JSON, validated by zod, consumed by the engine (compileNetwork) and
 * produced by the scenario builders and the SUMO/CityFlow importers. Units: metres, seconds, m/s, veh/h.
 * Lane 0 is the rightmost lane (as SUMO). Ids are strings here and integers inside the engine.
 */

const id = z.string().min(1, 'expected a non-empty id');
const point = z.tuple([z.number(), z.number()]);
const shape = z.array(point).min(2, 'expected at least 2 points');
const nonneg = z.number().nonnegative();

/** Movement directions: left, straight (through), right, turn-around (U-turn). */
export const DIRECTIONS = ['l', 's', 'r', 't'] as const;
/** A movement direction (`l` left, `s` straight, `r` right, `t` U-turn). */
export type Direction = (typeof DIRECTIONS)[number];

/** A node: `signalized` (has a signal program), `priority` (unsignalized, minor roads yield) or `boundary` (where vehicles enter and leave). */
export const NodeSpecSchema = z
  .object({
    id,
    type: z.enum(['signalized', 'priority', 'boundary']),
    x: z.number(),
    y: z.number(),
    /** Distance from the node centre to where roads end when they have no shape (default 0 for boundary, 12 m otherwise). */
    radius: nonneg.optional(),
  })
  .strict();

/** One lane of a road. Index = position in `lanes`, 0 = rightmost. */
export const LaneSpecSchema = z
  .object({
    /** Speed limit (m/s); defaults to the road's. */
    speed: z.number().positive().optional(),
    /** Length (m); defaults to the length of `shape` (or of the road). */
    length: z.number().positive().optional(),
    width: z.number().positive().default(3.2),
    /** Movements this lane may take; defaults to those of its connections. */
    movements: z.array(z.enum(DIRECTIONS)).optional(),
    /** Centre line of the lane; defaults to the road shape offset to the right by the lane's position. */
    shape: shape.optional(),
  })
  .strict();

/** A directed road (edge) from one node to another, with its lanes. */
export const RoadSpecSchema = z
  .object({
    id,
    from: id,
    to: id,
    lanes: z.array(LaneSpecSchema).min(1, 'expected at least one lane'),
    /** Speed limit (m/s) of every lane without its own (default 13.89 = 50 km/h). */
    speed: z.number().positive().default(13.89),
    /** Reference line: the left edge of the road (the centre line of a two-way street), in driving direction. Default: node to node, trimmed by the node radii. */
    shape: shape.optional(),
    /** Higher priority roads go first at `priority` nodes (as SUMO). */
    priority: z.number().int().default(0),
  })
  .strict();

/** A lane-to-lane movement through the node where road `from` ends and road `to` begins. Its index in `connections` is its id. */
export const ConnectionSpecSchema = z
  .object({
    from: id,
    fromLane: z.number().int().nonnegative(),
    to: id,
    toLane: z.number().int().nonnegative(),
    dir: z.enum(DIRECTIONS),
    /** Internal path through the junction; default: a smooth curve from lane end to lane start. */
    shape: shape.optional(),
  })
  .strict();

/** A signal phase: the protected (green) and permitted (green, yield to conflicting traffic) connections and its timing. */
export const PhaseSpecSchema = z
  .object({
    name: z.string().optional(),
    /** Connection indices with protected green. They must not conflict with each other. */
    protected: z.array(z.number().int().nonnegative()),
    /** Connection indices with permitted green (gap acceptance against conflicting movements). */
    permitted: z.array(z.number().int().nonnegative()).default([]),
    /** Green time in the fixed-time plan (s). */
    duration: z.number().positive(),
    /** Minimum green (s), default 5 (or `duration` if shorter). */
    minGreen: nonneg.optional(),
    /** Maximum green (s), default max(60, duration). */
    maxGreen: z.number().positive().optional(),
    /** Yellow after this phase (s). */
    yellow: nonneg.default(3),
    /** All-red after the yellow (s). */
    allRed: nonneg.default(0),
  })
  .strict();

/** The signal program of one signalized node: a cycle of phases with an offset. */
export const SignalSpecSchema = z
  .object({
    node: id,
    /** Offset (s) of the fixed-time plan: phase 0 starts at `t = offset` (mod cycle). */
    offset: nonneg.default(0),
    phases: z.array(PhaseSpecSchema).min(1, 'expected at least one phase'),
  })
  .strict();

/**
 * A vehicle type. IDM uses accel (a), decel (b, comfortable), tau (T, time headway), minGap (s0), delta;
 * Krauss (SUMO's default model) uses accel, decel, tau, minGap, sigma. Defaults are SUMO's passenger car.
 */
export const VehicleTypeSpecSchema = z
  .object({
    id,
    length: z.number().positive().default(5),
    minGap: nonneg.default(2.5),
    accel: z.number().positive().default(2.6),
    decel: z.number().positive().default(4.5),
    emergencyDecel: z.number().positive().default(9),
    maxSpeed: z.number().positive().default(55.56),
    tau: z.number().positive().default(1),
    sigma: z.number().min(0).max(1).default(0.5),
    delta: z.number().positive().default(4),
    /** Multiplier of the lane speed limit the driver wants (1 = the limit). */
    speedFactor: z.number().positive().default(1),
  })
  .strict();

/** A flow of vehicles: either along `route` (road ids) or from `origin` following the turning ratios. */
export const FlowSpecSchema = z
  .object({
    id: z.string().optional(),
    route: z.array(id).min(1).optional(),
    origin: id.optional(),
    /** Mean rate (veh/h), scaled over time by `profile`. */
    vehPerHour: z.number().nonnegative('expected a non-negative flow (veh/h)'),
    begin: nonneg.default(0),
    /** End of the flow (s); default: never. */
    end: z.number().positive().optional(),
    /** poisson: exponential headways; uniform: constant headways; scheduled: at the given `times`. */
    insertion: z.enum(['poisson', 'uniform', 'scheduled']).default('poisson'),
    /** Insertion times (s) for `scheduled`. */
    times: z.array(nonneg).optional(),
    /** Time-varying factor on vehPerHour, piecewise linear between points (held constant outside). */
    profile: z.array(z.object({ t: nonneg, factor: nonneg }).strict()).min(1).optional(),
    type: id.optional(),
    /** `best`: a lane that serves the next movement, least occupied; `random`; or a lane index. */
    departLane: z.union([z.enum(['best', 'random']), z.number().int().nonnegative()]).default('best'),
    /** Insertion speed (m/s), or `max` = the highest safe speed up to the lane limit. */
    departSpeed: z.union([z.literal('max'), nonneg]).default('max'),
  })
  .strict();

/** Turning ratios at the downstream end of a road (relative weights of each direction). */
export const TurningSpecSchema = z
  .object({ road: id, l: nonneg.default(0), s: nonneg.default(0), r: nonneg.default(0), t: nonneg.default(0) })
  .strict();

/** One explicit vehicle. */
export const VehicleSpecSchema = z
  .object({ id: z.string().optional(), depart: nonneg, route: z.array(id).min(1), type: id.optional() })
  .strict();

/** All demand of a network. */
export const DemandSpecSchema = z
  .object({
    flows: z.array(FlowSpecSchema).default([]),
    vehicles: z.array(VehicleSpecSchema).default([]),
    /** Turning ratios for vehicles of `origin` flows; roads without an entry go straight if they can, else pick uniformly. */
    turning: z.array(TurningSpecSchema).default([]),
  })
  .strict();

const NetworkBaseSchema = z
  .object({
    format: z.literal('tsgym-network').default('tsgym-network'),
    version: z.literal(1).default(1),
    name: z.string().optional(),
    nodes: z.array(NodeSpecSchema).min(1, 'expected at least one node'),
    roads: z.array(RoadSpecSchema).min(1, 'expected at least one road'),
    connections: z.array(ConnectionSpecSchema).default([]),
    signals: z.array(SignalSpecSchema).default([]),
    vehicleTypes: z.array(VehicleTypeSpecSchema).default([]),
    demand: DemandSpecSchema.default({ flows: [], vehicles: [], turning: [] }),
  })
  .strict();

/** The zod schema of a whole network (structure and cross references). */
export const NetworkSpecSchema = NetworkBaseSchema.superRefine((net, ctx) => {
  checkReferences(net, (message, path) => ctx.addIssue({ code: 'custom', message, path }));
});

/** A validated network description (defaults filled in). */
export type NetworkSpec = z.output<typeof NetworkSpecSchema>;
/** A network description as written (defaults optional). */
export type NetworkSpecInput = z.input<typeof NetworkSpecSchema>;
export type NodeSpec = z.output<typeof NodeSpecSchema>;
export type LaneSpec = z.output<typeof LaneSpecSchema>;
export type RoadSpec = z.output<typeof RoadSpecSchema>;
export type ConnectionSpec = z.output<typeof ConnectionSpecSchema>;
export type PhaseSpec = z.output<typeof PhaseSpecSchema>;
export type SignalSpec = z.output<typeof SignalSpecSchema>;
export type VehicleTypeSpec = z.output<typeof VehicleTypeSpecSchema>;
export type FlowSpec = z.output<typeof FlowSpecSchema>;
export type VehicleSpec = z.output<typeof VehicleSpecSchema>;
export type TurningSpec = z.output<typeof TurningSpecSchema>;
export type DemandSpec = z.output<typeof DemandSpecSchema>;

type Report = (message: string, path: (string | number)[]) => void;

function checkRoute(route: readonly string[], roads: Map<string, number>, linked: Set<string>, path: (string | number)[], report: Report): void {
  route.forEach((r, i) => {
    if (!roads.has(r)) report(`unknown road '${r}'`, [...path, i]);
    else if (i > 0 && !linked.has(`${route[i - 1]}>${r}`)) report(`no connection from road '${route[i - 1]}' to road '${r}'`, [...path, i]);
  });
}

function checkReferences(net: z.output<typeof NetworkBaseSchema>, report: Report): void {
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
  const types = new Set<string>();
  net.vehicleTypes.forEach((t, i) => (types.has(t.id) ? report(`duplicate vehicle type '${t.id}'`, ['vehicleTypes', i, 'id']) : types.add(t.id)));
  const linked = new Set<string>();
  const seen = new Set<string>();
  let connsOk = true;
  net.connections.forEach((c, i) => {
    const p = ['connections', i];
    const ri = roads.get(c.from);
    const ro = roads.get(c.to);
    const rin = ri === undefined ? undefined : net.roads[ri];
    const rout = ro === undefined ? undefined : net.roads[ro];
    if (!rin) report(`lane points from a missing road '${c.from}'`, [...p, 'from']);
    if (!rout) report(`lane points to a missing road '${c.to}'`, [...p, 'to']);
    if (!rin || !rout) return void (connsOk = false);
    if (rin.to !== rout.from) {
      connsOk = false;
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
  });
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
      if (conflicts) {
        for (let a = 0; a < ph.protected.length; a++) {
          for (let b = a + 1; b < ph.protected.length; b++) {
            const ca = ph.protected[a] as number;
            const cb = ph.protected[b] as number;
            if (ca < nc && cb < nc && connectionsConflict(conflicts, ca, cb)) {
              report(`conflicting protected movements: connection ${ca} (${desc(net, ca)}) crosses or merges with connection ${cb} (${desc(net, cb)})`, [...p, 'protected', b]);
            }
          }
        }
      }
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
  net.demand.flows.forEach((f, i) => {
    const p = ['demand', 'flows', i];
    if ((f.route === undefined) === (f.origin === undefined)) report('expected exactly one of route or origin', p);
    if (f.route) checkRoute(f.route, roads, linked, [...p, 'route'], report);
    if (f.origin !== undefined && !roads.has(f.origin)) report(`unknown road '${f.origin}'`, [...p, 'origin']);
    if (f.type !== undefined && !types.has(f.type)) report(`unknown vehicle type '${f.type}'`, [...p, 'type']);
    if (f.end !== undefined && f.end <= f.begin) report(`end ${f.end} s must be after begin ${f.begin} s`, [...p, 'end']);
    if (f.insertion === 'scheduled' && !f.times) report('scheduled insertion needs times', [...p, 'times']);
    if (f.insertion !== 'scheduled' && f.times) report(`times are only used with insertion 'scheduled', got '${f.insertion}'`, [...p, 'times']);
    f.profile?.forEach((q, k) => k > 0 && q.t <= (f.profile?.[k - 1]?.t ?? 0) && report('profile times must increase', [...p, 'profile', k, 't']));
    const first = f.route?.[0] ?? f.origin;
    const r0 = first === undefined ? undefined : net.roads[roads.get(first) ?? -1];
    if (typeof f.departLane === 'number' && r0 && f.departLane >= r0.lanes.length) report(`road '${r0.id}' has ${r0.lanes.length} lane(s)`, [...p, 'departLane']);
  });
  net.demand.vehicles.forEach((v, i) => {
    checkRoute(v.route, roads, linked, ['demand', 'vehicles', i, 'route'], report);
    if (v.type !== undefined && !types.has(v.type)) report(`unknown vehicle type '${v.type}'`, ['demand', 'vehicles', i, 'type']);
  });
  net.demand.turning.forEach((t, i) => {
    if (!roads.has(t.road)) report(`unknown road '${t.road}'`, ['demand', 'turning', i, 'road']);
    if (t.l + t.s + t.r + t.t <= 0) report('turning ratios sum to 0', ['demand', 'turning', i]);
  });
}

function desc(net: z.output<typeof NetworkBaseSchema>, c: number): string {
  const con = net.connections[c];
  return con ? `${con.from}/${con.fromLane} -> ${con.to}/${con.toLane} '${con.dir}'` : '?';
}

/**
 * Validates a network description (structure, cross references, conflicting protected movements,
 * impossible timings, negative flows) and returns it with defaults filled in, or throws `InvalidConfig`
 * naming each bad field path.
 *
 * @example
 * ```ts
 * const net = parseNetworkSpec(JSON.parse(text));
 * // InvalidConfig: Invalid network: connections[3].to: lane points to a missing road 'E9' (got "E9")
 * ```
 */
export function parseNetworkSpec(value: unknown, what = 'network'): NetworkSpec {
  return parseConfig(NetworkSpecSchema, value, what);
}
