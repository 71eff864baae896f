import type { NetworkSpec } from '../network/NetworkSpec.js';
import type { CompiledNetwork } from './compileNetwork.js';
import { DIR_CODE } from './compileNetwork.js';
import { programGroups } from './programGroups.js';

/**
 * The lane-area detectors of SUMO's delay_based programs and which of them each program step reads,
 * compiled once. Detector `d` covers the pieces `pieceStart[d] .. pieceStart[d+1])`: segment `pieceSeg`
 * from position `pieceFrom` to its end, which lies `pieceAfter` metres before the stop line; `detSpeed`
 * is the speed limit of the controlled lane. Step `p` (a global step index of {@link RawPrograms}) reads
 * the detectors of its green lanes, `stepGreen[stepGreenStart[p] ..]`, and of its other lanes,
 * `stepOther[stepOtherStart[p] ..]`.
 */
export interface CompiledDelayBased {
  readonly nDetectors: number;
  readonly pieceStart: Int32Array;
  readonly pieceSeg: Int32Array;
  readonly pieceFrom: Float64Array;
  readonly pieceAfter: Float64Array;
  readonly detSpeed: Float64Array;
  readonly stepGreenStart: Int32Array;
  readonly stepGreen: Int32Array;
  readonly stepOtherStart: Int32Array;
  readonly stepOther: Int32Array;
  /** Per signal: its program's time-loss threshold (s), SUMO `minTimeloss`. */
  readonly minTimeLoss: Float64Array;
  /** Per signal: 1 when its program is delay_based. */
  readonly delayBased: Uint8Array;
}

type Program = NonNullable<NetworkSpec['signals'][number]['program']>;

/** Vehicles may use the lane: SUMO builds no detector on lanes for pedestrians or bicycles only. */
function motorized(allow: readonly string[] | undefined): boolean {
  return allow === undefined || allow.some((c) => c !== 'pedestrian' && c !== 'bicycle');
}

/**
 * The pieces of a detector `range` metres long that ends at the stop line of `lane`: the lane's last
 * metres and, when the lane is shorter, upstream through the junction before it (its straight
 * connection, else its first), as SUMO extends a lane-area detector over the canonical predecessors.
 */
function detectorPieces(net: CompiledNetwork, lane: number, range: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  let seg = lane;
  let after = 0;
  let left = range;
  for (let guard = 0; guard < 16 && left > 0; guard++) {
    const len = net.segLength[seg] ?? 0;
    out.push([seg, Math.max(0, len - left), after]);
    left -= len;
    after += len;
    if (left <= 0) break;
    let prev = -1;
    if (seg < net.nLanes) {
      // into a lane: the internal segments ending on it, the straight one first
      for (let k = net.laneInStart[seg] ?? 0; k < (net.laneInStart[seg + 1] ?? 0); k++) {
        const s = net.laneIn[k] ?? -1;
        if (prev < 0 || net.connDir[net.segConn[s] ?? 0] === DIR_CODE.s) prev = s;
        if (net.connDir[net.segConn[s] ?? 0] === DIR_CODE.s) break;
      }
    } else {
      // on an internal segment: the one before it in its connection, else the connection's lane
      const c = net.segConn[seg] ?? 0;
      const piece = net.segPiece[seg] ?? 0;
      prev = piece > 0 ? (net.connSegStart[c] ?? 0) + piece - 1 : (net.connFromLane[c] ?? -1);
    }
    if (prev < 0) break;
    seg = prev;
  }
  return out;
}

/**
 * One SUMO delay_based `tlLogic` (all junctions it controls): a detector per controlled lane open to
 * vehicles, and per step the detectors of its green and of its other lanes, as SUMO 1.15's
 * `MSDelayBasedTrafficLightLogic` reads them.
 */
