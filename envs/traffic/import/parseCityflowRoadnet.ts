import type { Direction, NetworkSpecInput } from '../network/NetworkSpec.js';
import { conflictLists } from '../network/movementConflicts.js';
import { polylineLength, trimPolyline, type Point } from '../network/geometry.js';
import type { ImportLog } from './ImportLog.js';
import { JsonReader } from './jsonPath.js';
import { implausible, PLAUSIBLE } from './plausible.js';
import { protectedSplit } from './protectedSplit.js';
import type { NetworkParts } from './NetworkParts.js';

/**
 * How CityFlow's phase 0 (right turns only, the literature's 5 s "yellow") is imported.
 *
 * @example
 * ```ts
 * importCityflow({ roadnet, flow, phase0: 'phase' }); // keep it as a phase of its own
 * ```
 */
export type CityflowPhase0 = 'clearance' | 'phase';

const TYPES: Record<string, Direction> = { go_straight: 's', turn_left: 'l', turn_right: 'r', turn_u: 't' };

type Pending = { node: string; path: string; links: number[][]; phases: { time: number; links: number[]; path: string }[] };

/** Intersections as nodes: virtual ones are boundary nodes, the others priority nodes of their width. */
function readIntersections(j: JsonReader, inters: unknown[]): { nodes: NetworkParts['nodes']; nodeIx: Map<string, number>; width: Map<string, number> } {
  const nodes: NetworkParts['nodes'] = [];
  const nodeIx = new Map<string, number>();
  const width = new Map<string, number>();
  inters.forEach((v, i) => {
    const p = `intersections[${i}]`;
    const o = j.obj(v, p);
    const id = j.str(o, 'id', p);
    if (nodeIx.has(id)) j.fail(`${p}.id`, `duplicate intersection id '${id}'`);
    const of = `intersection '${id}'`;
    const [x, y] = j.point(o.point, `${p}.point`, of);
    const virtual = o.virtual === true;
    const w = j.num(o, 'width', p, 0, { plausible: PLAUSIBLE.intersectionWidth, of });
    width.set(id, virtual ? 0 : w);
    nodeIx.set(id, nodes.length);
    nodes.push({ id, type: virtual ? 'boundary' : 'priority', x, y, radius: virtual ? 0 : w });
  });
  return { nodes, nodeIx, width };
}

/** Roads trimmed by the intersection widths, their lanes mirrored (CityFlow counts lanes from the left). */
function readRoads(
  j: JsonReader,
  roadsJ: unknown[],
  nodeIx: Map<string, number>,
  width: Map<string, number>,
): { roads: NetworkParts['roads']; roadIx: Map<string, number>; roadTime: number[] } {
  const roads: NetworkParts['roads'] = [];
  const roadIx = new Map<string, number>();
  const roadTime: number[] = [];
  roadsJ.forEach((v, i) => {
    const p = `roads[${i}]`;
    const o = j.obj(v, p);
    const id = j.str(o, 'id', p);
    if (roadIx.has(id)) j.fail(`${p}.id`, `duplicate road id '${id}'`);
    const from = j.str(o, 'startIntersection', p);
    const to = j.str(o, 'endIntersection', p);
    if (!nodeIx.has(from)) j.fail(`${p}.startIntersection`, `unknown intersection '${from}'`);
    if (!nodeIx.has(to)) j.fail(`${p}.endIntersection`, `unknown intersection '${to}'`);
    const of = `road '${id}'`;
    const pts = j.arr(o, 'points', p).map((q, k) => j.point(q, `${p}.points[${k}]`, of));
    if (pts.length < 2) j.fail(`${p}.points`, 'expected at least 2 points', pts.length);
    const len = polylineLength(pts);
    const short = implausible(len, PLAUSIBLE.laneLength);
    if (short) j.fail(`${p}.points`, `${of} is ${len} m long: ${short}`, len);
    const lanesJ = j.arr(o, 'lanes', p);
    if (lanesJ.length === 0) j.fail(`${p}.lanes`, 'expected at least one lane');
    const lanes = lanesJ.map((l, k) => {
      const lo = j.obj(l, `${p}.lanes[${k}]`);
      const lof = `lane ${k} of ${of}`;
      return {
        width: j.num(lo, 'width', `${p}.lanes[${k}]`, 4, { plausible: PLAUSIBLE.laneWidth, of: lof }),
        speed: j.num(lo, 'maxSpeed', `${p}.lanes[${k}]`, undefined, { plausible: PLAUSIBLE.speed, of: lof }),
      };
    }).reverse();
    const shape: Point[] = trimPolyline(pts, width.get(from) ?? 0, width.get(to) ?? 0);
    const speed = Math.max(...lanes.map((l) => l.speed));
    roadIx.set(id, roads.length);
    roads.push({ id, from, to, lanes, speed, shape });
    roadTime.push(polylineLength(shape) / speed);
  });
  return { roads, roadIx, roadTime };
}

