import { nodeModule } from './process/nodeModule.js';

type Fs = typeof import('node:fs');

/** Reads the lines a file gains, from where the last read stopped (a partial last line waits). */
class TailReader {
  private fd = -1;
  private offset = 0;
  private rest = '';
  private readonly buf = new Uint8Array(1 << 16);
  private readonly decoder = new TextDecoder();

  constructor(private readonly fs: Fs, private readonly file: string) {}

  /** Starts over (SUMO rewrote the file after a load). */
  rewind(): void {
    this.close();
    this.offset = 0;
    this.rest = '';
  }

  /** Calls `line` for every complete new line. */
  read(line: (text: string) => void): void {
    if (this.fd < 0) {
      try {
        this.fd = this.fs.openSync(this.file, 'r');
      } catch {
        return; // not written yet
      }
    }
    for (;;) {
      const n = this.fs.readSync(this.fd, this.buf, 0, this.buf.length, this.offset);
      if (n <= 0) break;
      this.offset += n;
      const text = this.rest + this.decoder.decode(this.buf.subarray(0, n), { stream: true });
      const lines = text.split('\n');
      this.rest = lines.pop() ?? '';
      for (const l of lines) line(l);
    }
  }

  close(): void {
    if (this.fd >= 0) this.fs.closeSync(this.fd);
    this.fd = -1;
  }
}

function attr(line: string, name: string): number {
  const at = line.indexOf(` ${name}="`);
  if (at < 0) return NaN;
  const start = at + name.length + 3;
  return Number(line.slice(start, line.indexOf('"', start)));
}

/**
 * SUMO's own trip statistics, read from the tripinfo and summary files it writes for tsgym (one
 * `<tripinfo>` per arrived vehicle, one `<step>` per simulation step; SUMO flushes each element): the
 * sums over arrived vehicles of duration, waiting time, stops, time loss and depart delay, and per step
 * the vehicles inserted, running, waiting to be inserted and halting. The vehicle-seconds spent waiting
 * for insertion are summed over steps: over an episode this is the total depart delay of every vehicle,
 * those never inserted included (up to now), as RESCO's delay counts them.
 *
 * @example
 * ```ts
 * const out = new SumoOutputs('/tmp/tsgym-sumo-x');
 * out.read(); out.arrived; out.sumTimeLoss;
 * ```
 */
export class SumoOutputs {
  arrived = 0;
  sumDuration = 0;
  sumWaiting = 0;
  sumStops = 0;
  sumTimeLoss = 0;
  sumDepartDelay = 0;
  /** Last step's summary (NaN before the first). */
  time = NaN;
  inserted = 0;
  running = 0;
  pending = 0;
  halting = 0;
  meanSpeed = 0;
  /** Vehicle-seconds spent waiting for insertion, summed over steps. */
  pendingSeconds = 0;
  private readonly trips: TailReader;
  private readonly summary: TailReader;

  constructor(dir: string, tripFile: string, summaryFile: string, private readonly stepLength: number) {
    const fs = nodeModule<Fs>('node:fs');
    const path = nodeModule<typeof import('node:path')>('node:path');
    this.trips = new TailReader(fs, path.join(dir, tripFile));
    this.summary = new TailReader(fs, path.join(dir, summaryFile));
  }

  /** Forgets everything (a new run: SUMO rewrites the files). */
  reset(): void {
    this.trips.rewind();
    this.summary.rewind();
    this.arrived = this.sumDuration = this.sumWaiting = this.sumStops = this.sumTimeLoss = this.sumDepartDelay = 0;
    this.time = NaN;
    this.inserted = this.running = this.pending = this.halting = this.meanSpeed = this.pendingSeconds = 0;
  }

  /** Takes in what SUMO wrote since the last call. */
  read(): void {
    this.trips.read((l) => {
      if (!l.includes('<tripinfo ')) return;
      this.arrived++;
      this.sumDuration += attr(l, 'duration');
      this.sumWaiting += attr(l, 'waitingTime');
      this.sumStops += attr(l, 'waitingCount');
      this.sumTimeLoss += attr(l, 'timeLoss');
      this.sumDepartDelay += attr(l, 'departDelay');
    });
    this.summary.read((l) => {
      if (!l.includes('<step ')) return;
      this.time = attr(l, 'time');
      this.inserted = attr(l, 'inserted');
      this.running = attr(l, 'running');
      this.pending = attr(l, 'waiting');
      this.halting = attr(l, 'halting');
      this.meanSpeed = attr(l, 'meanSpeed');
      this.pendingSeconds += this.pending * this.stepLength;
    });
  }

  close(): void {
    this.trips.close();
    this.summary.close();
  }
}
