import type { NetworkSpec } from '../network/NetworkSpec.js';
import { conflictLists } from '../network/movementConflicts.js';
import { polylineCrossing } from '../network/polylineCrossing.js';
import { polylineLength } from '../network/geometry.js';
import type { CompiledGeometry } from './compileGeometry.js';
import { LS_M, LS_m, linkStateCode } from './linkStates.js';
import { DIVERGENCE_MIN_WIDTH, distToDivergence } from './siblingDivergence.js';

/** Foe-segment flags. */
export const FOE_SAME_TARGET = 1;
export const FOE_SAME_SOURCE = 2;
/** A foe lane leaving the same lane as the ego's, conflicting until they diverge (SUMO's same-origin foe). */
export const FOE_SIBLING = 8;
/** The foe segment ends at an internal junction (a permitted turn waiting inside the junction). */
export const FOE_CONT = 4;

/**
 * Links, as SUMO's junction logic has them: an entry link per connection (lane -> first internal lane)
 * and an internal-junction link per connection whose path is split (first -> second internal lane, where
 * permitted turns wait). Each link knows the links it yields to (`response`); each internal segment knows
 * the internal segments that cross or merge with it and where (for vehicles already inside a junction).
 */
export interface CompiledLinks {
  readonly nLinks: number;
  readonly linkConn: Int32Array;
  readonly linkFrom: Int32Array;
  readonly linkTo: Int32Array;
  /** 1 for the entry link of a connection with an internal junction (it needs no check: the internal junction does it). */
  readonly linkCont: Uint8Array;
  /** 1 for an internal-junction link. */
  readonly linkInternal: Uint8Array;
  /** Length (m) of the internal path from the link to the next link or the outgoing lane. */
  readonly linkLength: Float64Array;
  /** Unsignalized state (LS_*) of each link; signal-controlled links take theirs from the signal. */
  readonly linkStatic: Uint8Array;
  readonly linkKeepClear: Uint8Array;
  readonly linkHasFoes: Uint8Array;
  readonly linkVisibility: Float64Array;
  /** Links that link `l` yields to: `linkFoes[linkFoeStart[l] .. linkFoeStart[l+1])`. */
  readonly linkFoeStart: Int32Array;
  readonly linkFoes: Int32Array;
  /**
   * Internal lanes whose occupants block an insertion that would pass link `l` (SUMO `MSLink::myFoeLanes`:
   * the last internal lane of each foe connection, its first too when `l` yields to it; for an
   * internal-junction link the internal lanes of its junction): `linkFoeLanes[linkFoeLaneStart[l] .. [l+1])`.
   */
  readonly linkFoeLaneStart: Int32Array;
  readonly linkFoeLanes: Int32Array;
  /** Internal-junction link of connection `c`, -1 if none. */
  readonly connIJLink: Int32Array;
  /** Internal segments: the link at their end (internal-junction link) or -1 (they continue freely). */
  readonly segExitLink: Int32Array;
  /** Conflicts of internal segment `s`: `k` in `segFoeStart[s - nLanes] .. segFoeStart[s - nLanes + 1]`. */
  readonly segFoeStart: Int32Array;
  readonly segFoeSeg: Int32Array;
  /** Distance from the start of the segment to the conflict point, and from the foe segment's start. */
  readonly segFoeCross: Float64Array;
  readonly segFoeFoeCross: Float64Array;
  readonly segFoeHalfWidth: Float64Array;
  readonly segFoeFlags: Uint8Array;
}

const DIR_RANK: Record<string, number> = { s: 3, r: 2, l: 1, t: 0 };

/** Response lists derived from geometry, road priority and direction, for networks without SUMO's logic. */
function derivedResponse(spec: NetworkSpec, foes: readonly number[][], signalized: (c: number) => boolean, prio: (c: number) => number): number[][] {
  return spec.connections.map((c, i) => {
    const mine = foes[i] ?? [];
    return mine.filter((f) => {
      const o = spec.connections[f];
      if (!o) return false;
      if (!signalized(i) && prio(f) !== prio(i)) return prio(f) > prio(i);
      const rf = DIR_RANK[o.dir] ?? 0;
      const rc = DIR_RANK[c.dir] ?? 0;
      return rf > rc || (rf === rc && signalized(i) && f < i);
    });
  });
}

