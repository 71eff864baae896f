import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Callback, LogRecord } from './callbacks.js';

/**
 * Appends every log record as one JSON line: `{"type":"episode","step":..,"return":..,"length":..}`,
 * `{"type":"train","step":..,"fps":..,"loss":..,"epsilon":..}`, `{"type":"eval",...}`.
 *
 * @example
 * ```ts
 * await agent.learn({ totalTimesteps: 1e5, callbacks: [new JsonlLogger('runs/dqn/log.jsonl')] });
 * ```
 */
export class JsonlLogger implements Callback {
  /** Set `episodes: false` to log only train/eval records. */
  constructor(readonly file: string, readonly opts: { episodes?: boolean } = {}) {
    mkdirSync(dirname(file), { recursive: true });
  }

  onLog(record: LogRecord): void {
    if (record.type === 'episode' && this.opts.episodes === false) return;
    appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }
}
