/**
 * A bounded, adaptive busy-wait on one slot of a shared `Int32Array`, used by AsyncVectorEnv's main
 * thread and workers before they sleep on `Atomics.wait`. A spin that sees the awaited change doubles
 * the next spin's budget (up to `maxUs`); one that runs out halves it (down to `floorUs`). So on free
 * cores a hand-over costs no futex wake-up, while on an oversubscribed machine (the other thread is not
 * running, or the caller is slow to send the next step) a thread wastes about `floorUs` per wait
 * instead of burning `maxUs` of its time slice each time, the way adaptive mutexes spin. The floor
 * lets the budget grow back: two running threads answer each other within it.
 *
 * @example
 * ```ts
 * const spin = new AdaptiveSpin(50);
 * if (!spin.whileEquals(ctrl, SEQ, seq)) while (Atomics.load(ctrl, SEQ) === seq) Atomics.wait(ctrl, SEQ, seq);
 * ```
 */
export class AdaptiveSpin {
  private limitMs: number;
  private readonly maxMs: number;
  private readonly floorMs: number;

  /** `maxUs` 0 never spins; `floorUs` (default min(maxUs, 20)) must cover a hand-over between two running threads, or the budget could not grow back. */
  constructor(maxUs: number, floorUs = Math.min(maxUs, 20)) {
    this.maxMs = maxUs / 1000;
    this.floorMs = floorUs / 1000;
    this.limitMs = this.maxMs;
  }

  /** Current spin budget in microseconds. */
  get budgetUs(): number {
    return this.limitMs * 1000;
  }

  /** Spins while `a[index] === value`; true when it changed within the budget. */
  whileEquals(a: Int32Array, index: number, value: number): boolean {
    if (Atomics.load(a, index) !== value) return true;
    if (this.maxMs <= 0) return false;
    const until = performance.now() + this.limitMs;
    do {
      if (Atomics.load(a, index) !== value) return this.hit();
    } while (performance.now() < until);
    return this.miss();
  }

  /** Spins until `a[index] === value`; true when it got there within the budget. */
  untilEquals(a: Int32Array, index: number, value: number): boolean {
    if (Atomics.load(a, index) === value) return true;
    if (this.maxMs <= 0) return false;
    const until = performance.now() + this.limitMs;
    do {
      if (Atomics.load(a, index) === value) return this.hit();
    } while (performance.now() < until);
    return this.miss();
  }

  private hit(): true {
    this.limitMs = Math.min(this.maxMs, this.limitMs * 2);
    return true;
  }

  private miss(): false {
    this.limitMs = Math.max(this.floorMs, this.limitMs / 2);
    return false;
  }
}
