/** Positions of moving things (vehicles or jobs) in one frame, world coordinates (y down). */
export class Track {
  n = 0;
  id: Int32Array;
  x: Float32Array;
  y: Float32Array;
  /** Rotation, radians, screen convention (clockwise, y down). */
  rot: Float32Array;
  /** First value used for colouring (vehicle speed m/s, job type). */
  a: Float32Array;
  /** Second value (vehicle waiting time s, job location code). */
  b: Float32Array;

  constructor(capacity: number) {
    const c = Math.max(1, capacity);
    this.id = new Int32Array(c);
    this.x = new Float32Array(c);
    this.y = new Float32Array(c);
    this.rot = new Float32Array(c);
    this.a = new Float32Array(c);
    this.b = new Float32Array(c);
  }
}

/** Fills `out` with the frame's things (one decode per frame index). */
export type TrackDecoder = (frameIndex: number, out: Track) => void;

function lerpAngle(a: number, b: number, t: number): number {
  let d = b - a;
  while (d > Math.PI) d -= 2 * Math.PI;
  while (d < -Math.PI) d += 2 * Math.PI;
  return a + d * t;
}

/**
 * Decodes frames on demand (two cached: the current and the next) and interpolates positions of the
 * same id between them, so playback is smooth whatever the recording interval. Allocation-free per
 * call once warmed up.
 */
export class TrackSampler {
  out: Track;
  private cur: Track;
  private next: Track;
  private curIndex = -1;
  private nextIndex = -1;

  constructor(private readonly decode: TrackDecoder, capacity: number) {
    this.out = new Track(capacity);
    this.cur = new Track(capacity);
    this.next = new Track(capacity);
  }

  /** Grows the buffers (live episodes) and forgets the cache. */
  resize(capacity: number): void {
    this.out = new Track(capacity);
    this.cur = new Track(capacity);
    this.next = new Track(capacity);
    this.curIndex = -1;
    this.nextIndex = -1;
  }

  private load(i: number, j: number): void {
    if (this.curIndex === i && this.nextIndex === j) return;
    if (this.nextIndex === i) {
      const t = this.cur;
      this.cur = this.next;
      this.next = t;
      this.curIndex = i;
      this.nextIndex = -1;
    }
    if (this.curIndex !== i) {
      this.decode(i, this.cur);
      this.curIndex = i;
    }
    if (j >= 0 && this.nextIndex !== j) {
      this.decode(j, this.next);
      this.nextIndex = j;
    }
  }

  /** Samples frame `i` blended towards frame `j` (-1: none) by `alpha` in [0, 1); returns `out`. */
  sample(i: number, j: number, alpha: number): Track {
    this.load(i, j);
    const a = this.cur;
    const o = this.out;
    o.n = a.n;
    const useNext = j >= 0 && alpha > 0;
    const b = this.next;
    let k = 0;
    for (let m = 0; m < a.n; m++) {
      const id = a.id[m] ?? 0;
      o.id[m] = id;
      o.a[m] = a.a[m] ?? 0;
      o.b[m] = a.b[m] ?? 0;
      let x = a.x[m] ?? 0;
      let y = a.y[m] ?? 0;
      let r = a.rot[m] ?? 0;
      if (useNext) {
        while (k < b.n && (b.id[k] ?? 0) < id) k++;
        if (k < b.n && b.id[k] === id) {
          x += ((b.x[k] ?? 0) - x) * alpha;
          y += ((b.y[k] ?? 0) - y) * alpha;
          r = lerpAngle(r, b.rot[k] ?? 0, alpha);
        }
      }
      o.x[m] = x;
      o.y[m] = y;
      o.rot[m] = r;
    }
    return o;
  }
}
