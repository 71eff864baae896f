import { TraciProtocolError } from './TraciProtocolError.js';
import type { TraciReader } from './TraciReader.js';
import { RTYPE } from './traciConstants.js';

/**
 * Receives subscription results as they are decoded, without building objects per value: each call
 * must read exactly one typed value (tag and value) from `r`. Variable subscriptions (responses
 * 0xe0-0xef) call `value` with the object id; context subscriptions (0x90-0x9f) call `contextValue` with
 * the ego object id and the id of each object in range.
 *
 * @example
 * ```ts
 * const sink: SubscriptionSink = {
 *   value(response, id, varId, r) { counts.set(id, r.typedInt()); },
 *   contextValue(response, ego, id, varId, r) { r.typedValue(); },
 * };
 * ```
 */
export interface SubscriptionSink {
  value(response: number, objectId: string, varId: number, r: TraciReader): void;
  contextValue?(response: number, egoId: string, objectId: string, varId: number, r: TraciReader): void;
  /** Called once per context subscription result with the number of objects in range, before their values. */
  contextBegin?(response: number, egoId: string, objects: number): void;
}

/**
 * Whether `response` is the answer id of a context subscription (0x90-0x9f).
 *
 * @example
 * ```ts
 * isContextResponse(0x99); // true: a junction context subscription's result
 * ```
 */
export function isContextResponse(response: number): boolean {
  return response >= 0x90 && response <= 0x9f;
}

function failed(r: TraciReader, response: number, id: string, varId: number): never {
  const msg = r.typedString('the error of a subscribed variable');
  throw new TraciProtocolError(`SUMO could not report variable 0x${varId.toString(16)} of '${id}' (subscription 0x${response.toString(16)}): ${msg}`);
}

/**
 * Decodes one subscription result (as answered to a subscribe command, or one of those following a
 * simulation step) and passes every value to `sink`. Returns the response id and object id.
 *
 * @example
 * ```ts
 * const { response, objectId } = readSubscription(reader, sink);
 * ```
 */
export function readSubscription(r: TraciReader, sink: SubscriptionSink): { response: number; objectId: string } {
  r.length();
  const response = r.ubyte();
  const objectId = r.string();
  if (!isContextResponse(response)) {
    const nVars = r.ubyte();
    for (let k = 0; k < nVars; k++) {
      const varId = r.ubyte();
      if (r.ubyte() !== RTYPE.OK) failed(r, response, objectId, varId);
      sink.value(response, objectId, varId, r);
    }
    return { response, objectId };
  }
  r.ubyte(); // the context domain
  const nVars = r.ubyte();
  const nObjects = r.int();
  sink.contextBegin?.(response, objectId, nObjects);
  for (let o = 0; o < nObjects; o++) {
    const id = r.string();
    for (let k = 0; k < nVars; k++) {
      const varId = r.ubyte();
      if (r.ubyte() !== RTYPE.OK) failed(r, response, id, varId);
      if (!sink.contextValue)
        throw new TraciProtocolError(`TraCI answer: a context subscription result (0x${response.toString(16)}) came, but nothing reads it`);
      sink.contextValue(response, objectId, id, varId, r);
    }
  }
  return { response, objectId };
}

/**
 * Reads the payload of a simulation step: the number of subscription results, then each of them.
 *
 * @example
 * ```ts
 * batch.add(CMD.SIMSTEP, 'simulationStep', (w) => w.double(t), (r) => readStepResults(r, sink));
 * ```
 */
export function readStepResults(r: TraciReader, sink: SubscriptionSink): number {
  const n = r.int();
  for (let i = 0; i < n; i++) readSubscription(r, sink);
  return n;
}