/** Each laneLink as a connection with its drawn path; the light phases of each signalized intersection, pending. */
function readRoadLinks(
  j: JsonReader,
  inters: unknown[],
  roads: NetworkParts['roads'],
  roadIx: Map<string, number>,
  file: string,
  log: ImportLog,
): { connections: NetworkParts['connections']; roadNext: number[][]; pending: Pending[] } {
  const connections: NetworkParts['connections'] = [];
  const roadNext: number[][] = roads.map(() => []);
  const seen = new Set<string>();
  const pending: Pending[] = [];
  inters.forEach((v, i) => {
    const p = `intersections[${i}]`;
    const o = j.obj(v, p);
    if (o.virtual === true) return;
    const id = String(o.id);
    const rl = Array.isArray(o.roadLinks) ? o.roadLinks : [];
    const links: number[][] = rl.map((lv, k) => {
      const lp = `${p}.roadLinks[${k}]`;
      const lo = j.obj(lv, lp);
      const type = j.str(lo, 'type', lp);
      const dir = TYPES[type];
      if (!dir) return j.fail(`${lp}.type`, `expected one of ${Object.keys(TYPES).join(', ')}`, type);
      const sr = j.str(lo, 'startRoad', lp);
      const er = j.str(lo, 'endRoad', lp);
      const a = roads[roadIx.get(sr) ?? -1];
      const b = roads[roadIx.get(er) ?? -1];
      if (!a) return j.fail(`${lp}.startRoad`, `unknown road '${sr}'`);
      if (!b) return j.fail(`${lp}.endRoad`, `unknown road '${er}'`);
      if (a.to !== id) j.fail(`${lp}.startRoad`, `road '${sr}' ends at '${a.to}', not at intersection '${id}'`);
      if (b.from !== id) j.fail(`${lp}.endRoad`, `road '${er}' starts at '${b.from}', not at intersection '${id}'`);
      const mine: number[] = [];
      j.arr(lo, 'laneLinks', lp).forEach((ll, q) => {
        const llp = `${lp}.laneLinks[${q}]`;
        const llo = j.obj(ll, llp);
        const sl = j.num(llo, 'startLaneIndex', llp, undefined, { min: 0 });
        const el = j.num(llo, 'endLaneIndex', llp, undefined, { min: 0 });
        if (sl >= a.lanes.length) j.fail(`${llp}.startLaneIndex`, `road '${sr}' has ${a.lanes.length} lane(s)`, sl);
        if (el >= b.lanes.length) j.fail(`${llp}.endLaneIndex`, `road '${er}' has ${b.lanes.length} lane(s)`, el);
        const fromLane = a.lanes.length - 1 - sl;
        const toLane = b.lanes.length - 1 - el;
        const key = `${sr}/${fromLane}>${er}/${toLane}`;
        if (seen.has(key)) {
          log.warn(file, `duplicate laneLink ${sr}[${sl}] -> ${er}[${el}]`, 'kept once', { key: 'duplink' });
          const have = connections.findIndex((c) => `${c.from}/${c.fromLane}>${c.to}/${c.toLane}` === key);
          if (have >= 0) mine.push(have);
          return;
        }
        seen.add(key);
        const pts = Array.isArray(llo.points) ? llo.points.map((pt, k) => j.point(pt, `${llp}.points[${k}]`, `laneLink of intersection '${id}'`)) : [];
        mine.push(connections.length);
        connections.push({ from: sr, fromLane, to: er, toLane, dir, ...(pts.length >= 2 ? { shape: pts } : {}) });
      });
      const ra = roadIx.get(sr) ?? 0;
      const rb = roadIx.get(er) ?? 0;
      if (mine.length && !roadNext[ra].includes(rb)) roadNext[ra].push(rb);
      return mine;
    });
    const tl = o.trafficLight === undefined ? undefined : j.obj(o.trafficLight, `${p}.trafficLight`);
    const phasesJ = tl && Array.isArray(tl.lightphases) ? tl.lightphases : [];
    const phases = phasesJ.map((ph, k) => {
      const pp = `${p}.trafficLight.lightphases[${k}]`;
      const po = j.obj(ph, pp);
      const avail = j.arr(po, 'availableRoadLinks', pp).map((x, q): number => {
        if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= links.length) {
          return j.fail(`${pp}.availableRoadLinks[${q}]`, `expected a roadLink index in 0..${links.length - 1}`, x);
        }
        return x;
      });
      return { time: j.num(po, 'time', pp, undefined, { min: 0 }), links: avail, path: pp };
    });
    if (links.length && phases.some((ph) => ph.links.length)) pending.push({ node: id, path: p, links, phases });
    else if (links.length) log.warn(file, `intersection '${id}'`, 'no traffic light phase opens a road link: run as a priority junction');
  });
  return { connections, roadNext, pending };
}

