import { TraciProtocolError } from './TraciProtocolError.js';
import { TraciReader } from './TraciReader.js';
import { TraciWriter } from './TraciWriter.js';
import { CMD, RTYPE } from './traciConstants.js';

/** Reads the payload of one command's answer (after its status) and returns the result. */
export type PayloadReader = (r: TraciReader) => unknown;

interface Expected {
  readonly cmd: number;
  readonly what: string;
  readonly payload: PayloadReader | undefined;
  readonly optional: boolean;
  /** True for commands before a simulation step: SUMO runs them, but may not answer (see the class doc). */
  beforeStep: boolean;
}

/**
 * Several TraCI commands sent as one message and answered in one round trip: SUMO answers each command
 * with a status (length, command id, result code, description) and, for gets, version, simulation
 * steps and subscriptions, a payload. `add` queues a command (written by `write`, its answer read by
 * `payload`) and returns its index into the array `decode` returns. A command SUMO refused throws
 * `TraciProtocolError` with SUMO's description.
 *
 * SUMO 1.15 runs every command of a message before the simulation step the message asks for, but when
 * the step spans several SUMO steps it drops the answers written before the first one (its server
 * resets its output at each intermediate step). So a step ends a message (adding after it throws: SUMO
 * would run it before the step anyway), the commands before it are taken as answered when their status
 * is there and give `undefined` otherwise, and gets whose values are needed go in a message without a
 * step.
 *
 * @example
 * ```ts
 * const b = new TraciBatch();
 * const i = b.add(CMD.GETVERSION, 'getVersion', () => {}, (r) => { r.length(); r.ubyte(); return [r.int(), r.string()]; });
 * const results = b.decode(roundTrip(b.finish()));
 * results[i]; // [20, 'SUMO 1.15.0']
 * ```
 */
export class TraciBatch {
  private readonly writer = new TraciWriter();
  private readonly expected: Expected[] = [];

  constructor() {
    this.writer.beginMessage();
  }

  /** Number of queued commands. */
  get size(): number {
    return this.expected.length;
  }

  /** Forgets every queued command (the batch can be reused). */
  clear(): void {
    this.writer.beginMessage();
    this.expected.length = 0;
  }

  /**
   * Queues command `cmd` (body written by `write`); `payload` reads its answer's payload, if it has one.
   * An `optional` command SUMO refuses gives `undefined` instead of an error (e.g. a get about a vehicle
   * that may have left).
   */
  add(cmd: number, what: string, write: (w: TraciWriter) => void, payload?: PayloadReader, optional = false): number {
    if (this.expected.some((e) => e.cmd === CMD.SIMSTEP))
      throw new Error(`TraciBatch: ${what} after a simulation step: SUMO would run it before the step and may not answer it (a step ends a message)`);
    if (cmd === CMD.SIMSTEP) for (const e of this.expected) e.beforeStep = true;
    this.writer.beginCommand(cmd);
    write(this.writer);
    this.writer.endCommand();
    this.expected.push({ cmd, what, payload, optional, beforeStep: false });
    return this.expected.length - 1;
  }

  /** Marks the command last added as optional (see `add`). */
  optionalLast(): void {
    const e = this.expected.pop();
    if (e) this.expected.push({ ...e, optional: true });
  }

  /** The message bytes of the queued commands. */
  finish(): Uint8Array {
    return this.writer.finishMessage();
  }

  /** Decodes SUMO's answer to `finish()`'s message: one entry per queued command (undefined without payload). */
  decode(bytes: Uint8Array): unknown[] {
    const r = new TraciReader(bytes);
    const total = r.int();
    if (total !== bytes.length) throw new TraciProtocolError(`TraCI answer: the length field says ${total} bytes, the message has ${bytes.length}`);
    const out: unknown[] = new Array<unknown>(this.expected.length);
    for (let i = 0; i < this.expected.length; i++) {
      const e = this.expected[i];
      if (e.beforeStep && (r.remaining < 2 || r.bytes[r.pos + (r.bytes[r.pos] === 0 ? 5 : 1)] !== e.cmd)) continue;
      const start = r.pos;
      const len = r.length();
      const id = r.ubyte();
      const code = r.ubyte();
      const description = r.string();
      if (id !== e.cmd) throw new TraciProtocolError(`TraCI answer ${i + 1} is for command 0x${id.toString(16)}, expected 0x${e.cmd.toString(16)} (${e.what})`);
      if (r.pos - start !== len) throw new TraciProtocolError(`TraCI status of ${e.what}: length ${len}, read ${r.pos - start} bytes`);
      if (code !== RTYPE.OK && e.optional) {
        out[i] = undefined;
        continue;
      }
      if (code !== RTYPE.OK) {
        const kind = code === RTYPE.NOT_IMPLEMENTED ? 'not implemented' : 'error';
        throw new TraciProtocolError(`SUMO refused ${e.what} (${kind}): ${description || 'no description'}`);
      }
      out[i] = e.payload ? e.payload(r) : undefined;
    }
    if (r.remaining !== 0) throw new TraciProtocolError(`TraCI answer: ${r.remaining} byte(s) left after the answers to ${this.expected.length} command(s)`);
    return out;
  }
}
