import type { NetworkSpec } from '../network/NetworkSpec.js';
import type { CompiledNetwork } from './compileNetwork.js';
import { DIR_CODE } from './compileNetwork.js';
import { programGroups } from './programGroups.js';

/** SUMO's vehicle length with gap used to place the loops (`DEFAULT_LENGTH_WITH_GAP`). */
const LENGTH_WITH_GAP = 7.5;

/**
 * The induction loops of the actuated programs and which loops extend which program step, compiled
 * once. `loopSeg`/`loopPos`: the lane the loop lies on and its distance from the lane's start;
 * `loopMaxGap` its gap limit; `loopJam` the jam threshold (<= 0: none). Program step `p` (a global step
 * index of {@link RawPrograms}) is extended by loops `stepLoops[stepLoopStart[p] .. stepLoopStart[p+1])`.
 */
export interface CompiledActuation {
  readonly nLoops: number;
  readonly loopSeg: Int32Array;
  readonly loopPos: Float64Array;
  readonly loopMaxGap: Float64Array;
  readonly loopJam: Float64Array;
  readonly stepLoopStart: Int32Array;
  readonly stepLoops: Int32Array;
  /** Per signal: its program's detector gap (s), SUMO `detector-gap` (0 when not actuated). */
  readonly detectorGap: Float64Array;
  /** Per signal: 1 when its program is actuated. */
  readonly actuated: Uint8Array;
}

type Program = NonNullable<NetworkSpec['signals'][number]['program']>;

/** Vehicles may use the lane: SUMO builds no loop on lanes for pedestrians or bicycles only. */
function motorized(allow: readonly string[] | undefined): boolean {
  return allow === undefined || allow.some((c) => c !== 'pedestrian' && c !== 'bicycle');
}

/**
 * One SUMO actuated `tlLogic` (all junctions it controls): where its loops lie and which steps each
 * extends, as SUMO 1.15's `MSActuatedTrafficLightLogic::init` decides it.
 */
function analyseProgram(
  spec: NetworkSpec,
  net: CompiledNetwork,
  prog: Program,
  links: number[][],
  addLoop: (seg: number, pos: number, maxGap: number, jam: number) => number,
): number[][] {
  const act = prog.actuated;
  if (!act) return prog.steps.map(() => []);
  const width = Math.min(act.width ?? links.length, links.length);
  const laneName = (l: number): string => `${net.roadIds[net.laneRoad[l] ?? 0] ?? ''}_${net.laneIndex[l] ?? 0}`;
  const lanesAt: number[][] = [];
  for (let i = 0; i < width; i++) {
    const set: number[] = [];
    for (const c of links[i] ?? []) {
      const l = net.connFromLane[c] ?? -1;
      if (l >= 0 && !set.includes(l)) set.push(l);
    }
    lanesAt.push(set);
  }
  const steps = prog.steps;
  const isActuated = steps.map((st) => (st.minDur ?? st.duration) !== (st.maxDur ?? st.duration));
  const greenAt = (st: string, i: number): boolean => st[i] === 'G' || st[i] === 'g';
  // loops: one per controlled lane that is green in an actuated step, in link order (SUMO init)
  const laneLoop = new Map<number, number>();
  for (let i = 0; i < width; i++) {
    for (const lane of lanesAt[i] ?? []) {
      if (laneLoop.has(lane)) continue;
      const road = spec.roads[net.laneRoad[lane] ?? 0];
      if (!motorized(road?.lanes[net.laneIndex[lane] ?? 0]?.allow)) continue;
      if (act.noDetector.includes(laneName(lane))) continue;
      let minDur = Infinity;
      steps.forEach((st, p) => {
        if (!isActuated[p]) return;
        for (let j = 0; j < width; j++) if (greenAt(st.state, j) && lanesAt[j]?.includes(lane)) minDur = Math.min(minDur, st.minDur ?? st.duration);
      });
      if (minDur === Infinity) continue;
      const speed = net.segSpeed[lane] ?? 13.89;
      const back = Math.min(act.detectorGap * speed, (minDur / act.passingTime + 0.5) * LENGTH_WITH_GAP);
      let at = lane;
      let pos = (net.segLength[lane] ?? 0) - back;
      // too short a lane: on the lane before it, while there is exactly one
      while (pos < 0 && (net.laneInStart[at + 1] ?? 0) - (net.laneInStart[at] ?? 0) === 1) {
        const via = net.laneIn[net.laneInStart[at] ?? 0] ?? 0;
        at = net.connFromLane[net.segConn[via] ?? 0] ?? at;
        pos += net.segLength[at] ?? 0;
      }
      laneLoop.set(lane, addLoop(at, Math.max(0, pos), act.laneMaxGap[laneName(lane)] ?? act.maxGap, act.jamThreshold));
    }
  }
  // which links each loop's lane feeds, and the link classes of SUMO's check 1
  const loopLinks = new Map<number, number[]>();
  for (let i = 0; i < width; i++) for (const lane of lanesAt[i] ?? []) if (laneLoop.has(lane)) loopLinks.set(lane, [...(loopLinks.get(lane) ?? []), i]);
  const neverMajor = Array.from({ length: width }, (_, i) => !steps.some((st) => st.state[i] === 'G'));
  const oneLane = lanesAt.map((lanes) => lanes.some((l) => (net.roadLaneCount[net.laneRoad[l] ?? 0] ?? 0) === 1));
  const turnaround = Array.from({ length: width }, (_, i) => (links[i] ?? []).every((c) => net.connDir[c] === DIR_CODE.t));
  return steps.map((st, p) => {
    if (!isActuated[p]) return [];
    const s = st.state;
    const hasMajor = (lanes: number[]): boolean => {
      for (let j = 0; j < width; j++) if (s[j] === 'G' && (lanesAt[j] ?? []).some((l) => lanes.includes(l))) return true;
      return false;
    };
    const green = new Set<number>();
    for (let i = 0; i < width; i++) {
      if (s[i] === 'G' || (s[i] === 'g' && ((((neverMajor[i] ?? false) || (turnaround[i] ?? false)) && hasMajor(lanesAt[i] ?? [])) || (oneLane[i] ?? false))))
        green.add(i);
    }
    const out: number[] = [];
    for (const [lane, loop] of laneLoop) {
      // check 1: every link the lane feeds is green; check 2: a loop on the lane after the junction (same program) too
      let usable = (loopLinks.get(lane) ?? []).every((i) => green.has(i));
      for (let k = net.laneConnStart[lane] ?? 0; usable && k < (net.laneConnStart[lane + 1] ?? 0); k++) {
        const c = net.laneConns[k] ?? 0;
        if (net.connDir[c] === DIR_CODE.t) continue;
        const next = net.connToLane[c] ?? -1;
        if (laneLoop.has(next) && !(loopLinks.get(next) ?? []).every((i) => green.has(i))) usable = false;
      }
      if (usable) out.push(loop);
    }
    return out;
  });
}

