import { STAGE_GREEN, type SignalController } from '../engine/SignalController.js';
import type { TraciBatch } from './protocol/TraciBatch.js';
import type { TraciReader } from './protocol/TraciReader.js';
import { setVariable, subscribe } from './protocol/traciCommands.js';
import { CMD, VAR } from './protocol/traciConstants.js';
import type { SubscriptionSink } from './protocol/subscriptionResults.js';
import type { SumoNetworkMap } from './SumoNetworkMap.js';
import { transitionChar } from './sumoPrograms.js';

/** A driven light's new state (`state`, SUMO's link characters) from the step starting at `at` (s). */
export interface LightChange {
  readonly at: number;
  readonly light: number;
  readonly state: string;
}

/**
 * Applies tsgym's signal control to SUMO's traffic lights. A light whose every signal runs its own
 * program (`runProgram`) is left to SUMO (native: SUMO's timing exactly) and its phase is mirrored
 * into the controller after each answer, so observations see it. Every other light is driven: after
 * each controller update (one simulation step) its red-yellow-green state is rebuilt link by link
 * from the owning signal's phase and stage (`transitionChar` over SUMO's own green strings), and each
 * change is recorded with the time of the step it starts; the simulation sends them with TraCI's
 * `setRedYellowGreenState` (as RESCO and sumo-rl drive SUMO), stepping SUMO to each change first, so a
 * decision costs one round trip per distinct change time (yellow, all-red, green). SUMO treats a state set
 * this way exactly as the same states played by a static program; a program replaced through
 * `setProgramLogic` at each decision is not treated so (permitted turners waiting in the junction clear
 * differently: 39.0 s against 47.3 s of mean trip duration on RESCO's Ingolstadt 1 for the same states),
 * which is why it is not used.
 *
 * @example
 * ```ts
 * const d = new SumoSignalDriver(map, engine.signals);
 * d.record(1, 0); for (const c of d.takeChanges()) d.queueChange(batch, c);
 * ```
 */
export class SumoSignalDriver {
  private readonly program = new Set<number>();
  private readonly native: boolean[];
  /** Per light, the state SUMO shows once the recorded changes are sent ('' before the first). */
  private readonly shown: string[];
  private readonly phaseNow: Int32Array;
  private readonly nextSwitch: Float64Array;
  private readonly chars: string[][];
  /** State changes of the driven lights since the last message, in time order. */
  private changes: LightChange[] = [];

  constructor(private readonly map: SumoNetworkMap, private readonly sig: SignalController) {
    this.native = map.lights.map(() => false);
    this.shown = map.lights.map(() => '');
    this.phaseNow = new Int32Array(map.lights.length);
    this.nextSwitch = new Float64Array(map.lights.length);
    this.chars = map.lights.map((l) => new Array<string>(l.links).fill('r'));
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

  /** Forgets the states shown and recorded (a new run starts from SUMO's programs). */
  reset(): void {
    this.shown.fill('');
    this.changes = [];
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

  /** Records every driven light whose state changes for the step starting at `time` (s). */
  record(time: number): void {
    this.map.lights.forEach((_, t) => {
      if (this.native[t]) return;
      const state = this.stateOf(t);
      if (state === this.shown[t]) return;
      this.shown[t] = state;
      this.changes.push({ at: time, light: t, state });
    });
  }

  /** The changes recorded since the last call, in time order (the record is cleared). */
  takeChanges(): readonly LightChange[] {
    const c = this.changes;
    this.changes = [];
    return c;
  }

  /** Queues the TraCI command that shows change `c` in SUMO from its current step on. */
  queueChange(b: TraciBatch, c: LightChange): void {
    const id = this.map.lights[c.light]?.id ?? '';
    setVariable(b, CMD.SET_TL, VAR.TL_RED_YELLOW_GREEN_STATE, id, (w) => w.typedString(c.state));
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
