import { TraciProtocolError } from './TraciProtocolError.js';
import type { TraciBatch } from './TraciBatch.js';
import type { TraciReader } from './TraciReader.js';
import type { TraciWriter } from './TraciWriter.js';
import { readStepResults, readSubscription, type SubscriptionSink } from './subscriptionResults.js';
import { CMD, TYPE, VAR } from './traciConstants.js';

/** Subscription window that never ends (SUMO's INVALID_DOUBLE_VALUE bounds, as the Python client sends). */
const SUB_BEGIN = -1073741824.0;
const SUB_END = -1073741824.0;

/**
 * Queues `getVersion` (0x00); its result is `[apiVersion, identifier]`.
 *
 * @example
 * ```ts
 * const i = getVersion(batch); // later: results[i] = [20, 'SUMO 1.15.0']
 * ```
 */
export function getVersion(b: TraciBatch): number {
  return b.add(
    CMD.GETVERSION,
    'getVersion',
    () => undefined,
    (r) => {
      r.length();
      const id = r.ubyte();
      if (id !== CMD.GETVERSION) throw new TraciProtocolError(`TraCI answer to getVersion has id 0x${id.toString(16)}`);
      return [r.int(), r.string()] as const;
    },
  );
}

/**
 * Queues a simulation step (0x02) up to `time` seconds (0: exactly one step); its result is the number of
 * subscription results, whose values go to `sink`.
 *
 * @example
 * ```ts
 * simulationStep(batch, 25210, sink);
 * ```
 */
export function simulationStep(b: TraciBatch, time: number, sink: SubscriptionSink): number {
  return b.add(
    CMD.SIMSTEP,
    `simulationStep(${time})`,
    (w) => w.double(time),
    (r) => readStepResults(r, sink),
  );
}

/**
 * Queues `close` (0x7f): SUMO ends the simulation, writes its outputs and quits.
 *
 * @example
 * ```ts
 * closeCommand(batch);
 * ```
 */
export function closeCommand(b: TraciBatch): number {
  return b.add(CMD.CLOSE, 'close', () => undefined);
}

/**
 * Queues `load` (0x01): SUMO restarts the simulation with a new command line (without the binary name).
 *
 * @example
 * ```ts
 * loadCommand(batch, ['-c', 'cross.sumocfg', '--seed', '2']);
 * ```
 */
export function loadCommand(b: TraciBatch, args: readonly string[]): number {
  return b.add(CMD.LOAD, 'load', (w) => w.typedStringList(args));
}

/**
 * Queues `setOrder` (0x03): the client's place when several clients share SUMO.
 *
 * @example
 * ```ts
 * setOrder(batch, 1);
 * ```
 */
export function setOrder(b: TraciBatch, order: number): number {
  return b.add(CMD.SETORDER, 'setOrder', (w) => w.int(order));
}

/**
 * Queues a get of variable `varId` of object `objectId` in the domain of get command `cmd`; `read`
 * reads the typed value (after the answer's header is checked) and its return is the result.
 *
 * @example
 * ```ts
 * getVariable(batch, CMD.GET_LANE, VAR.LAST_STEP_VEHICLE_NUMBER, 'E0_0', (r) => r.typedInt());
 * ```
 */
export function getVariable<T>(
  b: TraciBatch,
  cmd: number,
  varId: number,
  objectId: string,
  read: (r: TraciReader) => T,
  params?: (w: TraciWriter) => void,
): number {
  const what = `get 0x${cmd.toString(16)}/0x${varId.toString(16)} '${objectId}'`;
  return b.add(
    cmd,
    what,
    (w) => {
      w.ubyte(varId).string(objectId);
      params?.(w);
    },
    (r) => {
      r.length();
      const resp = r.ubyte();
      const v = r.ubyte();
      const id = r.string();
      if (resp !== cmd + 0x10 || v !== varId || id !== objectId)
        throw new TraciProtocolError(`TraCI answer 0x${resp.toString(16)}/0x${v.toString(16)} '${id}' to ${what}`);
      return read(r);
    },
  );
}

/**
 * Queues a set of variable `varId` of `objectId` (set command `cmd`); `write` writes the typed value.
 *
 * @example
 * ```ts
 * setVariable(batch, CMD.SET_TL, VAR.TL_RED_YELLOW_GREEN_STATE, 'C', (w) => w.typedString('GGrr'));
 * ```
 */
