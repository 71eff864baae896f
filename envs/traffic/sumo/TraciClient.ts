import { TraciBatch } from './protocol/TraciBatch.js';
import type { TraciReader } from './protocol/TraciReader.js';
import type { TraciWriter } from './protocol/TraciWriter.js';
import { closeCommand, getVariable, getVersion, loadCommand, setVariable, simulationStep, subscribe } from './protocol/traciCommands.js';
import { CMD, VAR } from './protocol/traciConstants.js';
import { readControlledLinks, readLogics, readPosition, type TraciLink, type TraciLogic } from './protocol/traciValues.js';
import type { SubscriptionSink } from './protocol/subscriptionResults.js';
import { SumoProcess, type SumoStartOptions } from './process/SumoProcess.js';

const int = (r: TraciReader): number => r.typedInt();
const dbl = (r: TraciReader): number => r.typedDouble();
const str = (r: TraciReader): string => r.typedString();
const list = (r: TraciReader): string[] => r.typedStringList();

/** A sink that reads and drops every subscription value. */
export const DROP_VALUES: SubscriptionSink = {
  value: (_resp, _id, _v, r) => void r.typedValue(),
  contextValue: (_resp, _ego, _id, _v, r) => void r.typedValue(),
};

/**
 * A TraCI client over one SUMO process (TypeScript, no Python): each method is one round trip, and
 * `send` runs a whole `TraciBatch` (commands of several domains, steps and subscriptions) in one
 * round trip, which is how `SumoSimulation` makes a decision cost one exchange. Domains: `trafficLight`
 * (phase, program, red-yellow-green state, controlled links, complete definition; set phase, program,
 * state), `lane` and `edge` (vehicle count, halting number, mean speed, occupancy, waiting time,
 * last-step vehicle ids), `vehicle` (ids, position, angle, speed, lane, lane position, waiting time,
 * accumulated waiting time, time loss, route), `simulation` (time, departed/arrived ids, minimum
 * expected number, pending ids). Output-stream text that comes with an answer goes to `onText`.
 *
 * @example
 * ```ts
 * const c = TraciClient.start({ args: ['-c', 'cross.sumocfg'], scenario: 'cross' });
 * c.version(); // [20, 'SUMO 1.15.0']
 * c.step(10);
 * c.lane.vehicleCount('N_C_0');
 * c.close();
 * ```
 */
export class TraciClient {
  /** Receives the tripinfo/summary lines SUMO streamed (when started with `streams`). */
  onText: ((text: string) => void) | undefined;

  constructor(readonly process: SumoProcess) {}

  /** Starts SUMO (see `SumoProcess.start`) and connects. */
  static start(opts: SumoStartOptions): TraciClient {
    return new TraciClient(SumoProcess.start(opts));
  }

  /** Sends every command of `b` in one message and decodes the answers (one entry per command). */
  send(b: TraciBatch): unknown[] {
    if (b.size === 0) return [];
    const a = this.process.roundTrip(b.finish());
    if (a.text !== '' && this.onText) this.onText(a.text);
    return b.decode(a.bytes);
  }

  private one<T>(fill: (b: TraciBatch) => number): T {
    const b = new TraciBatch();
    const i = fill(b);
    return this.send(b)[i] as T;
  }

  /** `[TraCI API version, SUMO's identifier]`. */
  version(): readonly [number, string] {
    return this.one((b) => getVersion(b));
  }

  /** Simulates up to `time` s (0: one step); subscription results go to `sink`. */
  step(time = 0, sink: SubscriptionSink = DROP_VALUES): number {
    return this.one((b) => simulationStep(b, time, sink));
  }

  /** Restarts the simulation with new arguments (the process and connection stay). */
  load(args: readonly string[]): void {
    this.one((b) => loadCommand(b, args));
  }

  /** Reads variable `varId` of `id` in the domain of get command `cmd`. */
  get<T>(cmd: number, varId: number, id: string, read: (r: TraciReader) => T): T {
    return this.one((b) => getVariable(b, cmd, varId, id, read));
  }

  /** Sets variable `varId` of `id` (set command `cmd`). */
  set(cmd: number, varId: number, id: string, write: (w: TraciWriter) => void): void {
    this.one((b) => setVariable(b, cmd, varId, id, write));
  }

  /** Subscribes to `vars` of `id` (subscribe command `cmd`); the current values go to `sink` now. */
  subscribe(cmd: number, id: string, vars: readonly number[], sink: SubscriptionSink = DROP_VALUES): void {
    this.one((b) => subscribe(b, cmd, id, vars, sink));
  }

  /** Ends the simulation (SUMO writes its outputs) and waits for SUMO to quit; kills it if it does not. */
  close(): void {
    if (!this.process.running) return;
    try {
      this.one((b) => closeCommand(b));
    } catch {
      this.process.kill();
      return;
    }
    this.process.end();
  }

