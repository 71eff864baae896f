/** Speeds offered by the controls (simulated seconds per wall second). */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128] as const;

/** Wall seconds an episode should take at the speed the viewer opens with. */
export const WATCH_SECONDS = 75;

/**
 * The speed the viewer opens with: the slowest offered speed that shows `duration` simulated seconds in at
 * most `WATCH_SECONDS` (about a minute), so a one-hour episode plays at 64x.
 */
export function autoSpeed(duration: number): number {
  return SPEEDS.find((s) => duration / s <= WATCH_SECONDS) ?? SPEEDS[SPEEDS.length - 1] ?? 1;
}

/** The shared clock: simulated time `t` between `t0` and `t1`, played at `speed`. */
export class Playhead {
  t = 0;
  t0 = 0;
  t1 = 0;
  speed = 1;
  playing = false;
  /** In live mode the playhead follows the newest frame while playing (or while parked at the end). */
  follow = false;

  setRange(t0: number, t1: number): void {
    const atEnd = this.t >= this.t1;
    this.t0 = t0;
    this.t1 = t1;
    // live: new frames pull a playing (or parked-at-the-end) playhead to the newest one; pause to look
    // at the past while the episode runs
    if (this.follow && (atEnd || this.playing)) this.t = t1;
    this.t = Math.min(Math.max(this.t, t0), t1);
  }

  seek(t: number): void {
    this.t = Math.min(Math.max(t, this.t0), this.t1);
  }

  /** Advances by `dtMs` of wall time; stops at the end (unless following a live episode). */
  advance(dtMs: number): void {
    if (!this.playing) return;
    this.t += (dtMs / 1000) * this.speed;
    if (this.t >= this.t1) {
      this.t = this.t1;
      if (!this.follow) this.playing = false;
    }
  }
}

/** Index `i` of the last frame with `times[i] <= t` (binary search), and the blend towards `i + 1`. */
export function frameAt(times: ArrayLike<number>, count: number, t: number): { i: number; j: number; alpha: number } {
  if (count === 0) return { i: -1, j: -1, alpha: 0 };
  let lo = 0;
  let hi = count - 1;
  if (t <= (times[0] ?? 0)) return { i: 0, j: count > 1 ? 1 : -1, alpha: 0 };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((times[mid] ?? 0) <= t) lo = mid;
    else hi = mid - 1;
  }
  if (lo >= count - 1) return { i: count - 1, j: -1, alpha: 0 };
  const ta = times[lo] ?? 0;
  const tb = times[lo + 1] ?? ta;
  return { i: lo, j: lo + 1, alpha: tb > ta ? (t - ta) / (tb - ta) : 0 };
}

/** `m:ss` (or `h:mm:ss`) with one decimal for short times. */
export function formatClock(t: number): string {
  const s = Math.max(0, t);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const ss = sec.toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
