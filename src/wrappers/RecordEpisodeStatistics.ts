import type { Env } from '../core/Env.js';
import { InvalidConfig } from '../core/errors.js';
import type { ResetOptions, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from './Wrapper.js';

/** Statistics of one finished episode: return `r`, length `l`, wall-clock seconds `t`. */
export interface EpisodeStatistics {
  r: number;
  l: number;
  t: number;
}

function now(): number {
  return globalThis.performance.now() / 1000;
}

/**
 * Tracks each episode's return and length; on the step that ends it (terminated or truncated) puts
 * `episode: { r, l, t }` in that step's info (`t`: seconds since the reset, rounded to 6 decimals, as
 * Gymnasium 1.x). The last `bufferLength` episodes are kept in `returnQueue`, `lengthQueue`, `timeQueue`.
 *
 * @example
 * ```ts
 * const env = new RecordEpisodeStatistics(make('CartPole-v1'));
 * // ... on the final step: info.episode -> { r: 23, l: 23, t: 0.000412 }
 * ```
 */
export class RecordEpisodeStatistics<Obs, Act> extends Wrapper<Obs, Act> {
  /** Episodes finished so far. */
  episodeCount = 0;
  /** Returns of the last `bufferLength` episodes, oldest first. */
  readonly returnQueue: number[] = [];
  /** Lengths of the last `bufferLength` episodes. */
  readonly lengthQueue: number[] = [];
  /** Durations in seconds of the last `bufferLength` episodes. */
  readonly timeQueue: number[] = [];
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeStart = -1;

  constructor(env: Env<Obs, Act>, readonly bufferLength = 100, readonly statsKey = 'episode') {
    super(env);
    if (!Number.isInteger(bufferLength) || bufferLength <= 0) {
      throw new InvalidConfig(`RecordEpisodeStatistics bufferLength must be a positive integer, got ${String(bufferLength)}`);
    }
  }

  /** Episode counters and queues; the episode's wall-clock start is re-based on restore (elapsed time kept). */
  protected override snapshotOwn(): unknown {
    return {
      episodeCount: this.episodeCount, returnQueue: [...this.returnQueue], lengthQueue: [...this.lengthQueue], timeQueue: [...this.timeQueue],
      episodeReturn: this.episodeReturn, episodeLength: this.episodeLength, elapsed: this.episodeStart < 0 ? -1 : now() - this.episodeStart,
    };
  }

  protected override restoreOwn(own: unknown): void {
    const o = own as {
      episodeCount: number;
      returnQueue: number[];
      lengthQueue: number[];
      timeQueue: number[];
      episodeReturn: number;
      episodeLength: number;
      elapsed: number;
    };
    this.episodeCount = o.episodeCount;
    this.returnQueue.splice(0, this.returnQueue.length, ...o.returnQueue);
    this.lengthQueue.splice(0, this.lengthQueue.length, ...o.lengthQueue);
    this.timeQueue.splice(0, this.timeQueue.length, ...o.timeQueue);
    this.episodeReturn = o.episodeReturn;
    this.episodeLength = o.episodeLength;
    this.episodeStart = o.elapsed < 0 ? -1 : now() - o.elapsed;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    this.episodeStart = now();
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.episodeReturn += r[1];
    this.episodeLength += 1;
    if (r[2] || r[3]) {
      if (this.statsKey in r[4]) {
        throw new InvalidConfig(`RecordEpisodeStatistics: info already has key '${this.statsKey}'; choose another statsKey`);
      }
      const t = Math.round((now() - this.episodeStart) * 1e6) / 1e6;
      const stats: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength, t };
      // A new info object: envs may reuse theirs between steps.
      r[4] = { ...r[4], [this.statsKey]: stats };
      push(this.returnQueue, stats.r, this.bufferLength);
      push(this.lengthQueue, stats.l, this.bufferLength);
      push(this.timeQueue, stats.t, this.bufferLength);
      this.episodeCount++;
      this.episodeStart = now();
    }
    return r;
  }
}

function push(q: number[], v: number, max: number): void {
  q.push(v);
  if (q.length > max) q.shift();
}