/** Signal programs from the pending light phases (phase 0 as the clearance when `phase0` says so). */
function buildSignals(
  pending: Pending[],
  parts: Pick<NetworkParts, 'nodes' | 'roads' | 'connections'>,
  nodeIx: Map<string, number>,
  phase0: CityflowPhase0,
  file: string,
  log: ImportLog,
): NetworkParts['signals'] {
  const { nodes, connections } = parts;
  const signals: NetworkParts['signals'] = [];
  const conflicts = conflictLists(parts);
  const dirOf = (c: number): Direction => connections[c]?.dir ?? 's';
  let clearanceNodes = 0;
  let demotedTotal = 0;
  for (const sig of pending) {
    const node = nodes[nodeIx.get(sig.node) ?? -1];
    if (!node) continue;
    node.type = 'signalized';
    const isClear = (ph: { links: number[] }): boolean => ph.links.every((l) => (sig.links[l] ?? []).every((c) => dirOf(c) === 'r'));
    const p0 = sig.phases[0];
    const clearance = phase0 === 'clearance' && p0 && isClear(p0) && sig.phases.length > 1 ? p0.time : undefined;
    if (clearance !== undefined) clearanceNodes++;
    const out: NonNullable<NetworkSpecInput['signals']>[number]['phases'] = [];
    sig.phases.forEach((ph, k) => {
      if (k === 0 && clearance !== undefined) return;
      if (ph.links.length === 0 || ph.time <= 0) {
        log.warn(file, 'light phases that open no road link (or last 0 s)', "left out (CityFlow's fixed cycle would hold all-red for their time)", {
          key: 'emptyphase',
        });
        return;
      }
      const green = [...new Set(ph.links.flatMap((l) => sig.links[l] ?? []))];
      const split = protectedSplit(green, [], conflicts, dirOf);
      demotedTotal += split.demoted.length;
      out.push({
        name: `cityflow phase ${k}`,
        protected: split.protectedConns,
        permitted: split.permittedConns,
        duration: ph.time,
        yellow: clearance ?? 0,
        allRed: 0,
      });
    });
    if (out.length === 0) {
      node.type = 'priority';
      log.warn(file, `intersection '${sig.node}'`, 'no usable light phase: run as a priority junction');
      continue;
    }
    signals.push({ node: sig.node, offset: 0, phases: out });
  }
  if (clearanceNodes) {
    log.warn(
      file,
      `light phase 0 (right turns only) of ${clearanceNodes} intersection(s)`,
      "read as the clearance between phases: its time is each phase's yellow " +
        "(CoLight/LibSignal convention; importer option phase0='phase' keeps it as a phase)",
    );
  }
  if (demotedTotal) {
    log.warn(
      file,
      `${demotedTotal} movement(s) of light phases that cross or merge with another movement of the same phase`,
      'run as permitted green (they yield); straight movements keep protection first',
    );
  }
  if (signals.length === 0) log.warn(file, 'roadnet', 'has no traffic light phases: every intersection is a priority junction');
  return signals;
}

/**
 * Reads a CityFlow `roadnet.json` into NetworkSpec pieces. Virtual intersections become boundary
 * nodes; roads are trimmed by the intersection widths (where CityFlow's lanes end); CityFlow counts
 * lanes from the left (lane 0 = innermost), tsgym from the right, so indices are mirrored; each
 * laneLink becomes a connection with its drawn path. Light phases become signal phases: with
 * `phase0 = 'clearance'` (default) a phase 0 that lets only right turns go is read as the clearance
 * between phases (its time becomes every phase's yellow, as in CoLight/LibSignal's fixed-time plan).
 *
 * @example
 * ```ts
 * const net = parseCityflowRoadnet(text, 'roadnet.json', log);
 * ```
 */
export function parseCityflowRoadnet(text: string, file: string, log: ImportLog, phase0: CityflowPhase0 = 'clearance'): NetworkParts {
  const j = new JsonReader(file);
  const root = j.obj(j.parse(text), '');
  const inters = j.arr(root, 'intersections', '');
  const roadsJ = j.arr(root, 'roads', '');
  const { nodes, nodeIx, width } = readIntersections(j, inters);
  const { roads, roadIx, roadTime } = readRoads(j, roadsJ, nodeIx, width);
  const { connections, roadNext, pending } = readRoadLinks(j, inters, roads, roadIx, file, log);
  const signals = buildSignals(pending, { nodes, roads, connections }, nodeIx, phase0, file, log);
  return { nodes, roads, connections, signals, roadTime, roadNext };
}
