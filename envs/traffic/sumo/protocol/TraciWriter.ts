import { TYPE } from './traciConstants.js';

const UTF8 = new TextEncoder();

/**
 * Builds TraCI messages: a 4-byte big-endian total length, then commands, each framed by its length
 * (one byte when the command fits in 255 bytes, else a zero byte and a 4-byte length) and its id.
 * Values are big-endian; strings are a 4-byte byte count and UTF-8 bytes. The buffer grows as needed
 * and is reused between messages.
 *
 * @example
 * ```ts
 * const w = new TraciWriter();
 * w.beginMessage();
 * w.beginCommand(CMD.SIMSTEP); w.double(10); w.endCommand();
 * const bytes = w.finishMessage(); // 00 00 00 0e 0a 02 40 24 00 ...
 * ```
 */
export class TraciWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private pos = 0;
  private cmdStart = -1;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Starts a new message (forgets anything written before). */
  beginMessage(): void {
    this.pos = 4;
    this.cmdStart = -1;
  }

  /** Whether commands were written since `beginMessage`. */
  get empty(): boolean {
    return this.pos <= 4;
  }

  /** Ends the message and returns a copy of its bytes. */
  finishMessage(): Uint8Array {
    if (this.cmdStart >= 0) throw new Error('TraciWriter: finishMessage() inside a command (call endCommand() first)');
    this.view.setInt32(0, this.pos);
    return this.buf.slice(0, this.pos);
  }

  /** Starts a command with id `id` (its length is written by `endCommand`). */
  beginCommand(id: number): void {
    this.room(6);
    this.cmdStart = this.pos;
    this.buf[this.pos + 5] = id;
    this.pos += 6;
  }

  /** Writes the length of the command begun last, in the short form when it fits. */
  endCommand(): void {
    const start = this.cmdStart;
    const body = this.pos - start - 6;
    if (body + 2 <= 255) {
      this.buf.copyWithin(start + 1, start + 5, this.pos);
      this.buf[start] = body + 2;
      this.pos -= 4;
    } else {
      this.buf[start] = 0;
      this.view.setInt32(start + 1, body + 6);
    }
    this.cmdStart = -1;
  }

  ubyte(v: number): this {
    this.room(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  int(v: number): this {
    this.room(4);
    this.view.setInt32(this.pos, v);
    this.pos += 4;
    return this;
  }

  double(v: number): this {
    this.room(8);
    this.view.setFloat64(this.pos, v);
    this.pos += 8;
    return this;
  }

  string(s: string): this {
    const bytes = UTF8.encode(s);
    this.int(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  stringList(list: readonly string[]): this {
    this.int(list.length);
    for (const s of list) this.string(s);
    return this;
  }

  typedInt(v: number): this {
    return this.ubyte(TYPE.INTEGER).int(v);
  }

  typedDouble(v: number): this {
    return this.ubyte(TYPE.DOUBLE).double(v);
  }

  typedString(s: string): this {
    return this.ubyte(TYPE.STRING).string(s);
  }

  typedStringList(list: readonly string[]): this {
    return this.ubyte(TYPE.STRINGLIST).stringList(list);
  }
}
