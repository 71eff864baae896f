import cliProgress from 'cli-progress';

/** A progress bar on stderr, silent when stderr is not a TTY or `quiet` is set. */
export interface Progress {
  update(value: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

/**
 * Creates a progress bar with a custom format (cli-progress tokens: {bar} {value} {total} {eta_formatted} and payload keys).
 *
 * @example
 * ```ts
 * const bar = startProgress(1000, '{bar} {value}/{total} steps | {fps} fps | ETA {eta_formatted}', quiet);
 * bar.update(10, { fps: 512 }); bar.stop();
 * ```
 */
export function startProgress(total: number, format: string, quiet: boolean, payload: Record<string, string | number> = {}): Progress {
  if (quiet || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, payload);
  return {
    update: (v, p) => bar.update(v, p ?? {}),
    stop: () => bar.stop(),
  };
}
