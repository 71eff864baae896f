import type { NetworkSpec } from '../network/NetworkSpec.js';

/** Signal states of a connection. */
export const SIG_RED = 0;
export const SIG_YELLOW = 1;
export const SIG_PERMITTED = 2;
export const SIG_PROTECTED = 3;
/** Movements at unsignalized (priority) nodes: go, yielding by the junction logic. */
export const SIG_UNCONTROLLED = 4;
/** May go after a full stop, yielding (SUMO 's': right turn on red). */
export const SIG_STOP = 5;

const CHAR_STATE: Record<string, number> = {
  G: SIG_PROTECTED, O: SIG_PROTECTED, g: SIG_PERMITTED, o: SIG_PERMITTED, y: SIG_YELLOW, Y: SIG_YELLOW, s: SIG_STOP,
};

/**
 * Imported signal programs run step by step (SUMO's `tlLogic` phases with their own yellow and red
 * states), as arrays: steps `stepStart[s] .. stepStart[s+1]` of signal `s`, each with a duration, the
 * green phase it belongs to, its kind (0 green, 1 yellow, 2 red) and the state of every connection the
 * signal controls.
 *
 * @example
 * ```ts
 * const raw = new RawPrograms(spec, sigConnStart, sigConns);
 * raw.has(0); // true when signal 0 has a program as written
 * ```
 */
export class RawPrograms {
  readonly stepStart: Int32Array;
  readonly duration: Float64Array;
  /** Actuated programs: shortest and longest duration of each step (both `duration` for a step that is not actuated). */
  readonly minDur: Float64Array;
  readonly maxDur: Float64Array;
  readonly green: Int32Array;
  readonly kind: Uint8Array;
  /** State of controlled connection `k` of signal `s` in step `p`: `state[stateStart[p] + k]`. */
  readonly stateStart: Int32Array;
  readonly state: Uint8Array;

  constructor(spec: NetworkSpec, sigConnStart: Int32Array, sigConns: Int32Array) {
    const n = spec.signals.length;
    this.stepStart = new Int32Array(n + 1);
    const dur: number[] = [];
    const minDur: number[] = [];
    const maxDur: number[] = [];
    const green: number[] = [];
    const kind: number[] = [];
    const stateStart: number[] = [];
    const state: number[] = [];
    spec.signals.forEach((sig, s) => {
      const prog = sig.program;
      const c0 = sigConnStart[s] ?? 0;
      const nc = (sigConnStart[s + 1] ?? 0) - c0;
      const slot = new Map<number, number>();
      for (let k = 0; k < nc; k++) slot.set(sigConns[c0 + k] ?? 0, k);
      for (const st of prog?.steps ?? []) {
        dur.push(st.duration);
        minDur.push(st.minDur ?? st.duration);
        maxDur.push(st.maxDur ?? st.duration);
        green.push(st.green);
        kind.push(st.kind === 'green' ? 0 : st.kind === 'yellow' ? 1 : 2);
        stateStart.push(state.length);
        const row = new Array<number>(nc).fill(SIG_RED);
        prog?.links.forEach((conns, li) => {
          const code = CHAR_STATE[st.state[li] ?? 'r'] ?? SIG_RED;
          for (const c of conns) {
            const k = slot.get(c);
            if (k !== undefined) row[k] = code;
          }
        });
        state.push(...row);
      }
      this.stepStart[s + 1] = dur.length;
    });
    this.duration = Float64Array.from(dur);
    this.minDur = Float64Array.from(minDur);
    this.maxDur = Float64Array.from(maxDur);
    this.green = Int32Array.from(green);
    this.kind = Uint8Array.from(kind);
    this.stateStart = Int32Array.from(stateStart);
    this.state = Uint8Array.from(state);
  }

  /** Whether signal `s` has a program as written. */
  has(s: number): boolean {
    return (this.stepStart[s + 1] ?? 0) > (this.stepStart[s] ?? 0);
  }

  /** Cycle length (s) of signal `s`'s program. */
  cycle(s: number): number {
    let c = 0;
    for (let p = this.stepStart[s] ?? 0; p < (this.stepStart[s + 1] ?? 0); p++) c += this.duration[p] ?? 0;
    return c;
  }
}
