import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import { laneMeasures, type LaneMeasures } from './rescoLanes.js';
import { RescoMaxPressureRule } from './RescoMaxPressureRule.js';
import { LEARNER_RANGE } from './rescoMdp.js';

/** RESCO's normaliser of lane counts (vehicles). */
const NORM_COUNT = 28;
/** Normaliser of waiting times (s): RESCO's `wait_norm` divisor. */
const NORM_WAIT = 224;
/** Normaliser of summed speeds (m/s): RESCO's `drq_norm` (20 m/s x 28 vehicles). */
const NORM_SPEED = 20 * NORM_COUNT;

/** Figures per phase of {@link mplightFeatures}: the phase's pressure and whether it is the current one. */
export const MPLIGHT_FEATURES = 2;

/** Figures per phase of {@link phaseFeatures}. */
export const PHASE_FEATURES = 7;

/** 1 if `p` is the green phase now (0 for every phase during a yellow). */
function current(agent: TrafficSignalAgent, p: number): number {
  return !agent.inTransition && agent.phase === p ? 1 : 0;
}

const rule = new RescoMaxPressureRule(LEARNER_RANGE);

/**
 * MPLight's state (RESCO's `mplight`), one row per phase so a network scoring rows works for any phase
 * count: `[pressure / 28, current]`, the pressure being RESCO's (queued vehicles within 200 m on the
 * lanes the phase serves minus those on the outgoing lanes it feeds that lead to another signal), the
 * movements' pressures summed per phase as FRAP sums its movements' demands.
 *
 * @example
 * ```ts
 * const x = mplightFeatures(agent); // length MPLIGHT_FEATURES * agent.numPhases
 * ```
 */
export function mplightFeatures(agent: TrafficSignalAgent): Float32Array {
  const pr = rule.pressures(agent);
  const out = new Float32Array(MPLIGHT_FEATURES * agent.numPhases);
  pr.forEach((v, p) => out.set([v / NORM_COUNT, current(agent, p)], MPLIGHT_FEATURES * p));
  return out;
}

/**
 * RESCO's `pressure` reward of MPLight, over 28: minus (queued vehicles within 200 m on the incoming
 * lanes minus those on the outgoing lanes that lead to another signal). The scale does not change the
 * optimal policy and keeps the TD errors near 1.
 *
 * @example
 * ```ts
 * pressureReward(agent); // -(queued in - queued downstream) / 28
 * ```
 */
export function pressureReward(agent: TrafficSignalAgent): number {
  agent.engine.laneStats();
  const n = agent.engine.net;
  let s = 0;
  for (const l of new Set(agent.inLanes)) s += laneMeasures(agent, l, LEARNER_RANGE).queue;
  const outs = new Set<number>();
  for (const c of agent.conns) if (n.nodeSignal[n.roadTo[n.connToRoad[c]]] >= 0) outs.add(n.connToLane[c]);
  for (const o of outs) s -= laneMeasures(agent, o, LEARNER_RANGE).queue;
  return -s / NORM_COUNT;
}

type Net = TrafficSignalAgent['engine']['net'];
const feeders = new WeakMap<Net, Map<number, number[]>>();

/**
 * The lanes that only feed `lane` through an unsignalized junction (every connection of theirs leads to
 * `lane`): a short signal approach continued upstream, e.g. a 12 m lane after a 44 m one.
 */
export function feederLanes(net: Net, lane: number): readonly number[] {
  let m = feeders.get(net);
  if (m === undefined) {
    m = new Map();
    for (let c = 0; c < net.nConns; c++) {
      if (net.connSignalized[c] === 1) continue;
      const u = net.connFromLane[c];
      const to = net.connToLane[c];
      let only = true;
      for (let k = net.laneConnStart[u]; k < net.laneConnStart[u + 1]; k++) if (net.connToLane[net.laneConns[k]] !== to) only = false;
      const list = m.get(to) ?? [];
      if (only && !list.includes(u)) m.set(to, [...list, u]);
    }
    feeders.set(net, m);
  }
  return m.get(lane) ?? [];
}

/**
 * {@link laneMeasures} of `lane` within `range` metres of its stop line, continued upstream through its
 * {@link feederLanes} (recursively) for what is left of the range: a queue that spills back beyond a
 * short approach lane stays in view.
 */
export function approachMeasures(agent: TrafficSignalAgent, lane: number, range: number, depth = 3): LaneMeasures {
  const m = { ...laneMeasures(agent, lane, range) };
  const net = agent.engine.net;
  const rest = range - net.segLength[lane];
  if (rest <= 0 || depth <= 0) return m;
  for (const u of feederLanes(net, lane)) {
    const x = approachMeasures(agent, u, rest, depth - 1);
    m.queue += x.queue;
    m.approach += x.approach;
    m.speedSum += x.speedSum;
    m.wait += x.wait;
  }
  return m;
}

/** The distinct outgoing lanes the connections of phase `p` feed. */
function phaseOutLanes(agent: TrafficSignalAgent, p: number): Set<number> {
  const n = agent.engine.net;
  return new Set(Array.from(agent.phaseConns[p], (c) => n.connToLane[c]));
}

/**
 * The movement-level state of the `phase-dqn` learner, one row of {@link PHASE_FEATURES} per phase
 * summing, over the distinct incoming lanes the phase serves (within 200 m of the stop line, continued
 * upstream through lanes that only feed them: {@link approachMeasures}): queued
 * vehicles / 28, approaching vehicles / 28, accumulated waiting time / 224, summed speeds / (20 x 28);
 * then queued vehicles within 200 m on the outgoing lanes it feeds / 28, the number of lanes it serves
 * / 4, and whether it is the current green phase. Rows use no signal identity or lane order, so one
 * network scores the phases of every signal of every shape.
 *
 * @example
 * ```ts
 * const x = phaseFeatures(agent); // length PHASE_FEATURES * agent.numPhases
 * ```
 */
export function phaseFeatures(agent: TrafficSignalAgent): Float32Array {
  agent.engine.laneStats();
  const memo = new Map<number, LaneMeasures>();
  const m = (lane: number): LaneMeasures => {
    let v = memo.get(lane);
    if (v === undefined) memo.set(lane, (v = approachMeasures(agent, lane, LEARNER_RANGE)));
    return v;
  };
  const down = (lane: number): number => laneMeasures(agent, lane, LEARNER_RANGE).queue;
  const out = new Float32Array(PHASE_FEATURES * agent.numPhases);
  for (let p = 0; p < agent.numPhases; p++) {
    const ins = new Set(agent.phaseLanes[p]);
    let queue = 0;
    let approach = 0;
    let wait = 0;
    let speed = 0;
    for (const l of ins) {
      const x = m(l);
      queue += x.queue;
      approach += x.approach;
      wait += x.wait;
      speed += x.speedSum;
    }
    let queued = 0;
    for (const o of phaseOutLanes(agent, p)) queued += down(o);
    const row = [queue / NORM_COUNT, approach / NORM_COUNT, wait / NORM_WAIT, speed / NORM_SPEED, queued / NORM_COUNT, ins.size / 4, current(agent, p)];
    out.set(row, PHASE_FEATURES * p);
  }
  return out;
}
