import type { NetworkSpec } from '../network/NetworkSpec.js';
import type { InductionLoops } from './InductionLoops.js';
import { keepGreenFor } from './LaneAreaDetectors.js';

/** SUMO's `proposeProlongation` of signal `s` at step `p`, `act` s into it (see `attachDelayBased`). */
export type DelayProposal = (s: number, p: number, act: number, maxDur: number) => { prolong: number; othersEmpty: boolean };
import { RawPrograms, SIG_PERMITTED, SIG_PROTECTED, SIG_RED, SIG_STOP, SIG_YELLOW } from './RawPrograms.js';

export { SIG_PERMITTED, SIG_PROTECTED, SIG_RED, SIG_STOP, SIG_UNCONTROLLED, SIG_YELLOW } from './RawPrograms.js';
/** Stages of a signal. */
export const STAGE_GREEN = 0;
export const STAGE_YELLOW = 1;
export const STAGE_ALL_RED = 2;

function isGreen(x: number): boolean {
  return x === SIG_PERMITTED || x === SIG_PROTECTED;
}

/**
 * All signal programs of a network, as arrays, with their running state. In `fixed` mode each signal
 * cycles through its phases with the plan's durations and offset (an imported program runs exactly as
 * written, see {@link RawPrograms}); in `external` mode a phase runs until `requestPhase` asks for
 * another one (honoured once min green has run; yellow and all-red are inserted automatically) or its
 * max green expires (then the next phase in order follows). As in SUMO, the state in force during the
 * step that starts at time t is the plan's state at t.
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
  readonly raw: RawPrograms;
  // dynamic state (snapshotted)
  /** Current (or, during yellow/all-red, the ending) phase, local index. */
  readonly phase: Int32Array;
  /** Phase that follows the running transition, local index. */
  readonly next: Int32Array;
  readonly stage: Uint8Array;
  readonly timer: Float64Array;
  /** Seconds since the current green began. */
  readonly greenTime: Float64Array;
  /** 1 for a signal that runs its plan (raw program if any) even in external mode (see `pin`). */
  readonly pinned: Uint8Array;
  /** Requested phase (external mode), -1 for none. */
  readonly request: Int32Array;
  /** Step of the program as written (fixed mode with an imported program). */
  readonly rawStep: Int32Array;
  /** Actuated programs: time into the current step of its next check (SUMO's next `trySwitch`). */
  readonly actNext: Float64Array;
  external = false;
  /** The clock (s) of the last `update`. */
  now = 0;
  /** The loops of the actuated programs (see `attachLoops`). */
  private loops: InductionLoops | undefined;
  /** The delay_based programs (see `attachDelayBased`). */
  private delayFlags: Uint8Array | undefined;
  private propose: DelayProposal | undefined;
  /** Set when a signal changed stage or phase since the connection states were last written; `writes` counts the writes. */
  private dirty = true;
  writes = 0;

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
      phaseStart[i + 1] = (phaseStart[i] ?? 0) + s.phases.length;
      for (const ph of s.phases) {
        stateStart.push(states.length);
        for (const c of mine)
          states.push(ph.protected.includes(c) ? SIG_PROTECTED : ph.permitted.includes(c) ? SIG_PERMITTED : ph.stop.includes(c) ? SIG_STOP : SIG_RED);
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
    this.raw = new RawPrograms(spec, this.sigConnStart, this.sigConns);
    this.phase = new Int32Array(n);
    this.next = new Int32Array(n);
    this.stage = new Uint8Array(n);
    this.timer = new Float64Array(n);
    this.greenTime = new Float64Array(n);
    this.request = new Int32Array(n).fill(-1);
    this.rawStep = new Int32Array(n);
    this.actNext = new Float64Array(n);
    this.pinned = new Uint8Array(n);
  }

  /** Runs the actuated programs (SUMO `type="actuated"`) on these loops; without, they run as written. */
  attachLoops(loops: InductionLoops): void {
    this.loops = loops;
  }

  /** Runs the delay_based programs (`flags[s]` 1) with `propose` (SUMO's `proposeProlongation`); without, as written. */
  attachDelayBased(flags: Uint8Array, propose: DelayProposal): void {
    this.delayFlags = flags;
    this.propose = propose;
  }

  /** Whether signal `s` runs an actuated or delay_based program now. */
  private actuatedNow(s: number): boolean {
    return (this.loops?.act.actuated[s] === 1 || this.delayFlags?.[s] === 1) && this.runsPlan(s) && this.raw.has(s);
  }

  /** Number of phases of signal `s`. */
  phaseCount(s: number): number {
    return (this.phaseStart[s + 1] ?? 0) - (this.phaseStart[s] ?? 0);
  }

  /** Cycle length (s) of the fixed-time plan of signal `s`. */
  cycle(s: number): number {
    if (this.raw.has(s)) return this.raw.cycle(s);
    let c = 0;
    for (let p = this.phaseStart[s] ?? 0; p < (this.phaseStart[s + 1] ?? 0); p++)
      c += (this.phDuration[p] ?? 0) + (this.phYellow[p] ?? 0) + (this.phAllRed[p] ?? 0);
    return c;
  }

  /** `fixed`: run the plan; `external`: phases change only on request or max green. */
  setMode(mode: 'fixed' | 'external'): void {
    this.external = mode === 'external';
  }

  /** Signal `s` runs its plan as in fixed mode (its raw program if imported, with its offset) even in external mode. */
  pin(s: number): void {
    this.pinned[s] = 1;
  }

  /** Whether signal `s` runs its plan now (fixed mode, or pinned). */
  private runsPlan(s: number): boolean {
    return !this.external || this.pinned[s] === 1;
  }

  /**
   * Back to phase 0 at the start of its green; signals that run their plan are put where the plan is
   * at `begin` (SUMO: phase 0 starts at the offset), `dt` before the first step, so that the first
   * `update(dt)` shows the plan's state at `begin`.
   */
  reset(connState: Uint8Array, dt = 0, begin = 0): void {
    this.phase.fill(0);
    this.next.fill(0);
    this.stage.fill(STAGE_GREEN);
    this.timer.fill(0);
    this.greenTime.fill(0);
    this.request.fill(-1);
    this.rawStep.fill(0);
    this.now = begin - dt;
    for (let s = 0; s < this.nSignals; s++) {
      if (!this.runsPlan(s)) continue;
      const cyc = this.cycle(s);
      if (this.actuatedNow(s)) {
        // SUMO: the step in force at `begin` by the durations as written, run afresh from `begin` (first check after its minDur)
        const shift = cyc > 0 ? (((begin - (this.offset[s] ?? 0)) % cyc) + cyc) % cyc : 0;
        if (shift > 0) this.advanceRaw(s, shift);
        this.timer[s] = -dt;
        this.greenTime[s] = -dt;
        this.actNext[s] = Math.max(0, this.raw.minDur[(this.raw.stepStart[s] ?? 0) + (this.rawStep[s] ?? 0)] ?? 0);
        continue;
      }
      const shift = cyc > 0 ? (((begin - (this.offset[s] ?? 0) - dt) % cyc) + cyc) % cyc : 0;
      if (shift > 0) this.advance(s, shift);
    }
    this.dirty = true;
    this.writeStates(connState);
  }

  /** Asks signal `s` to switch to phase `p` (local index); the same phase as now keeps it green. */
  requestPhase(s: number, p: number): void {
    this.request[s] = p;
  }

  /** Advances all signals by `dt` seconds (to the clock `now`) and writes every controlled connection's state. */
  update(dt: number, connState: Uint8Array, now = this.now + dt): void {
    this.now = now;
    for (let s = 0; s < this.nSignals; s++) this.advance(s, dt);
    if (this.dirty) this.writeStates(connState);
  }

  private advance(s: number, dt: number): void {
    if (this.actuatedNow(s)) this.advanceActuated(s, dt);
    else if (this.runsPlan(s) && this.raw.has(s)) this.advanceRaw(s, dt);
    else this.advancePhases(s, dt);
  }

  /** Runs the program as written: step after step, each for its duration. */
  private advanceRaw(s: number, dt: number): void {
    const r = this.raw;
    const base = r.stepStart[s] ?? 0;
    let rest = dt;
    for (let guard = 0; guard < 10000; guard++) {
      const p = base + (this.rawStep[s] ?? 0);
      const left = (r.duration[p] ?? 0) - (this.timer[s] ?? 0);
      if (left > rest + 1e-9) {
        this.timer[s] = (this.timer[s] ?? 0) + rest;
        this.greenTime[s] = (this.greenTime[s] ?? 0) + rest;
        return;
      }
      rest -= Math.max(0, left);
      const q = this.nextRawStep(s);
      if (rest <= 0 && (r.duration[q] ?? 0) > 0) return;
    }
  }

  /** Signal `s` goes on to the next step of its program as written; returns its global step index. */
  private nextRawStep(s: number): number {
    const r = this.raw;
    const base = r.stepStart[s] ?? 0;
    const n = (r.stepStart[s + 1] ?? 0) - base;
    const p = base + (this.rawStep[s] ?? 0);
    this.timer[s] = 0;
    this.rawStep[s] = ((this.rawStep[s] ?? 0) + 1) % n;
    const q = base + (this.rawStep[s] ?? 0);
    const g = r.green[q] ?? 0;
    const kind = r.kind[q] ?? 0;
    if (kind === 0 && (g !== this.phase[s] || (r.kind[p] ?? 0) !== 0)) this.greenTime[s] = 0;
    this.phase[s] = g;
    this.stage[s] = kind === 0 ? STAGE_GREEN : kind === 1 ? STAGE_YELLOW : STAGE_ALL_RED;
    this.dirty = true;
    return q;
  }

  /** Runs an actuated program (SUMO's `MSActuatedTrafficLightLogic`): its checks fall due as the clock passes them. */
  private advanceActuated(s: number, dt: number): void {
    this.timer[s] = (this.timer[s] ?? 0) + dt;
    this.greenTime[s] = (this.greenTime[s] ?? 0) + dt;
    for (let guard = 0; guard < 1000 && (this.timer[s] ?? 0) >= (this.actNext[s] ?? 0) - 1e-9; guard++) this.trySwitch(s);
  }

  /**
   * SUMO's `trySwitch` of its default gap control: an actuated green step below its maxDur is extended while
   * one of its loops saw a vehicle less than its max gap ago (until the last one detected has passed, at
   * least to minDur, in whole seconds); otherwise the next step begins and is checked after its minDur.
   */
  private trySwitch(s: number): void {
    if (this.delayFlags?.[s] === 1) {
      this.trySwitchDelay(s);
      return;
    }
    const r = this.raw;
    const loops = this.loops;
    const p = (r.stepStart[s] ?? 0) + (this.rawStep[s] ?? 0);
    const act = this.timer[s] ?? 0;
    const minDur = r.minDur[p] ?? 0;
    const maxDur = r.maxDur[p] ?? 0;
    if (loops && r.kind[p] === 0 && minDur !== maxDur && act < maxDur - 1e-9) {
      const a = loops.act;
      let gap = Infinity;
      for (let j = a.stepLoopStart[p] ?? 0; j < (a.stepLoopStart[p + 1] ?? 0); j++) {
        const k = a.stepLoops[j] ?? 0;
        if (loops.jammed(k, this.now)) continue;
        const g = loops.timeSinceDetection(k, this.now);
        if (g < (a.loopMaxGap[k] ?? 3) && g < gap) gap = g;
      }
      if (gap < Infinity) {
        // SUMO keeps whole milliseconds and ends an extended phase on a whole second
        const actMs = Math.round(act * 1000);
        let ext = Math.max(Math.round(minDur * 1000) - actMs, Math.round(((a.detectorGap[s] ?? 2) - gap) * 1000), 1);
        if (ext % 1000 !== 0) ext = (Math.floor((ext + actMs) / 1000) + 1) * 1000 - actMs;
        ext = Math.min(ext, Math.round(maxDur * 1000) - actMs);
        this.actNext[s] = (actMs + ext) / 1000;
        return;
      }
    }
    const q = this.nextRawStep(s);
    this.actNext[s] = Math.max(1, r.minDur[q] ?? 0);
  }

  /** SUMO's `MSDelayBasedTrafficLightLogic::trySwitch` (see {@link keepGreenFor}); otherwise as `trySwitch`. */
  private trySwitchDelay(s: number): void {
    const r = this.raw;
    const p = (r.stepStart[s] ?? 0) + (this.rawStep[s] ?? 0);
    const act = this.timer[s] ?? 0;
    if (r.kind[p] === 0 && this.propose) {
      const maxDur = r.maxDur[p] ?? 0;
      const { prolong, othersEmpty } = this.propose(s, p, act, maxDur);
      const next = keepGreenFor(act, r.minDur[p] ?? 0, maxDur, prolong, othersEmpty);
      if (next > 0) {
        this.actNext[s] = act + next;
        return;
      }
    }
    const q = this.nextRawStep(s);
    this.actNext[s] = Math.max(1, r.minDur[q] ?? 0);
  }

  private advancePhases(s: number, dt: number): void {
    const base = this.phaseStart[s] ?? 0;
    const n = this.phaseCount(s);
    let rest = dt;
    for (let guard = 0; guard < 1000; guard++) {
      const p = base + (this.phase[s] ?? 0);
      const st = this.stage[s] ?? 0;
      // time used up: stop, unless a clearance stage of zero length is due (passed through at once)
      if (rest <= 0 && (st === STAGE_GREEN || (st === STAGE_YELLOW ? (this.phYellow[p] ?? 0) : (this.phAllRed[p] ?? 0)) > 0)) return;
      if (st === STAGE_GREEN) {
        const used = this.runsPlan(s) ? this.greenEndFixed(s, p, rest) : this.greenEndExternal(s, p, rest);
        if (used < 0) return;
        rest -= used;
        if (this.next[s] === this.phase[s]) {
          this.greenTime[s] = 0;
          this.timer[s] = 0;
          continue;
        }
        this.stage[s] = STAGE_YELLOW;
        this.timer[s] = 0;
        this.dirty = true;
      } else {
        const len = st === STAGE_YELLOW ? (this.phYellow[p] ?? 0) : (this.phAllRed[p] ?? 0);
        const left = len - (this.timer[s] ?? 0);
        if (left > rest + 1e-9) {
          this.timer[s] = (this.timer[s] ?? 0) + rest;
          return;
        }
        rest -= Math.max(0, left);
        this.timer[s] = 0;
        this.dirty = true;
        if (st === STAGE_YELLOW) this.stage[s] = STAGE_ALL_RED;
        else {
          this.stage[s] = STAGE_GREEN;
          this.phase[s] = this.next[s] ?? 0;
          this.greenTime[s] = 0;
        }
      }
    }
    void n;
  }

  /** External mode: time of the green used before it ends (sets `next`), or -1 if it goes on past `rest`. */
  private greenEndExternal(s: number, p: number, rest: number): number {
    const req = this.request[s] ?? -1;
    const want = req >= 0 && req !== this.phase[s] ? req : -1;
    const g = this.greenTime[s] ?? 0;
    const endAt = want >= 0 ? Math.max(this.phMinGreen[p] ?? 0, g) : (this.phMaxGreen[p] ?? 60);
    if (endAt - g > rest + 1e-9) {
      this.greenTime[s] = g + rest;
      this.timer[s] = (this.timer[s] ?? 0) + rest;
      return -1;
    }
    this.next[s] = want >= 0 ? want : ((this.phase[s] ?? 0) + 1) % this.phaseCount(s);
    this.request[s] = -1;
    return Math.max(0, endAt - g);
  }

  /** Fixed mode: as `greenEndExternal` for the plan's duration. */
  private greenEndFixed(s: number, p: number, rest: number): number {
    const left = (this.phDuration[p] ?? 0) - (this.timer[s] ?? 0);
    if (left > rest + 1e-9) {
      this.timer[s] = (this.timer[s] ?? 0) + rest;
      this.greenTime[s] = (this.greenTime[s] ?? 0) + rest;
      return -1;
    }
    this.next[s] = ((this.phase[s] ?? 0) + 1) % this.phaseCount(s);
    return Math.max(0, left);
  }

  /** Writes the state of every controlled connection from the signals' phases and stages. */
  writeStates(connState: Uint8Array): void {
    this.dirty = false;
    this.writes++;
    for (let s = 0; s < this.nSignals; s++) {
      const c0 = this.sigConnStart[s] ?? 0;
      const nc = (this.sigConnStart[s + 1] ?? 0) - c0;
      if (this.runsPlan(s) && this.raw.has(s)) {
        const row = this.raw.stateStart[(this.raw.stepStart[s] ?? 0) + (this.rawStep[s] ?? 0)] ?? 0;
        for (let k = 0; k < nc; k++) connState[this.sigConns[c0 + k] ?? 0] = this.raw.state[row + k] ?? SIG_RED;
        continue;
      }
      const base = this.phaseStart[s] ?? 0;
      const cur = this.phStateStart[base + (this.phase[s] ?? 0)] ?? 0;
      const nxt = this.phStateStart[base + (this.next[s] ?? 0)] ?? 0;
      const st = this.stage[s];
      for (let k = 0; k < nc; k++) {
        const a = this.phState[cur + k] ?? SIG_RED;
        let v = a;
        if (st !== STAGE_GREEN) {
          const b = this.phState[nxt + k] ?? SIG_RED;
          if (isGreen(a) && isGreen(b)) v = Math.min(a, b);
          else if (isGreen(a) && st === STAGE_YELLOW) v = SIG_YELLOW;
          else v = a === SIG_STOP ? SIG_STOP : SIG_RED;
        }
        connState[this.sigConns[c0 + k] ?? 0] = v;
      }
    }
  }

  /** The dynamic state, for snapshots. */
  getState(): {
    phase: Int32Array; next: Int32Array; stage: Uint8Array; timer: Float64Array; greenTime: Float64Array; request: Int32Array; rawStep: Int32Array;
    actNext: Float64Array; now: number; external: boolean;
  } {
    return {
      phase: this.phase.slice(), next: this.next.slice(), stage: this.stage.slice(), timer: this.timer.slice(), greenTime: this.greenTime.slice(),
      request: this.request.slice(), rawStep: this.rawStep.slice(), actNext: this.actNext.slice(), now: this.now, external: this.external,
    };
  }

  /** Restores a state from `getState`. */
  setState(st: ReturnType<SignalController['getState']>): void {
    this.phase.set(st.phase);
    this.next.set(st.next);
    this.stage.set(st.stage);
    this.timer.set(st.timer);
    this.greenTime.set(st.greenTime);
    this.request.set(st.request);
    if (st.rawStep) this.rawStep.set(st.rawStep);
    if (st.actNext) this.actNext.set(st.actNext);
    if (st.now !== undefined) this.now = st.now;
    this.external = st.external;
    this.dirty = true;
  }
}
