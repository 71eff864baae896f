/**
 * The approaches of a traffic scene's junctions, read from its geometry: which road comes in from which
 * side (N, E, S, W), the lanes and signal heads on it, the movement (left, through, right) of each lane,
 * and the stopped vehicles queued on it. What the approach labels, the signal panel and the human
 * names of the explanation panel use.
 * @packageDocumentation
 */
import type { SceneLane, TrafficScene } from '../../format/types.js';
import type { Track } from './Track.js';

/** A compass side of a junction. */
export type Side = 'N' | 'E' | 'S' | 'W';
/** A movement: left, through, right, U-turn. */
export type Turn = 'l' | 's' | 'r' | 't';

/** One road entering a junction. */
export interface Approach {
  /** The side the road comes in from. */
  readonly side: Side;
  /** `northbound`, ... (the direction of travel). */
  readonly bound: string;
  readonly road: string;
  /** Indexes into `scene.lanes`. */
  readonly lanes: number[];
  /** Indexes into `scene.signals`. */
  readonly signals: number[];
  /** Direction of travel at the stop line, unit vector (y up). */
  readonly dx: number;
  readonly dy: number;
  /** Where to print the approach's label (y up): on the road, 30 m before the stop line. */
  readonly labelX: number;
  readonly labelY: number;
}

const BOUNDS: Record<Side, string> = { N: 'southbound', E: 'westbound', S: 'northbound', W: 'eastbound' };
const TURN_NAMES: Record<Turn, string> = { l: 'left', s: 'through', r: 'right', t: 'U-turn' };

/** Unit direction of travel of a lane's last segment (y up). */
function endDirection(l: SceneLane): { dx: number; dy: number; ex: number; ey: number } {
  const p = l.points;
  const k = p.length;
  const ex = p[k - 2] ?? 0, ey = p[k - 1] ?? 0;
  const dx = ex - (p[k - 4] ?? ex - 1), dy = ey - (p[k - 3] ?? ey);
  const len = Math.hypot(dx, dy) || 1;
  return { dx: dx / len, dy: dy / len, ex, ey };
}

/** The side a vehicle travelling along (dx, dy) (y up) comes from. */
export function sideOf(dx: number, dy: number): Side {
  if (Math.abs(dy) >= Math.abs(dx)) return dy > 0 ? 'S' : 'N';
  return dx > 0 ? 'W' : 'E';
}

/**
 * The movement of signal head `k`: its `turn`, or for recordings without one, read from where the head
 * sits across its lane's end (tsgym draws left turns left of the centre line and right turns right).
 */
export function turnOf(scene: TrafficScene, k: number): Turn {
  const s = scene.signals[k];
  if (!s) return 's';
  if (s.turn) return s.turn;
  const l = scene.lanes[s.lane];
  if (!l) return 's';
  const { dx, dy, ex, ey } = endDirection(l);
  // right-hand normal (y up): (dy, -dx)
  const across = ((s.x - ex) * dy - (s.y - ey) * dx) / (l.width || 3.2);
  return across < -0.15 ? 'l' : across > 0.15 ? 'r' : 's';
}

/**
 * Approaches by junction id: every road whose lanes end at a signal head of the junction, with its
 * side, lanes and heads, in the order N, E, S, W.
 *
 * @example
 * ```ts
 * approachesOf(scene).get('J0')?.map((a) => a.side); // ['N', 'E', 'S', 'W']
 * ```
 */
export function approachesOf(scene: TrafficScene): Map<string, Approach[]> {
  const byRoad = new Map<string, { junction: string; lanes: Set<number>; signals: number[] }>();
  scene.signals.forEach((s, k) => {
    const road = scene.lanes[s.lane]?.road ?? '?';
    const key = `${s.junction}\u0000${road}`;
    let e = byRoad.get(key);
    if (!e) byRoad.set(key, (e = { junction: s.junction, lanes: new Set(), signals: [] }));
    e.lanes.add(s.lane);
    e.signals.push(k);
  });
  const out = new Map<string, Approach[]>();
  const order: Side[] = ['N', 'E', 'S', 'W'];
  for (const [key, e] of byRoad) {
    const lanes = [...e.lanes].sort((a, b) => (scene.lanes[a]?.index ?? 0) - (scene.lanes[b]?.index ?? 0));
    const l0 = scene.lanes[lanes[0] ?? 0];
    if (!l0) continue;
    const { dx, dy, ex, ey } = endDirection(l0);
    const side = sideOf(dx, dy);
    const list = out.get(e.junction) ?? [];
    const back = Math.min(30, laneLength(l0) * 0.6);
    const road = key.split('\u0000')[1] ?? '?';
    list.push({ side, bound: BOUNDS[side], road, lanes, signals: e.signals, dx, dy, labelX: ex - dx * back, labelY: ey - dy * back });
    out.set(e.junction, list);
  }
  for (const list of out.values()) list.sort((a, b) => order.indexOf(a.side) - order.indexOf(b.side));
  return out;
}

