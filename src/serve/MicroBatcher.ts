/**
 * Collects items that arrive within one event-loop turn and hands them to `process` together: the first
 * item schedules a flush with `setImmediate`, which runs after the poll phase has read every request
 * that was ready, so concurrent requests share one forward pass. At most `maxBatch` items go to one
 * call; the rest wait for the next turn.
 *
 * @example
 * ```ts
 * const b = new MicroBatcher<number>((xs) => console.log(xs), 64);
 * b.push(1); b.push(2); // logs [1, 2] once, after the current turn
 * ```
 */
export class MicroBatcher<T> {
  private queue: T[] = [];
  private scheduled = false;

  constructor(
    private readonly process: (items: T[]) => void,
    readonly maxBatch = 256,
  ) {}

  /** Items waiting for the next flush. */
  get pending(): number {
    return this.queue.length;
  }

  push(item: T): void {
    this.queue.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const all = this.queue;
    const now = all.length <= this.maxBatch ? all : all.slice(0, this.maxBatch);
    this.queue = all.length <= this.maxBatch ? [] : all.slice(this.maxBatch);
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
    this.process(now);
  };
}