export function setVariable(b: TraciBatch, cmd: number, varId: number, objectId: string, write: (w: TraciWriter) => void): number {
  return b.add(cmd, `set 0x${cmd.toString(16)}/0x${varId.toString(16)} '${objectId}'`, (w) => {
    w.ubyte(varId).string(objectId);
    write(w);
  });
}

/**
 * Queues a variable subscription (`cmd` 0xd0-0xdf) of `vars` of `objectId`, reported after every
 * simulation step; SUMO answers at once with the current values (to `sink`). An empty `vars` list
 * removes the subscription. `window` is the [begin, end] of simulated time it is active (default: always).
 *
 * @example
 * ```ts
 * subscribe(batch, CMD.SUBSCRIBE_LANE, 'E0_0', [VAR.LAST_STEP_VEHICLE_NUMBER], sink);
 * ```
 */
export function subscribe(
  b: TraciBatch,
  cmd: number,
  objectId: string,
  vars: readonly number[],
  sink: SubscriptionSink,
  window: readonly [number, number] = [SUB_BEGIN, SUB_END],
): number {
  return b.add(
    cmd,
    `subscribe 0x${cmd.toString(16)} '${objectId}'`,
    (w) => {
      w.double(window[0]).double(window[1]).string(objectId).ubyte(vars.length);
      for (const v of vars) w.ubyte(v);
    },
    vars.length > 0 ? (r) => readSubscription(r, sink) : undefined,
  );
}

/**
 * Queues a context subscription (`cmd` 0x80-0x8f): `vars` of every object of `domain` (a get command
 * id, e.g. vehicles 0xa4) within `range` metres of `objectId`.
 *
 * @example
 * ```ts
 * subscribeContext(batch, CMD.SUBSCRIBE_JUNCTION_CONTEXT, 'C', DOMAIN_VEHICLE, 300, [VAR.VAR_SPEED], sink);
 * ```
 */
export function subscribeContext(
  b: TraciBatch,
  cmd: number,
  objectId: string,
  domain: number,
  range: number,
  vars: readonly number[],
  sink: SubscriptionSink,
): number {
  return b.add(
    cmd,
    `subscribeContext 0x${cmd.toString(16)} '${objectId}'`,
    (w) => {
      w.double(SUB_BEGIN).double(SUB_END).string(objectId).ubyte(domain).double(range).ubyte(vars.length);
      for (const v of vars) w.ubyte(v);
    },
    vars.length > 0 ? (r) => readSubscription(r, sink) : undefined,
  );
}

/** A signal program to send (`setProgramLogic`): phases with their state strings and durations (s). */
export interface ProgramLogicInput {
  readonly programID: string;
  readonly phases: readonly { readonly duration: number; readonly state: string }[];
}

/**
 * Queues `setProgramLogic` (TL_COMPLETE_PROGRAM_RYG, 0x2c) for light `id`: a static program (type 0)
 * that starts at its phase 0 now (min and max durations -1: unused by a static program). SUMO switches
 * to it at once when its `programID` is new or already running.
 *
 * @example
 * ```ts
 * setProgramLogic(batch, 'C', { programID: 'tsgym', phases: [{ duration: 3, state: 'yyrr' }, { duration: 1e6, state: 'rrGG' }] });
 * ```
 */
export function setProgramLogic(b: TraciBatch, id: string, logic: ProgramLogicInput): number {
  return setVariable(b, CMD.SET_TL, VAR.TL_COMPLETE_PROGRAM_RYG, id, (w) => {
    w.ubyte(TYPE.COMPOUND).int(5).typedString(logic.programID).typedInt(0).typedInt(0);
    w.ubyte(TYPE.COMPOUND).int(logic.phases.length);
    for (const p of logic.phases) {
      w.ubyte(TYPE.COMPOUND).int(6).typedDouble(p.duration).typedString(p.state).typedDouble(-1).typedDouble(-1);
      w.ubyte(TYPE.COMPOUND).int(0).typedString('');
    }
    w.ubyte(TYPE.COMPOUND).int(0);
  });
}
