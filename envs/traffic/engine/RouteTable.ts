/**
 * The routes vehicles follow: the network's compiled routes, then routes drawn at run time for
 * vehicles that follow turning ratios (appended, dropped again on `reset`). Route `r` is
 * `roads[start[r] .. start[r + 1])`.
 *
 * @example
 * ```ts
 * const rt = new RouteTable(demand.routeStart, demand.routeRoads);
 * const r = rt.append([0, 4, 7]);
 * rt.length(r); // 3
 * ```
 */
export class RouteTable {
  start: Int32Array;
  roads: Int32Array;
  count: number;
  used: number;
  /** Routes of the compiled network (ids below it never change; later ones are dropped on reset). */
  readonly nStatic: number;
  private readonly staticUsed: number;

  constructor(routeStart: Int32Array, routeRoads: Int32Array) {
    this.nStatic = routeStart.length - 1;
    this.staticUsed = routeRoads.length;
    this.start = new Int32Array(Math.max(16, routeStart.length * 2));
    this.start.set(routeStart);
    this.roads = new Int32Array(Math.max(64, routeRoads.length * 2));
    this.roads.set(routeRoads);
    this.count = this.nStatic;
    this.used = this.staticUsed;
  }

  /** Routes appended by `intern`, by their roads (so drivers on the same path share one route id). */
  private readonly interned = new Map<string, number>();

  /** Drops the routes appended since construction. */
  reset(): void {
    this.count = this.nStatic;
    this.used = this.staticUsed;
    this.interned.clear();
  }

  /** The id of a run-time route with these roads, appended on first use. */
  intern(roads: ArrayLike<number>, n = roads.length): number {
    let key = '';
    for (let i = 0; i < n; i++) key += `${roads[i] ?? 0},`;
    const known = this.interned.get(key);
    if (known !== undefined && known < this.count) return known;
    const id = this.append(roads, n);
    this.interned.set(key, id);
    return id;
  }

  /** Number of roads of route `r`. */
  length(r: number): number {
    return (this.start[r + 1] ?? 0) - (this.start[r] ?? 0);
  }

  /** Road `i` of route `r` (-1 past its end). */
  road(r: number, i: number): number {
    return i < this.length(r) ? (this.roads[(this.start[r] ?? 0) + i] ?? -1) : -1;
  }

  /** Appends a route and returns its id. */
  append(roads: ArrayLike<number>, n = roads.length): number {
    if (this.count + 2 > this.start.length) this.start = grow(this.start, this.start.length * 2);
    if (this.used + n > this.roads.length) this.roads = grow(this.roads, Math.max(this.roads.length * 2, this.used + n));
    for (let i = 0; i < n; i++) this.roads[this.used + i] = roads[i] ?? 0;
    this.used += n;
    this.count++;
    this.start[this.count] = this.used;
    return this.count - 1;
  }

  /** The dynamic part, for snapshots. */
  getState(): { count: number; used: number; start: Int32Array; roads: Int32Array } {
    return { count: this.count, used: this.used, start: this.start.slice(0, this.count + 1), roads: this.roads.slice(0, this.used) };
  }

  /** Restores a state from `getState`. */
  setState(s: { count: number; used: number; start: Int32Array; roads: Int32Array }): void {
    if (s.start.length > this.start.length) this.start = new Int32Array(s.start.length * 2);
    if (s.roads.length > this.roads.length) this.roads = new Int32Array(s.roads.length * 2);
    this.start.set(s.start);
    this.roads.set(s.roads);
    this.count = s.count;
    this.used = s.used;
    this.interned.clear();
  }
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