  readonly trafficLight = {
    phase: (id: string): number => this.get(CMD.GET_TL, VAR.TL_CURRENT_PHASE, id, int),
    program: (id: string): string => this.get(CMD.GET_TL, VAR.TL_CURRENT_PROGRAM, id, str),
    state: (id: string): string => this.get(CMD.GET_TL, VAR.TL_RED_YELLOW_GREEN_STATE, id, str),
    nextSwitch: (id: string): number => this.get(CMD.GET_TL, VAR.TL_NEXT_SWITCH, id, dbl),
    controlledLinks: (id: string): TraciLink[][] => this.get(CMD.GET_TL, VAR.TL_CONTROLLED_LINKS, id, readControlledLinks),
    definition: (id: string): TraciLogic[] => this.get(CMD.GET_TL, VAR.TL_COMPLETE_DEFINITION_RYG, id, readLogics),
    idList: (): string[] => this.get(CMD.GET_TL, VAR.ID_LIST, '', list),
    setPhase: (id: string, index: number): void => this.set(CMD.SET_TL, VAR.TL_PHASE_INDEX, id, (w) => w.typedInt(index)),
    setProgram: (id: string, program: string): void => this.set(CMD.SET_TL, VAR.TL_PROGRAM, id, (w) => w.typedString(program)),
    setState: (id: string, state: string): void => this.set(CMD.SET_TL, VAR.TL_RED_YELLOW_GREEN_STATE, id, (w) => w.typedString(state)),
  };

  readonly lane = this.area(CMD.GET_LANE);
  readonly edge = this.area(CMD.GET_EDGE);

  private area(cmd: number) {
    return {
      idList: (): string[] => this.get(cmd, VAR.ID_LIST, '', list),
      vehicleCount: (id: string): number => this.get(cmd, VAR.LAST_STEP_VEHICLE_NUMBER, id, int),
      haltingCount: (id: string): number => this.get(cmd, VAR.LAST_STEP_VEHICLE_HALTING_NUMBER, id, int),
      meanSpeed: (id: string): number => this.get(cmd, VAR.LAST_STEP_MEAN_SPEED, id, dbl),
      occupancy: (id: string): number => this.get(cmd, VAR.LAST_STEP_OCCUPANCY, id, dbl),
      waitingTime: (id: string): number => this.get(cmd, VAR.VAR_WAITING_TIME, id, dbl),
      vehicleIds: (id: string): string[] => this.get(cmd, VAR.LAST_STEP_VEHICLE_ID_LIST, id, list),
      disallowed: (id: string): string[] => this.get(cmd, VAR.LANE_DISALLOWED, id, list),
    };
  }

  readonly vehicle = {
    idList: (): string[] => this.get(CMD.GET_VEHICLE, VAR.ID_LIST, '', list),
    position: (id: string): { x: number; y: number } => this.get(CMD.GET_VEHICLE, VAR.VAR_POSITION, id, readPosition),
    angle: (id: string): number => this.get(CMD.GET_VEHICLE, VAR.VAR_ANGLE, id, dbl),
    speed: (id: string): number => this.get(CMD.GET_VEHICLE, VAR.VAR_SPEED, id, dbl),
    laneId: (id: string): string => this.get(CMD.GET_VEHICLE, VAR.VAR_LANE_ID, id, str),
    lanePosition: (id: string): number => this.get(CMD.GET_VEHICLE, VAR.VAR_LANEPOSITION, id, dbl),
    waitingTime: (id: string): number => this.get(CMD.GET_VEHICLE, VAR.VAR_WAITING_TIME, id, dbl),
    accumulatedWaitingTime: (id: string): number => this.get(CMD.GET_VEHICLE, VAR.VAR_ACCUMULATED_WAITING_TIME, id, dbl),
    timeLoss: (id: string): number => this.get(CMD.GET_VEHICLE, VAR.VAR_TIMELOSS, id, dbl),
    route: (id: string): string[] => this.get(CMD.GET_VEHICLE, VAR.VAR_EDGES, id, list),
    routeIndex: (id: string): number => this.get(CMD.GET_VEHICLE, VAR.VAR_ROUTE_INDEX, id, int),
  };

  readonly simulation = {
    time: (): number => this.get(CMD.GET_SIM, VAR.VAR_TIME, '', dbl),
    departedIds: (): string[] => this.get(CMD.GET_SIM, VAR.VAR_DEPARTED_VEHICLES_IDS, '', list),
    arrivedIds: (): string[] => this.get(CMD.GET_SIM, VAR.VAR_ARRIVED_VEHICLES_IDS, '', list),
    minExpected: (): number => this.get(CMD.GET_SIM, VAR.VAR_MIN_EXPECTED_VEHICLES, '', int),
    pendingIds: (): string[] => this.get(CMD.GET_SIM, VAR.VAR_PENDING_VEHICLES, '', list),
  };
}
