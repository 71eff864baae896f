import type { TraciLogic } from './protocol/traciValues.js';
import { STAGE_ALL_RED, STAGE_GREEN, STAGE_YELLOW } from '../engine/SignalController.js';

/** A SUMO program seen as tsgym phases: each green with its state string, and each SUMO phase's role. */
export interface ProgramPhases {
  /** State string of each tsgym phase (a SUMO green of positive duration, in program order from the first). */
  readonly greens: readonly string[];
  /** For each SUMO phase index: the tsgym phase it belongs to and its stage (green, yellow, all-red). */
  readonly phaseOf: Int32Array;
  readonly stageOf: Uint8Array;
  /** SUMO's duration of each phase (s). */
  readonly duration: Float64Array;
}

/**
 * Whether a signal character gives green (protected `G`, permitted `g`, off `o`/`O`).
 *
 * @example
 * ```ts
 * isGreenChar('g'); // true
 * ```
 */
export function isGreenChar(c: string): boolean {
  return c === 'G' || c === 'g' || c === 'o' || c === 'O';
}

/**
 * Splits a SUMO program into tsgym phases by the rule of tsgym's importer: a phase with a green and no
 * yellow, of positive duration, starts a tsgym phase (the program is read from its first such phase);
 * the yellow (`y`/`Y`) and red phases after it are its yellow and all-red.
 *
 * @example
 * ```ts
 * programPhases(logic).greens; // ['GGgrrrGGgrrr', 'rrrGGgrrrGGg']
 * ```
 */
export function programPhases(logic: TraciLogic): ProgramPhases {
  const n = logic.phases.length;
  const kind = logic.phases.map((p) => (/[yY]/.test(p.state) ? STAGE_YELLOW : [...p.state].some(isGreenChar) ? STAGE_GREEN : STAGE_ALL_RED));
  const first = logic.phases.findIndex((p, i) => kind[i] === STAGE_GREEN && p.duration > 0);
  const greens: string[] = [];
  const phaseOf = new Int32Array(n).fill(-1);
  const stageOf = new Uint8Array(n);
  if (first < 0) return { greens, phaseOf, stageOf, duration: Float64Array.from(logic.phases, (p) => p.duration) };
  for (let k = 0; k < n; k++) {
    const j = (first + k) % n;
    const p = logic.phases[j];
    if (!p) continue;
    if (kind[j] === STAGE_GREEN && p.duration > 0) greens.push(p.state);
    phaseOf[j] = greens.length - 1;
    stageOf[j] = kind[j] === STAGE_GREEN ? (p.duration > 0 ? STAGE_GREEN : STAGE_ALL_RED) : (kind[j]);
  }
  return { greens, phaseOf, stageOf, duration: Float64Array.from(logic.phases, (p) => p.duration) };
}

/**
 * The signal character of one link while its signal shows phase `a` (state string of the current green)
 * in `stage`, `b` being the green that follows: in green the program's own character; in yellow and
 * all-red, links green in both keep green (permitted unless protected in both), links losing green
 * show yellow (in yellow) or red, the rest red. This is tsgym's rule for connections, per SUMO link.
 *
 * @example
 * ```ts
 * transitionChar('G', 'r', STAGE_YELLOW); // 'y'
 * ```
 */
export function transitionChar(a: string, b: string, stage: number): string {
  if (stage === STAGE_GREEN) return a;
  if (isGreenChar(a) && isGreenChar(b)) return a === 'G' && b === 'G' ? 'G' : 'g';
  return stage === STAGE_YELLOW && isGreenChar(a) ? 'y' : 'r';
}
