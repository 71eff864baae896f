import type { NetworkSpec } from '../../../../envs/traffic/network/NetworkSpec.js';
import type { TrafficEngine } from '../../../../envs/traffic/engine/TrafficEngine.js';

/*
 * Conflict zones of a junction for the right-of-way tests: where the internal lanes of two movements
 * cross (from the lane shapes in the net file), and whether a vehicle's body covers such a point.
 */

type P = readonly [number, number];

/** Where two polylines cross: the distance along each, or undefined. */
export function crossing(a: readonly P[], b: readonly P[]): { a: number; b: number } | undefined {
  let sa = 0;
  for (let i = 0; i + 1 < a.length; i++) {
    const [p, q] = [a[i], a[i + 1]];
    const la = Math.hypot(q[0] - p[0], q[1] - p[1]);
    let sb = 0;
    for (let j = 0; j + 1 < b.length; j++) {
      const [r, s] = [b[j], b[j + 1]];
      const lb = Math.hypot(s[0] - r[0], s[1] - r[1]);
      const d = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0]);
      if (Math.abs(d) > 1e-12) {
        const t = ((r[0] - p[0]) * (s[1] - r[1]) - (r[1] - p[1]) * (s[0] - r[0])) / d;
        const u = ((r[0] - p[0]) * (q[1] - p[1]) - (r[1] - p[1]) * (q[0] - p[0])) / d;
        if (t >= 0 && t <= 1 && u >= 0 && u <= 1) return { a: sa + t * la, b: sb + u * lb };
      }
      sb += lb;
    }
    sa += la;
  }
  return undefined;
}

/** Does a vehicle's body cover distance `d` (+- `margin`) along internal segment `s` (front on it, or back still on it)? */
export function covers(e: TrafficEngine, s: number, d: number, margin: number): boolean {
  const vs = e.veh;
  const len = e.net.demand.typeLength;
  for (let v = e.segHead[s] ?? -1; v >= 0; v = vs.behind[v] ?? -1) {
    const front = vs.pos[v] ?? 0;
    if (front >= d - margin && front - (len[vs.type[v] ?? 0] ?? 5) <= d + margin) return true;
  }
  const u = e.partialOccupant(s);
  return u >= 0 && (e.net.segLength[s] ?? 0) - e.partialBack <= d + margin;
}

/** A crossing of the first internal lanes of two connections: their segments and the distance along each. */
export interface CrossingPair {
  readonly sa: number;
  readonly sb: number;
  readonly a: number;
  readonly b: number;
}

/**
 * Every pair of connections accepted by `keep` whose first internal lanes cross, with the segments of
 * those lanes in `e` and where they cross.
 */
export function crossingPairs(spec: NetworkSpec, e: TrafficEngine, keep: (c: NetworkSpec['connections'][number]) => boolean): CrossingPair[] {
  const list = spec.connections.map((c, i) => ({ c, i })).filter(({ c }) => keep(c));
  return list.flatMap(({ c: a, i }) =>
    list.flatMap(({ c: b, i: k }) => {
      const x = k > i ? crossing(a.via?.[0]?.shape ?? [], b.via?.[0]?.shape ?? []) : undefined;
      return x ? [{ sa: e.net.connSegStart[i] ?? -1, sb: e.net.connSegStart[k] ?? -1, ...x }] : [];
    }),
  );
}

/** Steps so far in which some crossing had a vehicle body over it on both of its lanes: call after every step. */
export function countConflicts(e: TrafficEngine, pairs: readonly CrossingPair[], margin = 1.6): number {
  let n = 0;
  for (const p of pairs) if (covers(e, p.sa, p.a, margin) && covers(e, p.sb, p.b, margin)) n++;
  return n;
}
