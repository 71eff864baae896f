import { TraciProtocolError } from './TraciProtocolError.js';
import { TYPE } from './traciConstants.js';

const UTF8 = new TextDecoder();

/** A decoded TraCI typed value. */
export type TraciValue =
  | number
  | string
  | readonly string[]
  | readonly number[]
  | { readonly x: number; readonly y: number; readonly z?: number }
  | readonly TraciValue[];

/**
 * Reads big-endian TraCI data from a response message, with bounds checks: reading past the end
 * throws `TraciProtocolError` naming what was being read. Short ASCII strings (every SUMO id in
 * practice) are decoded without TextDecoder.
 *
 * @example
 * ```ts
 * const r = new TraciReader(bytes);
 * const total = r.int(); // the message length
 * ```
 */
export class TraciReader {
  pos = 0;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length)
      throw new TraciProtocolError(`TraCI answer ended early: ${what} needs ${n} byte(s) at offset ${this.pos}, the message has ${this.bytes.length}`);
  }

  ubyte(): number {
    this.need(1, 'a byte');
    return this.bytes[this.pos++];
  }

  byte(): number {
    this.need(1, 'a byte');
    return this.view.getInt8(this.pos++);
  }

  int(): number {
    this.need(4, 'an int');
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  double(): number {
    this.need(8, 'a double');
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  string(): string {
    const n = this.int();
    if (n < 0) throw new TraciProtocolError(`TraCI answer holds a string of negative length ${n} at offset ${this.pos - 4}`);
    this.need(n, 'a string');
    const b = this.bytes;
    const p = this.pos;
    this.pos += n;
    if (n <= 64) {
      let s = '';
      for (let i = p; i < p + n; i++) {
        const c = b[i];
        if (c >= 0x80) return UTF8.decode(b.subarray(p, p + n));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return UTF8.decode(b.subarray(p, p + n));
  }

  stringList(): string[] {
    const n = this.int();
    const out: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.string();
    return out;
  }

  /** A command or status length: one byte, or a zero byte and an int (the long form). */
  length(): number {
    const n = this.ubyte();
    return n > 0 ? n : this.int();
  }

  /** Expects type tag `type` and throws naming `what` otherwise. */
  expectType(type: number, what: string): void {
    const t = this.ubyte();
    if (t !== type)
      throw new TraciProtocolError(
        `TraCI answer: ${what}: expected type 0x${type.toString(16).padStart(2, '0')}, got 0x${t.toString(16).padStart(2, '0')} at offset ${this.pos - 1}`,
      );
  }

  typedInt(what = 'an integer'): number {
    this.expectType(TYPE.INTEGER, what);
    return this.int();
  }

  typedDouble(what = 'a double'): number {
    this.expectType(TYPE.DOUBLE, what);
    return this.double();
  }

  typedString(what = 'a string'): string {
    this.expectType(TYPE.STRING, what);
    return this.string();
  }

  typedStringList(what = 'a string list'): string[] {
    this.expectType(TYPE.STRINGLIST, what);
    return this.stringList();
  }

  /** A value preceded by its type tag (compounds recursively). */
  typedValue(): TraciValue {
    const t = this.ubyte();
    switch (t) {
      case TYPE.UBYTE:
        return this.ubyte();
      case TYPE.BYTE:
        return this.byte();
      case TYPE.INTEGER:
        return this.int();
      case TYPE.DOUBLE:
        return this.double();
      case TYPE.STRING:
        return this.string();
      case TYPE.STRINGLIST:
        return this.stringList();
      case TYPE.POSITION_2D:
        return { x: this.double(), y: this.double() };
      case TYPE.POSITION_3D:
        return { x: this.double(), y: this.double(), z: this.double() };
      case TYPE.DOUBLELIST: {
        const n = this.int();
        return Array.from({ length: n }, () => this.double());
      }
      case TYPE.COLOR:
        return [this.ubyte(), this.ubyte(), this.ubyte(), this.ubyte()];
      case TYPE.POLYGON: {
        const n = this.ubyte();
        return Array.from({ length: n }, () => [this.double(), this.double()] as const).flat();
      }
      case TYPE.COMPOUND: {
        const n = this.int();
        return Array.from({ length: n }, () => this.typedValue());
      }
      default:
        throw new TraciProtocolError(`TraCI answer: unknown value type 0x${t.toString(16).padStart(2, '0')} at offset ${this.pos - 1}`);
    }
  }
}