function analyseProgram(
  spec: NetworkSpec,
  net: CompiledNetwork,
  prog: Program,
  links: number[][],
  addDetector: (lane: number) => number,
): { green: number[]; other: number[] }[] {
  const cfg = prog.delayBased;
  if (!cfg) return prog.steps.map(() => ({ green: [], other: [] }));
  const width = Math.min(cfg.width ?? links.length, links.length);
  const detOf = new Map<number, number>();
  const lanesAt: number[][] = [];
  for (let i = 0; i < width; i++) {
    const dets: number[] = [];
    for (const c of links[i] ?? []) {
      const lane = net.connFromLane[c] ?? -1;
      if (lane < 0) continue;
      const road = spec.roads[net.laneRoad[lane] ?? 0];
      if (!motorized(road?.lanes[net.laneIndex[lane] ?? 0]?.allow)) continue;
      let d = detOf.get(lane);
      if (d === undefined) {
        d = addDetector(lane);
        detOf.set(lane, d);
      }
      if (!dets.includes(d)) dets.push(d);
    }
    lanesAt.push(dets);
  }
  return prog.steps.map((st) => {
    const green = new Set<number>();
    const other = new Set<number>();
    for (let i = 0; i < width; i++) for (const d of lanesAt[i] ?? []) (st.state[i] === 'G' || st.state[i] === 'g' ? green : other).add(d);
    return { green: [...green], other: [...other] };
  });
}

/**
 * Compiles SUMO's delay_based programs: their detectors and the ones each step reads. The copies of one
 * `tlLogic` at several junctions (same `tl`) share their detectors, so they decide alike, as SUMO's one
 * logic does.
 *
 * @example
 * ```ts
 * const db = compileDelayBased(spec, net, raw.stepStart);
 * db.nDetectors; // 0 without delay_based programs
 * ```
 */
export function compileDelayBased(spec: NetworkSpec, net: CompiledNetwork, stepStart: Int32Array): CompiledDelayBased {
  const pieceStart: number[] = [0];
  const pieces: [number, number, number][] = [];
  const speed: number[] = [];
  const sigs = spec.signals;
  const nSteps = stepStart[sigs.length] ?? 0;
  const green: number[][] = new Array<number[]>(nSteps).fill([]);
  const other: number[][] = new Array<number[]>(nSteps).fill([]);
  for (const { members, program, links } of programGroups(spec, (p) => p.delayBased !== undefined)) {
    const range = program.delayBased?.detectorRange ?? 100;
    const perStep = analyseProgram(spec, net, program, links, (lane) => {
      pieces.push(...detectorPieces(net, lane, range));
      pieceStart.push(pieces.length);
      speed.push(net.segSpeed[lane] ?? 13.89);
      return speed.length - 1;
    });
    for (const s of members) {
      perStep.forEach((x, p) => {
        green[(stepStart[s] ?? 0) + p] = x.green;
        other[(stepStart[s] ?? 0) + p] = x.other;
      });
    }
  }
  const starts = (lists: number[][]): Int32Array => {
    const out = new Int32Array(lists.length + 1);
    lists.forEach((l, p) => (out[p + 1] = (out[p] ?? 0) + l.length));
    return out;
  };
  return {
    nDetectors: speed.length,
    pieceStart: Int32Array.from(pieceStart),
    pieceSeg: Int32Array.from(pieces, (x) => x[0]),
    pieceFrom: Float64Array.from(pieces, (x) => x[1]),
    pieceAfter: Float64Array.from(pieces, (x) => x[2]),
    detSpeed: Float64Array.from(speed),
    stepGreenStart: starts(green),
    stepGreen: Int32Array.from(green.flat()),
    stepOtherStart: starts(other),
    stepOther: Int32Array.from(other.flat()),
    minTimeLoss: Float64Array.from(sigs, (s) => s.program?.delayBased?.minTimeLoss ?? 1),
    delayBased: Uint8Array.from(sigs, (s) => (s.program?.delayBased ? 1 : 0)),
  };
}
