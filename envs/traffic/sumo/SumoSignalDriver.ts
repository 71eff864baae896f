import { STAGE_GREEN, type SignalController } from '../engine/SignalController.js';
import type { TraciBatch } from './protocol/TraciBatch.js';
import type { TraciReader } from './protocol/TraciReader.js';
import { setProgramLogic, setVariable, subscribe } from './protocol/traciCommands.js';
import { CMD, VAR } from './protocol/traciConstants.js';
import type { SubscriptionSink } from './protocol/subscriptionResults.js';
import type { SumoNetworkMap } from './SumoNetworkMap.js';
import { transitionChar } from './sumoPrograms.js';

/** SUMO program id of the programs tsgym sends to the lights it drives. */
export const DRIVEN_PROGRAM = 'tsgym';
/** Duration of the last phase of a sent program (it lasts until the next program replaces it). */
const HOLD = 1e6;

/**
 * Applies tsgym's signal control to SUMO's traffic lights. A light whose every signal runs its own
 * program (`runProgram`) is left to SUMO (native: SUMO's timing exactly) and its phase is mirrored
 * into the controller after each answer, so observations see it. Every other light is driven: after
 * each controller update (one simulation step) its red-yellow-green state is rebuilt link by link
 * from the owning signal's phase and stage (`transitionChar` over SUMO's own green strings) and
 * recorded; at the next message the states of the steps since the last one are sent as one static
 * program (a phase per run of equal states, the last held), so yellow and all-red switch inside SUMO
 * at the exact steps without extra round trips.
 *
 * @example
 * ```ts
 * const d = new SumoSignalDriver(map, engine.signals);
 * d.record(1); d.queuePrograms(batch);
 * ```
 */
export class SumoSignalDriver {
  private readonly program = new Set<number>();
  private readonly native: boolean[];
  private readonly sent: string[];
  private readonly phaseNow: Int32Array;
  private readonly nextSwitch: Float64Array;
  private readonly chars: string[][];
  /** Per light, the states of the steps recorded since the last message, as runs. */
  private readonly runs: { state: string; duration: number }[][];

  constructor(private readonly map: SumoNetworkMap, private readonly sig: SignalController) {
    this.native = map.lights.map(() => false);
    this.sent = map.lights.map(() => '');
    this.phaseNow = new Int32Array(map.lights.length);
    this.nextSwitch = new Float64Array(map.lights.length);
    this.chars = map.lights.map((l) => new Array<string>(l.links).fill('r'));
    this.runs = map.lights.map(() => []);
  }

  /** Signal `s` runs its own program; its light is native once all of its signals do. */
  runProgram(s: number): void {
    this.program.add(s);
    this.map.lights.forEach((l, t) => (this.native[t] = l.signals.every((x) => this.program.has(x))));
  }

  /** Whether signal `s` is left to SUMO's program (phase requests are then ignored). */
  isNative(s: number): boolean {
    return this.native[this.map.lightOf[s]] === true;
  }

  /** Whether signal `s` runs its program (natively, or pinned in the controller when its light is driven). */
  runsProgram(s: number): boolean {
    return this.program.has(s);
  }

  /** Forgets the states sent and recorded (a new run starts from SUMO's programs). */
  reset(): void {
    this.sent.fill('');
    for (const r of this.runs) r.length = 0;
  }

  /** The state string of driven light `t` from the controller's current phases and stages. */
  stateOf(t: number): string {
    const light = this.map.lights[t];
    const out = this.chars[t];
    if (!light || !out) return '';
    const greens = light.program.greens;
    for (let i = 0; i < light.links; i++) {
      const s = light.owner[i];
      const a = greens[this.sig.phase[s]] ?? '';
      const b = greens[this.sig.next[s]] ?? a;
      out[i] = transitionChar(a[i] ?? 'r', b[i] ?? 'r', this.sig.stage[s]);
    }
    return out.join('');
  }

  /** Records every driven light's state for the step of `dt` seconds about to be simulated. */
  record(dt: number): void {
    this.map.lights.forEach((_, t) => {
      if (this.native[t]) return;
      const runs = this.runs[t] as { state: string; duration: number }[];
      const state = this.stateOf(t);
      const last = runs[runs.length - 1];
      if (last && last.state === state) last.duration += dt;
      else runs.push({ state, duration: dt });
    });
  }

  /**
   * Queues, for each driven light whose recorded states differ from what it shows, the program that
   * plays them from now on (the last state held); clears the record. At a reset (nothing recorded yet)
   * every driven light gets its current state.
   */
  queuePrograms(b: TraciBatch): void {
    this.map.lights.forEach((l, t) => {
      if (this.native[t]) return;
      const runs = this.runs[t] as { state: string; duration: number }[];
      if (runs.length === 0) runs.push({ state: this.stateOf(t), duration: 0 });
      const lastState = (runs[runs.length - 1] as { state: string }).state;
      if (!(runs.length === 1 && lastState === this.sent[t])) {
        const phases = runs.map((r, k) => ({ state: r.state, duration: k === runs.length - 1 ? HOLD : r.duration }));
        setProgramLogic(b, l.id, { programID: DRIVEN_PROGRAM, phases });
        // replacing the running program keeps its switch time: start the first phase's clock now
        setVariable(b, CMD.SET_TL, VAR.TL_PHASE_DURATION, l.id, (w) => w.typedDouble((phases[0] as { duration: number }).duration));
        this.sent[t] = lastState;
      }
      runs.length = 0;
    });
  }

  /** Queues the subscriptions that mirror the native lights (current phase, next switch time). */
  queueSubscriptions(b: TraciBatch, sink: SubscriptionSink): void {
    this.map.lights.forEach((l, t) => {
      if (this.native[t]) subscribe(b, CMD.SUBSCRIBE_TL, l.id, [VAR.TL_CURRENT_PHASE, VAR.TL_NEXT_SWITCH], sink);
    });
  }

  /** Takes one reported variable of a native light. */
  value(lightId: string, varId: number, r: TraciReader): void {
    const t = this.map.lights.findIndex((l) => l.id === lightId);
    if (varId === VAR.TL_CURRENT_PHASE) this.phaseNow[t] = r.typedInt();
    else if (varId === VAR.TL_NEXT_SWITCH) this.nextSwitch[t] = r.typedDouble();
    else r.typedValue();
  }

  /** Writes the native lights' SUMO phases into the controller as tsgym phases and stages at `time`; returns whether there are any. */
  mirror(time: number): boolean {
    let any = false;
    this.map.lights.forEach((l, t) => {
      if (!this.native[t]) return;
      any = true;
      const j = this.phaseNow[t];
      const p = l.program;
      const k = Math.max(0, p.phaseOf[j] ?? 0);
      const stage = p.stageOf[j] ?? STAGE_GREEN;
      const elapsed = Math.max(0, (p.duration[j] ?? 0) - ((this.nextSwitch[t]) - time));
      for (const s of l.signals) {
        this.sig.phase[s] = k;
        this.sig.next[s] = stage === STAGE_GREEN ? k : (k + 1) % Math.max(1, p.greens.length);
        this.sig.stage[s] = stage;
        this.sig.timer[s] = elapsed;
        this.sig.greenTime[s] = stage === STAGE_GREEN ? elapsed : 0;
        this.sig.request[s] = -1;
      }
    });
    return any;
  }
}
