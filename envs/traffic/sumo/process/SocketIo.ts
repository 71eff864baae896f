import { nodeModule } from './nodeModule.js';

type Fs = typeof import('node:fs');

/** The connection ended (the peer closed it, or reading failed); `reason` says how. */
export class SocketClosed extends Error {}

/**
 * Plain reads and writes on socket file descriptors from the thread that needs the data: blocking
 * whole-message exchange on the TraCI socket (a 4-byte big-endian length, then the rest), and
 * non-blocking draining of output-stream sockets into complete lines. No event loop is involved,
 * so a TraCI round trip costs the loopback and SUMO's work only.
 *
 * @example
 * ```ts
 * const io = new SocketIo();
 * io.writeAll(fd, message);
 * const answer = io.readMessage(fd); // valid until the next readMessage
 * ```
 */
export class SocketIo {
  private readonly fs: Fs;
  private buf = new Uint8Array(1 << 16);
  private readonly chunk = new Uint8Array(1 << 16);
  private readonly decoder = new TextDecoder();
  private readonly rest = new Map<number, string>();

  constructor() {
    this.fs = nodeModule<Fs>('node:fs');
  }

  /** Writes all of `bytes` to blocking descriptor `fd`. */
  writeAll(fd: number, bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) {
      const n = this.fs.writeSync(fd, bytes, off, bytes.length - off);
      if (n <= 0) throw new SocketClosed('the TraCI connection refused more data');
      off += n;
    }
  }

  private readInto(fd: number, at: number, n: number): void {
    let got = 0;
    while (got < n) {
      let k: number;
      try {
        k = this.fs.readSync(fd, this.buf, at + got, n - got, null);
      } catch (e) {
        throw new SocketClosed(`reading the TraCI answer failed (${(e as { code?: string }).code ?? (e as Error).message})`);
      }
      if (k === 0) throw new SocketClosed('sumo closed the TraCI connection');
      got += k;
    }
  }

  /** Reads one whole TraCI message from blocking descriptor `fd` (a view valid until the next call). */
  readMessage(fd: number): Uint8Array {
    this.readInto(fd, 0, 4);
    const len = new DataView(this.buf.buffer, 0, 4).getInt32(0);
    if (len < 4 || len > 1 << 30) throw new SocketClosed(`a TraCI answer of impossible length ${len}`);
    if (len > this.buf.length) {
      const next = new Uint8Array(Math.max(len, this.buf.length * 2));
      next.set(this.buf.subarray(0, 4));
      this.buf = next;
    }
    this.readInto(fd, 4, len - 4);
    return this.buf.subarray(0, len);
  }

  /**
   * Reads what non-blocking descriptor `fd` holds now and returns its complete lines (a partial last
   * line waits for the next call; SUMO's outputs are ASCII); `ended` is true when the peer closed it.
   */
  drainLines(fd: number): { text: string; ended: boolean } {
    let text = this.rest.get(fd) ?? '';
    let ended = false;
    for (;;) {
      let k: number;
      try {
        k = this.fs.readSync(fd, this.chunk, 0, this.chunk.length, null);
      } catch (e) {
        if ((e as { code?: string }).code === 'EAGAIN' || (e as { code?: string }).code === 'EWOULDBLOCK') break;
        ended = true;
        break;
      }
      if (k === 0) {
        ended = true;
        break;
      }
      text += this.decoder.decode(this.chunk.subarray(0, k));
    }
    const cut = text.lastIndexOf('\n') + 1;
    if (ended) this.rest.delete(fd);
    else this.rest.set(fd, text.slice(cut));
    return { text: text.slice(0, cut), ended };
  }
}
