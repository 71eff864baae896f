import type { NetworkSpec } from '../network/NetworkSpec.js';

/** Signal states of a connection. */
export const SIG_RED = 0;
export const SIG_YELLOW = 1;
export const SIG_PERMITTED = 2;
export const SIG_PROTECTED = 3;
/** Movements at unsignalized (priority) nodes: go, yielding by road priority. */
export const SIG_UNCONTROLLED = 4;
/** Stages of a signal. */
export const STAGE_GREEN = 0;
export const STAGE_YELLOW = 1;
export const STAGE_ALL_RED = 2;

/**
 * All signal programs of a network, as arrays, with their running state. In `fixed` mode each signal
 * cycles through its phases with the plan's durations and offset; in `external` mode a phase runs until
 * `requestPhase` asks for another one (honoured once min green has run; yellow and all-red are inserted
 * automatically) or its max green expires (then the next phase in order follows).
 *
 * @example
 * ```ts
 * const sig = new SignalController(spec, connNode);
 * sig.setMode('external');
 * sig.requestPhase(0, 1); sig.update(1, connState);
 * ```
 */
export class SignalController {
  readonly nSignals: number;
  readonly sigNode: Int32Array;
  /** Connections controlled by signal `s`: `sigConns[sigConnStart[s] .. sigConnStart[s+1])`. */
  readonly sigConnStart: Int32Array;
  readonly sigConns: Int32Array;
  /** Phases of signal `s`: global phase ids `phaseStart[s] .. phaseStart[s+1]`. */
  readonly phaseStart: Int32Array;
  readonly phDuration: Float64Array;
  readonly phMinGreen: Float64Array;
  readonly phMaxGreen: Float64Array;
  readonly phYellow: Float64Array;
  readonly phAllRed: Float64Array;
  /** State of each controlled connection in each phase: `phState[phStateStart[p] + k]`. */
  readonly phStateStart: Int32Array;
  readonly phState: Uint8Array;
  readonly offset: Float64Array;
  // dynamic state (snapshotted)
  /** Current (or, during yellow/all-red, the ending) phase, local index. */
  readonly phase: Int32Array;
  /** Phase that follows the running transition, local index. */
  readonly next: Int32Array;
  readonly stage: Uint8Array;
  readonly timer: Float64Array;
  /** Seconds since the current green began. */
  readonly greenTime: Float64Array;
  /** Requested phase (external mode), -1 for none. */
  readonly request: Int32Array;
  external = false;
  /** Set when a signal changed stage or phase since the connection states were last written. */
  private dirty = true;

  constructor(spec: NetworkSpec, connNode: Int32Array) {
    const nodeIx = new Map(spec.nodes.map((n, i) => [n.id, i] as const));
    const sigs = spec.signals;
    const n = sigs.length;
    this.nSignals = n;
    this.sigNode = Int32Array.from(sigs, (s) => nodeIx.get(s.node) ?? 0);
    this.sigConnStart = new Int32Array(n + 1);
    const conns: number[] = [];
    const phaseStart = new Int32Array(n + 1);
    const phases = sigs.flatMap((s) => s.phases);
    const stateStart: number[] = [];
    const states: number[] = [];
    sigs.forEach((s, i) => {
      const node = this.sigNode[i];
      const mine: number[] = [];
      for (let c = 0; c < connNode.length; c++) if (connNode[c] === node) mine.push(c);
      conns.push(...mine);
      this.sigConnStart[i + 1] = conns.length;
      phaseStart[i + 1] = (phaseStart[i] as number) + s.phases.length;
      for (const ph of s.phases) {
        stateStart.push(states.length);
        for (const c of mine) states.push(ph.protected.includes(c) ? SIG_PROTECTED : ph.permitted.includes(c) ? SIG_PERMITTED : SIG_RED);
      }
    });
    this.sigConns = Int32Array.from(conns);
    this.phaseStart = phaseStart;
    this.phDuration = Float64Array.from(phases, (p) => p.duration);
    this.phMinGreen = Float64Array.from(phases, (p) => p.minGreen ?? Math.min(5, p.duration));
    this.phMaxGreen = Float64Array.from(phases, (p) => p.maxGreen ?? Math.max(60, p.duration));
    this.phYellow = Float64Array.from(phases, (p) => p.yellow);
    this.phAllRed = Float64Array.from(phases, (p) => p.allRed);
    this.phStateStart = Int32Array.from(stateStart);
    this.phState = Uint8Array.from(states);
    this.offset = Float64Array.from(sigs, (s) => s.offset);
    this.phase = new Int32Array(n);
    this.next = new Int32Array(n);
    this.stage = new Uint8Array(n);
    this.timer = new Float64Array(n);
    this.greenTime = new Float64Array(n);
    this.request = new Int32Array(n).fill(-1);
  }

  /** Number of phases of signal `s`. */
  phaseCount(s: number): number {
    return (this.phaseStart[s + 1] as number) - (this.phaseStart[s] as number);
  }

  /** Cycle length (s) of the fixed-time plan of signal `s`. */
  cycle(s: number): number {
    let c = 0;
    for (let p = this.phaseStart[s] as number; p < (this.phaseStart[s + 1] as number); p++) c += (this.phDuration[p] as number) + (this.phYellow[p] as number) + (this.phAllRed[p] as number);
    return c;
  }

  /** `fixed`: run the plan; `external`: phases change only on request or max green. */
  setMode(mode: 'fixed' | 'external'): void {
    this.external = mode === 'external';
  }

