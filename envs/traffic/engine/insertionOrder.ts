/**
 * A min-heap of roads keyed by the `extId` of the next pending vehicle of each (allocation-free after
 * warm-up): the insertion phase tries the pending vehicles of all roads in the order they were built, as
 * SUMO's `MSInsertionControl::emitVehicles` goes through its one pending list.
 *
 * @example
 * ```ts
 * const heap = new RoadHeap();
 * heap.push(road, extIdOfItsFirstVehicle);
 * while (heap.size > 0) tryNextOf(heap.pop());
 * ```
 */
export class RoadHeap {
  private roads = new Int32Array(16);
  private keys = new Int32Array(16);
  /** Roads in the heap. */
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(road: number, key: number): void {
    if (this.size === this.roads.length) {
      const r = new Int32Array(this.size * 2);
      const k = new Int32Array(this.size * 2);
      r.set(this.roads);
      k.set(this.keys);
      this.roads = r;
      this.keys = k;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((this.keys[p] ?? 0) <= key) break;
      this.roads[i] = this.roads[p] ?? 0;
      this.keys[i] = this.keys[p] ?? 0;
      i = p;
    }
    this.roads[i] = road;
    this.keys[i] = key;
  }

  /** Removes and returns the road with the smallest key. */
  pop(): number {
    const top = this.roads[0] ?? -1;
    const n = --this.size;
    if (n === 0) return top;
    const road = this.roads[n] ?? 0;
    const key = this.keys[n] ?? 0;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (this.keys[c + 1] ?? 0) < (this.keys[c] ?? 0)) c++;
      if ((this.keys[c] ?? 0) >= key) break;
      this.roads[i] = this.roads[c] ?? 0;
      this.keys[i] = this.keys[c] ?? 0;
      i = c;
    }
    this.roads[i] = road;
    this.keys[i] = key;
    return top;
  }
}