function flatten(lists: readonly (readonly number[])[]): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (start[i + 1] = (start[i] ?? 0) + l.length));
  const items = new Int32Array(start[lists.length] ?? 0);
  lists.forEach((l, i) => items.set(l, start[i] ?? 0));
  return { start, items };
}

/**
 * Compiles the junction logic (see {@link CompiledLinks}): SUMO's `<request>` foes and responses when the
 * importer gives them, else conflicts from the movement geometry and responses by road priority and
 * direction (straight before right before left before U-turn).
 *
 * @example
 * ```ts
 * const links = compileLinks(spec, geometry, conn);
 * links.linkFoes.subarray(links.linkFoeStart[3], links.linkFoeStart[4]); // links that link 3 yields to
 * ```
 */
export function compileLinks(
  spec: NetworkSpec, g: CompiledGeometry,
  conn: { fromLane: Int32Array; toLane: Int32Array; node: Int32Array; fromRoad: Int32Array; signalized: Uint8Array; roadPriority: Int32Array },
): CompiledLinks {
  const nConns = spec.connections.length;
  const geo = conflictLists(spec);
  const foes = spec.connections.map((c, i) => c.foes ?? Array.from(geo.foes.subarray(geo.start[i], geo.start[i + 1])));
  const derived = derivedResponse(spec, foes, (c) => conn.signalized[c] === 1, (c) => conn.roadPriority[conn.fromRoad[c] ?? 0] ?? 0);
  const response = spec.connections.map((c, i) => c.response ?? derived[i] ?? []);
  const connIJLink = new Int32Array(nConns).fill(-1);
  let nLinks = nConns;
  for (let c = 0; c < nConns; c++) if ((g.connSegCount[c] ?? 1) >= 2) connIJLink[c] = nLinks++;
  const linkConn = new Int32Array(nLinks);
  const linkFrom = new Int32Array(nLinks);
  const linkTo = new Int32Array(nLinks);
  const linkCont = new Uint8Array(nLinks);
  const linkInternal = new Uint8Array(nLinks);
  const linkLength = new Float64Array(nLinks);
  const linkStatic = new Uint8Array(nLinks);
  const linkKeepClear = new Uint8Array(nLinks);
  const linkHasFoes = new Uint8Array(nLinks);
  const linkVisibility = new Float64Array(nLinks);
  const foeLinks: number[][] = Array.from({ length: nLinks }, () => []);
  const foeLanes: number[][] = Array.from({ length: nLinks }, () => []);
  const firstSeg = (c: number): number => g.connSegStart[c] ?? 0;
  const lastSeg = (c: number): number => firstSeg(c) + (g.connSegCount[c] ?? 1) - 1;
  const segExitLink = new Int32Array(g.nSegs).fill(-1);
  spec.connections.forEach((c, i) => {
    const s0 = g.connSegStart[i] ?? 0;
    const n = g.connSegCount[i] ?? 1;
    const ij = connIJLink[i] ?? -1;
    linkConn[i] = i;
    linkFrom[i] = conn.fromLane[i] ?? 0;
    linkTo[i] = s0;
    linkCont[i] = ij >= 0 ? 1 : 0;
    linkKeepClear[i] = c.keepClear ? 1 : 0;
    linkHasFoes[i] = (foes[i]?.length ?? 0) > 0 ? 1 : 0;
    linkVisibility[i] = c.visibility;
    const resp = response[i] ?? [];
    linkStatic[i] = c.state !== undefined ? linkStateCode(c.state) : resp.length > 0 ? LS_m : LS_M;
    let len = 0;
    for (let k = 0; k < (ij >= 0 ? 1 : n); k++) len += g.segLength[s0 + k] ?? 0;
    linkLength[i] = c.linkLength ?? len;
    for (const f of foes[i] ?? []) {
      foeLanes[i]?.push(lastSeg(f));
      if (lastSeg(f) !== firstSeg(f) && resp.includes(f)) foeLanes[i]?.push(firstSeg(f));
    }
    for (const f of resp) {
      foeLinks[i]?.push(f);
      const fij = connIJLink[f] ?? -1;
      if (fij >= 0) foeLinks[i]?.push(fij);
    }
    if (ij >= 0) {
      linkConn[ij] = i;
      linkFrom[ij] = s0;
      linkTo[ij] = s0 + 1;
      linkInternal[ij] = 1;
      // SUMO: the internal junction's link has foes and keeps the connection's keepClear, so a driver
      // does not wait on the internal lane behind it when there is no room after the junction
      linkKeepClear[ij] = c.keepClear ? 1 : 0;
      linkHasFoes[ij] = 1;
      linkVisibility[ij] = c.visibility;
      linkStatic[ij] = (c.internalResponse?.length ?? 0) > 0 ? LS_m : LS_M;
      let rest = 0;
      for (let k = 1; k < n; k++) rest += g.segLength[s0 + k] ?? 0;
      linkLength[ij] = rest;
      segExitLink[s0] = ij;
      for (const f of c.internalResponse ?? []) foeLinks[ij]?.push(f);
      for (const [fc, k] of c.internalFoes ?? []) foeLanes[ij]?.push(firstSeg(fc) + k);
    }
  });
  const fl = flatten(foeLinks);
  const fla = flatten(foeLanes);
  const conflicts = segmentConflicts(spec, g, conn, foes, response);
  return {
    nLinks, linkConn, linkFrom, linkTo, linkCont, linkInternal, linkLength, linkStatic, linkKeepClear, linkHasFoes, linkVisibility,
    linkFoeStart: fl.start, linkFoes: fl.items, linkFoeLaneStart: fla.start, linkFoeLanes: fla.items, connIJLink, segExitLink, ...conflicts,
  };
}

