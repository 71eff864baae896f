/**
 * A corridor of a traffic scene (the longest row, or column, of signalised junctions) and what a
 * time-space diagram draws along it: the trajectories of the vehicles travelling along it in one
 * direction (eastbound, or northbound for a column) and, at each junction, the state of that
 * direction's through movement.
 * @packageDocumentation
 */
import { unpackInts } from '../../format/packInts.js';
import type { Frame, TrafficScene } from '../../format/types.js';
import { approachesOf, turnOf } from './approaches.js';

/** Junctions this close (m) across the corridor count as one row. */
const ROW_TOLERANCE = 5;
/** Vehicles this far (m) off the corridor's centre line are not on it. */
const ON_CORRIDOR = 8;
/** Distance shown before the first and after the last junction (m). */
const MARGIN = 150;

/** A corridor: junctions along an axis, and the through head of the direction drawn at each. */
export interface Corridor {
  /** `x`: a row travelled eastbound; `y`: a column travelled northbound. */
  readonly axis: 'x' | 'y';
  /** Position across the axis (m). */
  readonly across: number;
  readonly junctions: { readonly id: string; readonly at: number; readonly head: number }[];
  /** Distance range drawn (m along the axis). */
  readonly from: number;
  readonly to: number;
}

/** A vehicle's path along the corridor: times and positions (m along the axis). */
export interface Trajectory {
  readonly id: number;
  readonly t: number[];
  readonly d: number[];
}

/**
 * The corridor of `scene`: the largest group (two or more) of signalised junctions in one row (or,
 * failing a row, one column), with the eastbound (northbound) through head of each; null if none.
 *
 * @example
 * ```ts
 * corridorOf(scene)?.junctions.map((j) => j.id); // ['J0_0', 'J0_1', 'J0_2']
 * ```
 */
export function corridorOf(scene: TrafficScene): Corridor | null {
  const aps = approachesOf(scene);
  const js = scene.junctions.filter((j) => aps.has(j.id));
  const best = (axis: 'x' | 'y'): Corridor | null => {
    let top: typeof js = [];
    for (const j of js) {
      const row = js.filter((o) => Math.abs((axis === 'x' ? o.y - j.y : o.x - j.x)) <= ROW_TOLERANCE);
      if (row.length > top.length) top = row;
    }
    if (top.length < 2) return null;
    const from = axis === 'x' ? 'W' : 'S';
    const junctions = top
      .map((j) => {
        const a = aps.get(j.id)?.find((o) => o.side === from);
        const head = a?.signals.find((k) => turnOf(scene, k) === 's') ?? -1;
        return { id: j.id, at: axis === 'x' ? j.x : j.y, head };
      })
      .filter((j) => j.head >= 0)
      .sort((a, b) => a.at - b.at);
    if (junctions.length < 2) return null;
    const across = top.reduce((s, j) => s + (axis === 'x' ? j.y : j.x), 0) / top.length;
    return { axis, across, junctions, from: (junctions[0]?.at ?? 0) - MARGIN, to: (junctions[junctions.length - 1]?.at ?? 0) + MARGIN };
  };
  return best('x') ?? best('y');
}

/**
 * Trajectories of the vehicles travelling along `c` in its direction (heading within 30 degrees, within
 * 8 m of its centre line, inside its distance range), from every frame; a vehicle's path breaks where
 * it leaves the corridor.
 *
 * @example
 * ```ts
 * trajectories(ep.frames, corridor).length; // vehicles that drove along the corridor
 * ```
 */
export function trajectories(frames: readonly Frame[], c: Corridor): Trajectory[] {
  const open = new Map<number, Trajectory>();
  const done: Trajectory[] = [];
  let cols: Int32Array[] = [];
  frames.forEach((f) => {
    const v = f.vehicles;
    const seen = new Set<number>();
    if (v && v.n > 0) {
      if ((cols[0]?.length ?? 0) < v.n) cols = [0, 1, 2, 3].map(() => new Int32Array(v.n));
      const [id, x, y, h] = cols as [Int32Array, Int32Array, Int32Array, Int32Array];
      unpackInts(v.id, id);
      unpackInts(v.x, x);
      unpackInts(v.y, y);
      unpackInts(v.h, h);
      let vid = 0;
      for (let k = 0; k < v.n; k++) {
        vid = k === 0 ? (id[0] ?? 0) : vid + (id[k] ?? 0);
        const px = (x[k] ?? 0) / 10, py = (y[k] ?? 0) / 10, deg = h[k] ?? 0;
        const along = c.axis === 'x' ? px : py;
        const off = c.axis === 'x' ? py : px;
        const dir = c.axis === 'x' ? Math.cos((deg * Math.PI) / 180) : Math.sin((deg * Math.PI) / 180);
        if (dir < 0.866 || Math.abs(off - c.across) > ON_CORRIDOR || along < c.from || along > c.to) continue;
        seen.add(vid);
        let tr = open.get(vid);
        if (!tr) open.set(vid, (tr = { id: vid, t: [], d: [] }));
        tr.t.push(f.t);
        tr.d.push(along);
      }
    }
    for (const [vid, tr] of open) {
      if (seen.has(vid)) continue;
      open.delete(vid);
      done.push(tr);
    }
  });
  return [...done, ...open.values()];
}
