import { havePriority } from './linkStates.js';
import { MAX_CONT, type VehicleStore } from './VehicleStore.js';

/** Link-priority answers a cached entry may depend on (more: the result is not cached). */
const MAX_LINKS = 48;
/** Entries kept before the cache is emptied (bounds its memory on long runs). */
const MAX_ENTRIES = 1 << 14;
/** Variants kept per key (tables computed under different link-priority answers, e.g. the phases of a signal). */
const MAX_VARIANTS = 8;

/**
 * A memo of best-lane computations (`computeBestLanes`). Their result depends only on the route, the
 * position on it, the vehicle type and, through SUMO's `nextLinkPriority`, on whether some links ahead
 * have priority now; without a stop ahead, vehicles of a type on the same route at the same road get the
 * same table. An entry records the table (per lane: length, offset, continuation lanes) and every link
 * whose priority was asked with its answer; it is reused only while all those answers are unchanged, so
 * a hit writes exactly what the computation would. A key keeps up to {@link MAX_VARIANTS} entries (chained),
 * one per set of answers met, so that tables computed under a signal's different phases all stay reusable.
 * Not simulation state: emptied on reset and restore.
 *
 * @example
 * ```ts
 * const cache = new BestLanesCache(net.maxLanes);
 * if (!cache.load(key, state.veh, v, nl, state.linkState)) { computeBestLanes(state, v); cache.store(key, state.veh, v, nl); }
 * ```
 */
export class BestLanesCache {
  private readonly index = new Map<number, number>();
  private readonly laneStride: number;
  private count = 0;
  private len = new Float64Array(0);
  private off = new Int8Array(0);
  private cont = new Int32Array(0);
  private links = new Int32Array(0);
  private prio = new Uint8Array(0);
  private nLinks = new Int32Array(0);
  /** The next entry of the same key (-1: none). */
  private chain = new Int32Array(0);
  /** Links whose priority the computation in progress asked, and the answers (see `record`). */
  readonly recLinks = new Int32Array(MAX_LINKS);
  readonly recPrio = new Uint8Array(MAX_LINKS);
  nRec = 0;

  constructor(maxLanes: number) {
    this.laneStride = Math.max(1, maxLanes);
    this.grow(64);
  }

  /** Forgets every entry. */
  clear(): void {
    this.index.clear();
    this.count = 0;
  }

  /** Starts recording the link-priority answers of a computation. */
  begin(): void {
    this.nRec = 0;
  }

  /** Records that link `c` had priority answer `p` (0 or 1) in the computation in progress. */
  record(c: number, p: number): void {
    const k = this.nRec++;
    if (k < MAX_LINKS) {
      this.recLinks[k] = c;
      this.recPrio[k] = p;
    }
  }

  /**
   * Writes entry `key` into vehicle `v`'s best-lane table (`nl` lanes) if it exists and every recorded
   * link still gives the same priority answer (`havePriority` of its state in `linkState`); false otherwise.
   */
  load(key: number, vs: VehicleStore, v: number, nl: number, linkState: Uint8Array): boolean {
    let slot = this.index.get(key) ?? -1;
    while (slot >= 0 && !this.holds(slot, linkState)) slot = this.chain[slot] ?? -1;
    if (slot < 0) return false;
    const src = slot * this.laneStride;
    const dst = v * vs.laneStride;
    for (let k = 0; k < nl; k++) {
      vs.bestLen[dst + k] = this.len[src + k] ?? 0;
      vs.bestOff[dst + k] = this.off[src + k] ?? 0;
      const cs = (src + k) * MAX_CONT;
      const cd = (dst + k) * MAX_CONT;
      for (let j = 0; j < MAX_CONT; j++) {
        const l = this.cont[cs + j] ?? -1;
        vs.bestCont[cd + j] = l;
        if (l < 0) break;
      }
    }
    return true;
  }

  /** Whether every link entry `slot` recorded still gives the same priority answer. */
  private holds(slot: number, linkState: Uint8Array): boolean {
    const lb = slot * MAX_LINKS;
    const nL = this.nLinks[slot] ?? 0;
    for (let j = 0; j < nL; j++) if ((havePriority(linkState[this.links[lb + j] ?? 0] ?? 0) ? 1 : 0) !== this.prio[lb + j]) return false;
    return true;
  }

  /**
   * Stores vehicle `v`'s freshly computed table (`nl` lanes) under `key` with the recorded link answers: as a
   * new variant of the key (the existing ones gave other answers), or over its last one when it has enough.
   */
  store(key: number, vs: VehicleStore, v: number, nl: number): void {
    if (this.nRec > MAX_LINKS) return;
    if (this.count >= MAX_ENTRIES) this.clear();
    const first = this.index.get(key) ?? -1;
    let slot = first;
    let variants = 0;
    for (let s = first; s >= 0; s = this.chain[s] ?? -1) {
      variants++;
      slot = s;
    }
    if (variants < MAX_VARIANTS) {
      if (this.count >= (this.nLinks.length | 0)) this.grow(this.nLinks.length * 2);
      const fresh = this.count++;
      this.chain[fresh] = -1;
      if (slot < 0) this.index.set(key, fresh);
      else this.chain[slot] = fresh;
      slot = fresh;
    }
    const lb = slot * MAX_LINKS;
    this.nLinks[slot] = this.nRec;
    for (let j = 0; j < this.nRec; j++) {
      this.links[lb + j] = this.recLinks[j] ?? 0;
      this.prio[lb + j] = this.recPrio[j] ?? 0;
    }
    const dst = slot * this.laneStride;
    const src = v * vs.laneStride;
    for (let k = 0; k < nl; k++) {
      this.len[dst + k] = vs.bestLen[src + k] ?? 0;
      this.off[dst + k] = vs.bestOff[src + k] ?? 0;
      const cs = (src + k) * MAX_CONT;
      const cd = (dst + k) * MAX_CONT;
      for (let j = 0; j < MAX_CONT; j++) {
        const l = vs.bestCont[cs + j] ?? -1;
        this.cont[cd + j] = l;
        if (l < 0) break;
      }
    }
  }

  private grow(n: number): void {
    const ls = this.laneStride;
    const len = new Float64Array(n * ls);
    len.set(this.len);
    this.len = len;
    const off = new Int8Array(n * ls);
    off.set(this.off);
    this.off = off;
    const cont = new Int32Array(n * ls * MAX_CONT);
    cont.set(this.cont);
    this.cont = cont;
    const links = new Int32Array(n * MAX_LINKS);
    links.set(this.links);
    this.links = links;
    const prio = new Uint8Array(n * MAX_LINKS);
    prio.set(this.prio);
    this.prio = prio;
    const nLinks = new Int32Array(n);
    nLinks.set(this.nLinks);
    this.nLinks = nLinks;
    const chain = new Int32Array(n);
    chain.set(this.chain);
    this.chain = chain;
  }
}