/**
 * Where two internal lanes that end on the same lane merge (SUMO 1.15 `MSLink::setRequestInformation` for a
 * same-target foe): at the same geometric distance before both ends, where they come within the smaller of
 * DIVERGENCE_MIN_WIDTH and their mean width of each other (`computeDistToDivergence` on the reversed
 * shapes); at both ends when the ends lie that far apart. Returns the point's position on each lane.
 */
function mergePoint(
  shx: readonly [number, number][], shf: readonly [number, number][], lx: number, lf: number, wx: number, wf: number,
): [number, number] {
  const minDist = Math.min(DIVERGENCE_MIN_WIDTH, 0.5 * (wx + wf));
  const d = distToDivergence([...shx].reverse(), [...shf].reverse(), minDist, lx, lf);
  if (d < 0) return [lx, lf];
  const gx = Math.max(1e-9, polylineLength(shx));
  const gf = Math.max(1e-9, polylineLength(shf));
  return [Math.max(0, lx - (d * lx) / gx), Math.max(0, lf - (d * lf) / gf)];
}

type SegmentConflicts = Pick<CompiledLinks, 'segFoeStart' | 'segFoeSeg' | 'segFoeCross' | 'segFoeFoeCross' | 'segFoeHalfWidth' | 'segFoeFlags'>;

