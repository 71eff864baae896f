import { TsgymError } from '../../../../src/core/errors.js';

/**
 * A TraCI message that does not decode (truncated, unknown type tag, an answer to another command) or a
 * command SUMO refused (status error): the message names the command and SUMO's own description.
 *
 * @example
 * ```ts
 * try { client.trafficLight.setPhase('C', 9); } catch (e) { if (e instanceof TraciProtocolError) console.error(e.message); }
 * ```
 */
export class TraciProtocolError extends TsgymError {}
