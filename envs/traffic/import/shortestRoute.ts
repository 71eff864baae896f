/**
 * Shortest routes (by free-flow travel time) over a road graph given as successor lists, with a binary
 * heap Dijkstra. Used to resolve SUMO trips (`from`/`to`/`via`) and CityFlow routes whose consecutive
 * roads are not adjacent (CityFlow routes through them by shortest path too).
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

  /** `cost[r]`: time to drive road r; `next[r]`: roads reachable from the end of road r. */
  constructor(
    readonly ids: readonly string[],
    private readonly cost: ArrayLike<number>,
    private readonly next: readonly (readonly number[])[],
  ) {
    this.dist = new Float64Array(ids.length);
    this.prev = new Int32Array(ids.length);
  }

  /**
   * Roads from `from` to `to` inclusive (cost counts every road but the first), or undefined if
   * unreachable; `cost` replaces the router's own road costs for this query.
   */
  route(from: number, to: number, cost: ArrayLike<number> = this.cost): number[] | undefined {
    if (from === to) return [from];
    const dist = this.dist.fill(Infinity);
    const prev = this.prev.fill(-1);
    dist[from] = 0;
    const heap: [number, number][] = [[0, from]];
    while (heap.length) {
      const [d, r] = pop(heap);
      if (d > dist[r]) continue;
      if (r === to) break;
      for (const s of this.next[r] ?? []) {
        const nd = d + cost[s];
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

  /** Route through the given waypoints in order (each leg shortest), or the index of the first unreachable leg. */
  routeVia(stops: readonly number[], cost: ArrayLike<number> = this.cost): number[] | { unreachable: number } {
    const out: number[] = [stops[0]];
    for (let i = 1; i < stops.length; i++) {
      const leg = this.route(stops[i - 1], stops[i], cost);
      if (!leg) return { unreachable: i };
      out.push(...leg.slice(1));
    }
    return out;
  }
}

function push(h: [number, number][], x: [number, number]): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p][0] <= x[0]) break;
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
      if (l < h.length && h[l][0] < (m === i ? last[0] : h[m][0])) m = l;
      if (r < h.length && h[r][0] < (m === i ? last[0] : h[m][0])) m = r;
      if (m === i) break;
      h[i] = h[m];
      i = m;
    }
    h[i] = last;
  }
  return top;
}
