/**
 * Shortest routes (by free-flow travel time) over a road graph given as successor lists, with a binary
 * heap Dijkstra, as SUMO's router computes them: the effort of reaching a road is the effort of the road
 * before it plus that road's travel time, plus the travel time of each internal lane between them (`via`,
 * in order); roads of equal effort are settled in index order (SUMO: by numerical edge id). Used to
 * resolve SUMO trips (`from`/`to`/`via`) and CityFlow routes whose consecutive roads are not adjacent.
 *
 * @example
 * ```ts
 * const router = new ShortestRoute(['a', 'b', 'c'], [10, 10, 10], [[1], [2], []]);
 * router.route(0, 2); // [0, 1, 2]
 * ```
 */
export class ShortestRoute {
  private readonly dist: Float64Array;
  private readonly prev: Int32Array;

  /**
   * `cost[r]`: time to drive road r; `next[r]`: roads reachable from the end of road r; `viaFor(r, k, cls)`:
   * the travel times of the internal lanes from road r to `next[r][k]` in driving order for vehicle class
   * `cls` (any class when undefined), undefined where it may not go; without it, no internal lanes.
   */
  constructor(
    readonly ids: readonly string[],
    private readonly cost: ArrayLike<number>,
    private readonly next: readonly (readonly number[])[],
    private readonly viaFor?: (r: number, k: number, cls?: string) => readonly number[] | undefined,
  ) {
    this.dist = new Float64Array(ids.length);
    this.prev = new Int32Array(ids.length);
  }

  /**
   * Roads from `from` to `to` inclusive (effort counts every road but the last, and the internal lanes
   * between them), or undefined if unreachable; `cost` replaces the router's own road costs for this query.
   */
  route(from: number, to: number, cost: ArrayLike<number> = this.cost, cls?: string): number[] | undefined {
    if (from === to) return [from];
    const dist = this.dist.fill(Infinity);
    const prev = this.prev.fill(-1);
    dist[from] = 0;
    const heap: [number, number][] = [[0, from]];
    while (heap.length) {
      const [d, r] = pop(heap);
      if (d > dist[r]) continue;
      if (r === to) break;
      const succ = this.next[r] ?? [];
      for (let k = 0; k < succ.length; k++) {
        const s = succ[k];
        // a vehicle class goes only where some connection's lanes allow it
        const through = this.viaFor?.(r, k, cls);
        if (this.viaFor && through === undefined) continue;
        let nd = d + cost[r];
        for (const t of through ?? []) nd += t;
        if (nd < dist[s]) {
          dist[s] = nd;
          prev[s] = r;
          push(heap, [nd, s]);
        }
      }
    }
    if (dist[to] === Infinity) return undefined;
    const out: number[] = [];
    for (let r = to; r !== -1; r = prev[r]) out.push(r);
    return out.reverse();
  }

  /**
   * The fastest route from any road of `sources` to any road of `sinks`, as SUMO routes a trip between zones
   * (TAZ): from the zone's source, a virtual edge leading to each source road at no cost, to its sink, which
   * each sink road leads to, so that the effort counts every road of the route, the last included, and the
   * internal lanes between them. Ties: the first sink road settled (in effort, then index order) wins.
   * Undefined if no sink is reachable.
   */
  routeZones(sources: readonly number[], sinks: readonly number[], cost: ArrayLike<number> = this.cost, cls?: string): number[] | undefined {
    const n = this.ids.length;
    const dist = this.dist.fill(Infinity);
    const prev = this.prev.fill(-1);
    const isSink = new Uint8Array(n);
    for (const r of sinks) isSink[r] = 1;
    // the zone's sink is node n, after every road (SUMO builds the TAZ edges after the network's)
    let best = Infinity;
    let last = -1;
    const heap: [number, number][] = [];
    for (const r of sources) {
      if (dist[r] === 0) continue;
      dist[r] = 0;
      push(heap, [0, r]);
    }
    while (heap.length) {
      const [d, r] = pop(heap);
      if (r === n) break;
      if (d > dist[r]) continue;
      const base = d + cost[r];
      if (isSink[r] === 1 && base < best) {
        best = base;
        last = r;
        push(heap, [base, n]);
      }
      const succ = this.next[r] ?? [];
      for (let k = 0; k < succ.length; k++) {
        const s = succ[k];
        const through = this.viaFor?.(r, k, cls);
        if (this.viaFor && through === undefined) continue;
        let nd = base;
        for (const t of through ?? []) nd += t;
        if (nd < dist[s]) {
          dist[s] = nd;
          prev[s] = r;
          push(heap, [nd, s]);
        }
      }
    }
    if (last < 0) return undefined;
    const out: number[] = [];
    for (let r = last; r !== -1; r = prev[r]) out.push(r);
    return out.reverse();
  }

  /** Route through the given waypoints in order (each leg shortest), or the index of the first unreachable leg. */
  routeVia(stops: readonly number[], cost: ArrayLike<number> = this.cost, cls?: string): number[] | { unreachable: number } {
    const out: number[] = [stops[0]];
    for (let i = 1; i < stops.length; i++) {
      const leg = this.route(stops[i - 1], stops[i], cost, cls);
      if (!leg) return { unreachable: i };
      out.push(...leg.slice(1));
    }
    return out;
  }
}

/** Heap order: lower effort first, then lower road index. */
function before(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

function push(h: [number, number][], x: [number, number]): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(x, h[p])) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = x;
}

function pop(h: [number, number][]): [number, number] {
  const top = h[0];
  const last = h.pop() as [number, number];
  if (h.length) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l], m === i ? last : h[m])) m = l;
      if (r < h.length && before(h[r], m === i ? last : h[m])) m = r;
      if (m === i) break;
      h[i] = h[m];
      i = m;
    }
    h[i] = last;
  }
  return top;
}
