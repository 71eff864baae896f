import type { EpisodeSummary, Frame, Recording } from '../../format/types.js';

/** A loaded (or live, growing) recording with per-frame times and metric series for the charts. */
export class Episode {
  readonly frames: Frame[] = [];
  times: Float64Array<ArrayBuffer> = new Float64Array(1024);
  /** Metric name -> values by frame (`reward` included). */
  readonly series = new Map<string, Float64Array>();
  /** Most vehicles or jobs in any frame (sizes the sprite pools). */
  maxThings = 0;
  /** The recording's end-of-episode summary (recordings; live episodes have none until they end). */
  summary: EpisodeSummary | undefined;

  constructor(readonly rec: Omit<Recording, 'frames' | 'summary'>, frames: readonly Frame[] = []) {
    for (const f of frames) this.push(f);
  }

  get count(): number {
    return this.frames.length;
  }

  get t0(): number {
    return this.times[0] ?? 0;
  }

  get t1(): number {
    return this.count ? (this.times[this.count - 1] ?? 0) : 0;
  }

  /** Appends a frame (live mode) and extends the series. */
  push(f: Frame): void {
    const i = this.frames.length;
    this.frames.push(f);
    if (i >= this.times.length) this.times = grow(this.times);
    this.times[i] = f.t;
    this.maxThings = Math.max(this.maxThings, f.vehicles?.n ?? 0, f.jobs?.id.length ?? 0);
    this.set('reward', i, f.reward);
    for (const k in f.metrics) this.set(k, i, f.metrics[k] ?? 0);
  }

  private set(key: string, i: number, v: number): void {
    let s = this.series.get(key);
    if (!s) {
      s = new Float64Array(this.times.length).fill(Number.NaN);
      this.series.set(key, s);
    } else if (i >= s.length) {
      const g = new Float64Array(this.times.length).fill(Number.NaN);
      g.set(s);
      s = g;
      this.series.set(key, s);
    }
    s[i] = v;
  }
}

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const g = new Float64Array(a.length * 2);
  g.set(a);
  return g;
}