/**
 * Compiles SUMO's actuated programs: the loops SUMO would build and the steps they extend. The copies of
 * one `tlLogic` at several junctions (same `tl`) share their loops, so they decide alike, as SUMO's one
 * logic does.
 *
 * @example
 * ```ts
 * const act = compileActuation(spec, net, raw.stepStart);
 * act.nLoops; // 0 without actuated programs
 * ```
 */
export function compileActuation(spec: NetworkSpec, net: CompiledNetwork, stepStart: Int32Array): CompiledActuation {
  const seg: number[] = [];
  const pos: number[] = [];
  const maxGap: number[] = [];
  const jam: number[] = [];
  const addLoop = (s: number, x: number, g: number, j: number): number => {
    seg.push(s);
    pos.push(x);
    maxGap.push(g);
    jam.push(j);
    return seg.length - 1;
  };
  const sigs = spec.signals;
  const stepLoops: number[][] = new Array<number[]>(stepStart[sigs.length] ?? 0).fill([]);
  for (const { members, program, links } of programGroups(spec, (p) => p.actuated !== undefined)) {
    const perStep = analyseProgram(spec, net, program, links, addLoop);
    for (const s of members) perStep.forEach((loops, p) => (stepLoops[(stepStart[s] ?? 0) + p] = loops));
  }
  const stepLoopStart = new Int32Array(stepLoops.length + 1);
  stepLoops.forEach((l, p) => (stepLoopStart[p + 1] = (stepLoopStart[p] ?? 0) + l.length));
  return {
    nLoops: seg.length,
    loopSeg: Int32Array.from(seg),
    loopPos: Float64Array.from(pos),
    loopMaxGap: Float64Array.from(maxGap),
    loopJam: Float64Array.from(jam),
    stepLoopStart,
    stepLoops: Int32Array.from(stepLoops.flat()),
    detectorGap: Float64Array.from(sigs, (s) => s.program?.actuated?.detectorGap ?? 0),
    actuated: Uint8Array.from(sigs, (s) => (s.program?.actuated ? 1 : 0)),
  };
}