  /** Back to phase 0 at the start of its green (fixed mode: shifted by the offset). */
  reset(connState: Uint8Array): void {
    this.phase.fill(0);
    this.next.fill(0);
    this.stage.fill(STAGE_GREEN);
    this.timer.fill(0);
    this.greenTime.fill(0);
    this.request.fill(-1);
    if (!this.external) {
      for (let s = 0; s < this.nSignals; s++) {
        const cyc = this.cycle(s);
        const shift = cyc > 0 ? (((-(this.offset[s] as number)) % cyc) + cyc) % cyc : 0;
        if (shift > 0) this.advance(s, shift);
      }
    }
    this.writeStates(connState);
  }

  /** Asks signal `s` to switch to phase `p` (local index); the same phase as now keeps it green. */
  requestPhase(s: number, p: number): void {
    this.request[s] = p;
  }

  /** Advances all signals by `dt` seconds and writes every controlled connection's state. */
  update(dt: number, connState: Uint8Array): void {
    for (let s = 0; s < this.nSignals; s++) this.advance(s, dt);
    if (this.dirty) this.writeStates(connState);
  }

  private advance(s: number, dt: number): void {
    const base = this.phaseStart[s] as number;
    const n = this.phaseCount(s);
    let rest = dt;
    for (let guard = 0; guard < 1000; guard++) {
      const p = base + (this.phase[s] as number);
      const st = this.stage[s] as number;
      // time used up: stop, unless a clearance stage of zero length is due (passed through at once, so a
      // 0 s yellow or all-red never shows for a step)
      if (rest <= 0 && (st === STAGE_GREEN || (st === STAGE_YELLOW ? (this.phYellow[p] as number) : (this.phAllRed[p] as number)) > 0)) return;
      if (st === STAGE_GREEN) {
        if (this.external) {
          const req = this.request[s] as number;
          const want = req >= 0 && req !== this.phase[s] ? req : -1;
          const g = this.greenTime[s] as number;
          const endAt = want >= 0 ? Math.max(this.phMinGreen[p] as number, g) : (this.phMaxGreen[p] as number);
          if (endAt - g > rest + 1e-9) {
            this.greenTime[s] = g + rest;
            this.timer[s] = (this.timer[s] as number) + rest;
            return;
          }
          rest -= Math.max(0, endAt - g);
          this.next[s] = want >= 0 ? want : ((this.phase[s] as number) + 1) % n;
          this.request[s] = -1;
        } else {
          const left = (this.phDuration[p] as number) - (this.timer[s] as number);
          if (left > rest + 1e-9) {
            this.timer[s] = (this.timer[s] as number) + rest;
            this.greenTime[s] = (this.greenTime[s] as number) + rest;
            return;
          }
          rest -= Math.max(0, left);
          this.next[s] = ((this.phase[s] as number) + 1) % n;
        }
        if (this.next[s] === this.phase[s]) {
          this.greenTime[s] = 0;
          this.timer[s] = 0;
          continue;
        }
        this.stage[s] = STAGE_YELLOW;
        this.timer[s] = 0;
        this.dirty = true;
      } else {
        const len = st === STAGE_YELLOW ? (this.phYellow[p] as number) : (this.phAllRed[p] as number);
        const left = len - (this.timer[s] as number);
        if (left > rest + 1e-9) {
          this.timer[s] = (this.timer[s] as number) + rest;
          return;
        }
        rest -= Math.max(0, left);
        this.timer[s] = 0;
        this.dirty = true;
        if (st === STAGE_YELLOW) this.stage[s] = STAGE_ALL_RED;
        else {
          this.stage[s] = STAGE_GREEN;
          this.phase[s] = this.next[s] as number;
          this.greenTime[s] = 0;
        }
      }
    }
  }

  /** Writes the state of every controlled connection from the signals' phases and stages. */
  writeStates(connState: Uint8Array): void {
    this.dirty = false;
    for (let s = 0; s < this.nSignals; s++) {
      const c0 = this.sigConnStart[s] as number;
      const nc = (this.sigConnStart[s + 1] as number) - c0;
      const base = this.phaseStart[s] as number;
      const cur = (this.phStateStart[base + (this.phase[s] as number)] as number);
      const nxt = (this.phStateStart[base + (this.next[s] as number)] as number);
      const st = this.stage[s];
      for (let k = 0; k < nc; k++) {
        const a = this.phState[cur + k] as number;
        let v = a;
        if (st !== STAGE_GREEN) {
          const b = this.phState[nxt + k] as number;
          v = a > 0 && b > 0 ? Math.min(a, b) : a > 0 && st === STAGE_YELLOW ? SIG_YELLOW : SIG_RED;
        }
        connState[this.sigConns[c0 + k] as number] = v;
      }
    }
  }

  /** The dynamic state, for snapshots. */
  getState(): { phase: Int32Array; next: Int32Array; stage: Uint8Array; timer: Float64Array; greenTime: Float64Array; request: Int32Array; external: boolean } {
    return { phase: this.phase.slice(), next: this.next.slice(), stage: this.stage.slice(), timer: this.timer.slice(), greenTime: this.greenTime.slice(), request: this.request.slice(), external: this.external };
  }

  /** Restores a state from `getState`. */
  setState(st: ReturnType<SignalController['getState']>): void {
    this.phase.set(st.phase);
    this.next.set(st.next);
    this.stage.set(st.stage);
    this.timer.set(st.timer);
    this.greenTime.set(st.greenTime);
    this.request.set(st.request);
    this.external = st.external;
    this.dirty = true;
  }
}
