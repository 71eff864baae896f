/**
 * The phases of a junction as a recording shows them: each distinct set of green signal heads that
 * holds with no head amber is a phase (numbered in order of first appearance), and for every frame the
 * phase in effect (or amber/all-red) and when it began. Works for any policy, fixed or learned.
 * @packageDocumentation
 */
import type { Frame } from '../../format/types.js';

/** A junction's phases and its phase at every frame. */
export interface PhaseTimeline {
  /** Signal head indexes (into `scene.signals`) of the junction. */
  readonly heads: number[];
  /** Per phase, whether each of `heads` is green. */
  readonly phases: boolean[][];
  /** Per frame: phase index, -1 amber, -2 all red. */
  readonly phaseAt: Int16Array;
  /** Per frame: simulated time the current phase (or amber/all-red interval) began. */
  readonly since: Float64Array;
}

/**
 * Reads the phase of junction heads `heads` from every frame's signal states.
 *
 * @example
 * ```ts
 * const tl = phaseTimeline(ep.frames, [0, 1, 2, 3]);
 * tl.phases.length; // 2 for a two-phase plan
 * ```
 */
export function phaseTimeline(frames: readonly Frame[], heads: number[]): PhaseTimeline {
  const keys = new Map<string, number>();
  const phases: boolean[][] = [];
  const phaseAt = new Int16Array(frames.length);
  const since = new Float64Array(frames.length);
  let prev = Number.NaN;
  frames.forEach((f, i) => {
    const sig = f.signals ?? '';
    const chars = heads.map((k) => sig[k] ?? 'o');
    let p: number;
    if (chars.includes('y')) p = -1;
    else if (!chars.includes('g')) p = -2;
    else {
      const key = chars.map((c) => (c === 'g' ? '1' : '0')).join('');
      let found = keys.get(key);
      if (found === undefined) {
        found = phases.length;
        keys.set(key, found);
        phases.push(chars.map((c) => c === 'g'));
      }
      p = found;
    }
    phaseAt[i] = p;
    since[i] = p === prev ? (since[i - 1] ?? f.t) : f.t;
    prev = p;
  });
  return { heads, phases, phaseAt, since };
}
