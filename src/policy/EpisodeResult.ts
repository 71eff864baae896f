/** What one evaluated episode yields (as returned by `runEpisode` and `RolloutPool.evaluate`). */
export interface EpisodeResult {
  readonly episode: number;
  readonly seed: number;
  readonly return: number;
  readonly length: number;
  /** The final step's `info.metrics` (domain metrics such as meanDelay, throughput, makespan). */
  readonly metrics: Readonly<Record<string, number>>;
}
