import { InvalidConfig } from '../../../src/core/errors.js';
import type { SignalSpec } from '../network/NetworkSpec.js';
import type { SignalPlan } from './sumoTlLogic.js';

/** A recorded signal head: the signalised node and the connection it shows. */
export interface RecordedHead {
  readonly node: string;
  readonly conn: number;
}

/** What a plan is distilled from: frame times and one state character per head (`g`, `y`, `r`, `o`). */
export interface RecordedSignals {
  readonly heads: readonly RecordedHead[];
  readonly frames: readonly { readonly t: number; readonly signals?: string }[];
}

/** A plan distilled from a recording, with what was observed. */
export interface DistilledPlan extends SignalPlan {
  /** Mean time between the starts of successive cycles (starts of the most served phase), s. */
  readonly observedCycle: number;
  /** Green runs seen per phase (a phase never seen green gets 0 s and is left out of the SUMO program). */
  readonly runs: readonly number[];
}

/** The phase of `signal` whose green connections best match the green set `green` (most shared, fewest extra), or -1. */
function matchPhase(signal: SignalSpec, green: ReadonlySet<number>): number {
  let best = -1;
  let bestScore = 0;
  signal.phases.forEach((p, k) => {
    const conns = new Set([...p.protected, ...p.permitted]);
    let score = 0;
    for (const c of green) score += conns.has(c) ? 1 : -1;
    for (const c of conns) if (!green.has(c)) score -= 1;
    if (best < 0 || score > bestScore) [best, bestScore] = [k, score];
  });
  return green.size === 0 ? -1 : best;
}

/**
 * The fixed-time plan a recording of any policy shows for `signal`: each frame's green heads matched to
 * the phase they belong to (frames with an amber head are change intervals), the observed cycle the
 * mean time between the starts of the most served phase's green runs, and each phase's green its
 * share of all green time (its split) times the observed cycle less the change intervals (yellow and
 * all-red) of the phases served, so the plan's cycle is the observed one. Green time is counted from
 * frame to frame, so the resolution is the recording interval.
 *
 * @example
 * ```ts
 * distillPlan(spec.signals[0], { heads, frames }); // { node: 'C', greens: [40, 40], observedCycle: 86, ... }
 * ```
 */
export function distillPlan(signal: SignalSpec, rec: RecordedSignals): DistilledPlan {
  const mine = rec.heads.flatMap((h, k) => (h.node === signal.node ? [{ k, conn: h.conn }] : []));
  if (mine.length === 0) throw new InvalidConfig(`The recording has no signal heads of node '${signal.node}'`);
  const n = signal.phases.length;
  const total = new Float64Array(n);
  const runs = new Array<number>(n).fill(0);
  const starts: number[][] = signal.phases.map(() => []);
  let prev = -2;
  rec.frames.forEach((f, i) => {
    const s = f.signals ?? '';
    const chars = mine.map((h) => s[h.k] ?? 'o');
    const phase = chars.includes('y') ? -1 : matchPhase(signal, new Set(mine.filter((_, j) => chars[j] === 'g').map((h) => h.conn)));
    const next = rec.frames[i + 1];
    if (phase >= 0 && next !== undefined) {
      total[phase] = (total[phase] ?? 0) + (next.t - f.t);
      if (phase !== prev) {
        runs[phase] = (runs[phase] ?? 0) + 1;
        starts[phase]?.push(f.t);
      }
    }
    prev = phase;
  });
  const sum = total.reduce((a, g) => a + g, 0);
  if (sum === 0) throw new InvalidConfig(`The recording never shows signal '${signal.node}' green`);
  const most = starts.reduce((a, b) => (b.length > a.length ? b : a), [] as number[]);
  const observedCycle = most.length >= 2 ? ((most[most.length - 1] ?? 0) - (most[0] ?? 0)) / (most.length - 1) : Number.NaN;
  // change intervals (yellow, all-red) of the phases served
  const lost = signal.phases.reduce((a, p, k) => a + ((runs[k] ?? 0) > 0 ? p.yellow + p.allRed : 0), 0);
  const effective = observedCycle - lost;
  // splits of the observed cycle's green time; without two cycles (or a cycle shorter than its change
  // intervals) the mean green run
  const greens = Array.from(total, (g, p) =>
    Number.isFinite(effective) && effective > 0 ? (g / sum) * effective : (runs[p] ?? 0) > 0 ? g / (runs[p] ?? 1) : 0,
  );
  const cycle = greens.reduce((a, g) => a + g, 0) + lost;
  return { node: signal.node, cycle, greens, offset: 0, observedCycle, runs };
}