/** For every internal segment, the foe internal segments with the conflict point on each. */
function segmentConflicts(
  spec: NetworkSpec, g: CompiledGeometry, conn: { fromLane: Int32Array; toLane: Int32Array }, foes: readonly number[][], response: readonly number[][],
): SegmentConflicts {
  const nInt = g.nSegs - g.nLanes;
  const lists: [number, number, number, number, number][][] = Array.from({ length: nInt }, () => []);
  const last = (c: number): number => (g.connSegStart[c] ?? 0) + (g.connSegCount[c] ?? 1) - 1;
  const first = (c: number): number => g.connSegStart[c] ?? 0;
  const split = (c: number): boolean => (g.connSegCount[c] ?? 1) >= 2;
  const add = (x: number, f: number): void => {
    const list = lists[x - g.nLanes];
    if (!list || list.some((e) => e[0] === f)) return;
    const cx = g.segConn[x] ?? 0;
    const cf = g.segConn[f] ?? 0;
    // SUMO: the same target lane where both links leave the junction (an internal junction's link is never one)
    const sameTarget = conn.toLane[cx] === conn.toLane[cf] && x === last(cx) && f === last(cf);
    const sameSource = conn.fromLane[cx] === conn.fromLane[cf];
    let flags = (sameTarget ? FOE_SAME_TARGET : 0) | (sameSource ? FOE_SAME_SOURCE : 0);
    if (split(cf) && (g.segPiece[f] ?? 0) === 0) flags |= FOE_CONT;
    const lx = g.segLength[x] ?? 1;
    const lf = g.segLength[f] ?? 1;
    const shx = g.segShapes[x] ?? [];
    const shf = g.segShapes[f] ?? [];
    if (sameTarget) {
      list.push([f, ...mergePoint(shx, shf, lx, lf, g.segWidth[x] ?? 3.2, g.segWidth[f] ?? 3.2), 0, flags]);
      return;
    }
    const hit = polylineCrossing(shx, shf);
    let a = -1;
    let b = -1;
    if (hit) {
      // SUMO (`MSLink::setRequestInformation`, "wait at the internal junction"): behind an internal
      // junction the conflict point with a crossing foe is where the piece starts, not the crossing (no
      // width offset either: half the foe's width is added back here because linkLeaders subtracts it)
      a = (g.segPiece[x] ?? 0) > 0 ? (g.segWidth[f] ?? 3.2) / 2 : (hit.a * lx) / Math.max(1e-9, polylineLength(shx));
      b = (hit.b * lf) / Math.max(1e-9, polylineLength(shf));
    }
    list.push([f, a, b, (g.segWidth[f] ?? 3.2) / 2, flags]);
  };
  spec.connections.forEach((c, i) => {
    if (split(i)) {
      for (const [fc, k] of c.internalFoes ?? []) {
        const f = first(fc) + k;
        for (let p = 0; p < (g.connSegCount[i] ?? 1); p++) add(first(i) + p, f);
      }
      return;
    }
    const x = first(i);
    for (const f of foes[i] ?? []) {
      add(x, last(f));
      if (split(f) && (response[i] ?? []).includes(f)) add(x, first(f));
    }
  });
  // SUMO: the internal lanes that leave the same lane overlap until they diverge; each is a foe of the
  // others with the conflict point where they are DIVERGENCE_MIN_WIDTH apart (same-origin foe lanes)
  const byFromLane = new Map<number, number[]>();
  spec.connections.forEach((_c, i) => {
    const from = conn.fromLane[i] ?? -1;
    const list = byFromLane.get(from);
    if (list) list.push(i);
    else byFromLane.set(from, [i]);
  });
  spec.connections.forEach((ci, i) => {
    const x = first(i);
    for (const j of byFromLane.get(conn.fromLane[i] ?? -1) ?? []) {
      if (j === i) continue;
      const cj = spec.connections[j];
      if (!cj) continue;
      const f = first(j);
      const minDist = Math.min(DIVERGENCE_MIN_WIDTH, 0.5 * ((g.segWidth[x] ?? 3.2) + (g.segWidth[f] ?? 3.2)));
      const dx = distToDivergence(g.segShapes[x] ?? [], g.segShapes[f] ?? [], minDist, g.segLength[x] ?? 0, g.segLength[f] ?? 0);
      const df = distToDivergence(g.segShapes[f] ?? [], g.segShapes[x] ?? [], minDist, g.segLength[f] ?? 0, g.segLength[x] ?? 0);
      if (dx < 0) continue;
      const list = lists[x - g.nLanes];
      if (!list) continue;
      const scaleX = (g.segLength[x] ?? 1) / Math.max(1e-9, polylineLength(g.segShapes[x] ?? []));
      const scaleF = (g.segLength[f] ?? 1) / Math.max(1e-9, polylineLength(g.segShapes[f] ?? []));
      // parallel lanes of one internal edge: the geometric distance on both, as SUMO (its #10988)
      const parallel = (g.segLength[x] ?? 0) === (g.segLength[f] ?? 0) && ci.to === cj.to;
      const crossX = Math.min(g.segLength[x] ?? 0, parallel ? dx : dx * scaleX);
      const crossF = Math.min(g.segLength[f] ?? 0, parallel ? df : df * scaleF);
      const entry: [number, number, number, number, number] = [f, crossX, crossF, 0, FOE_SAME_SOURCE | FOE_SIBLING];
      const k = list.findIndex((e) => e[0] === f);
      if (k >= 0) list[k] = entry;
      else list.push(entry);
    }
  });
  const start = new Int32Array(nInt + 1);
  lists.forEach((l, i) => (start[i + 1] = (start[i] ?? 0) + l.length));
  const all = lists.flat();
  return {
    segFoeStart: start,
    segFoeSeg: Int32Array.from(all, (e) => e[0]),
    segFoeCross: Float64Array.from(all, (e) => e[1]),
    segFoeFoeCross: Float64Array.from(all, (e) => e[2]),
    segFoeHalfWidth: Float64Array.from(all, (e) => e[3]),
    segFoeFlags: Uint8Array.from(all, (e) => e[4]),
  };
}