function laneLength(l: SceneLane): number {
  let s = 0;
  const p = l.points;
  for (let k = 2; k + 1 < p.length; k += 2) s += Math.hypot((p[k] ?? 0) - (p[k - 2] ?? 0), (p[k + 1] ?? 0) - (p[k - 1] ?? 0));
  return s;
}

/**
 * A lane as a traffic engineer names it: direction of travel and movements (`northbound left`,
 * `eastbound through+right`), with the lane number when two lanes of the road carry the same
 * movements; `westbound lane 2` for a lane without signal heads. Null for an unknown lane id.
 *
 * @example
 * ```ts
 * laneName(scene, 'S0-J0_0_1'); // 'northbound left'
 * ```
 */
export function laneName(scene: TrafficScene, laneId: string): string | null {
  const li = scene.lanes.findIndex((l) => l.id === laneId);
  const l = scene.lanes[li];
  if (!l) return null;
  const { dx, dy } = endDirection(l);
  const bound = BOUNDS[sideOf(dx, dy)];
  const moves = (lane: number): string => {
    const t = new Set<Turn>();
    scene.signals.forEach((s, k) => s.lane === lane && t.add(turnOf(scene, k)));
    return (['l', 's', 'r', 't'] as const).filter((x) => t.has(x)).map((x) => TURN_NAMES[x]).join('+');
  };
  const m = moves(li);
  if (m === '') return `${bound} lane ${l.index + 1}`;
  const twin = scene.lanes.some((o, k) => k !== li && o.road === l.road && moves(k) === m);
  return `${bound} ${m}${twin ? ` lane ${l.index + 1}` : ''}`;
}

/**
 * Stopped vehicles (under 0.5 m/s) queued on each approach's lanes: a vehicle counts when it lies on
 * one of the lanes (within half a lane width of the centre line) heading along it.
 *
 * @example
 * ```ts
 * queuesOn(scene, approaches, layer.track()); // [3, 0, 7, 1]
 * ```
 */
export function queuesOn(scene: TrafficScene, approaches: readonly Approach[], tr: Track): number[] {
  const q = approaches.map(() => 0);
  for (let v = 0; v < tr.n; v++) {
    if ((tr.a[v] ?? 0) >= 0.5) continue;
    const x = tr.x[v] ?? 0, y = -(tr.y[v] ?? 0);
    const hx = Math.cos(-(tr.rot[v] ?? 0)), hy = Math.sin(-(tr.rot[v] ?? 0));
    found: for (let a = 0; a < approaches.length; a++) {
      for (const li of approaches[a]?.lanes ?? []) {
        const l = scene.lanes[li];
        if (l && onLane(l, x, y, hx, hy)) {
          q[a] = (q[a] ?? 0) + 1;
          break found;
        }
      }
    }
  }
  return q;
}

/** Whether (x, y) heading (hx, hy) lies on lane `l` (within half its width, heading within 45 degrees). */
function onLane(l: SceneLane, x: number, y: number, hx: number, hy: number): boolean {
  const p = l.points;
  for (let k = 0; k + 3 < p.length; k += 2) {
    const x0 = p[k] ?? 0, y0 = p[k + 1] ?? 0, sx = (p[k + 2] ?? 0) - x0, sy = (p[k + 3] ?? 0) - y0;
    const len2 = sx * sx + sy * sy || 1;
    const u = ((x - x0) * sx + (y - y0) * sy) / len2;
    if (u < 0 || u > 1) continue;
    const d = Math.hypot(x - x0 - u * sx, y - y0 - u * sy);
    const len = Math.sqrt(len2);
    if (d <= l.width / 2 + 0.2 && (hx * sx + hy * sy) / len > 0.7) return true;
  }
  return false;
}

/**
 * An explanation's feature or action label in a traffic engineer's words: `queue S0-J0_0_1` ->
 * `queue, northbound left`; `phase 1 (N0-J0, S0-J0)` -> `phase 1 (from N, S)`. Other labels as given.
 *
 * @example
 * ```ts
 * humanLabel(scene, 'density W0-J0_0_0'); // 'density, eastbound through+right'
 * ```
 */
export function humanLabel(scene: TrafficScene, label: string): string {
  const lane = /^(queue|density) (.+)$/.exec(label);
  if (lane) {
    const name = laneName(scene, lane[2] ?? '');
    return name === null ? label : `${lane[1]}, ${name}`;
  }
  const phase = /^phase (\d+) \((.+)\)$/.exec(label);
  if (phase) {
    const sides = (phase[2] ?? '').split(', ').map((road) => {
      const l = scene.lanes.find((x) => x.road === road);
      if (!l) return road;
      const { dx, dy } = endDirection(l);
      return sideOf(dx, dy);
    });
    return `phase ${phase[1]} (from ${[...new Set(sides)].join(', ')})`;
  }
  return label;
}
