/** Upper bounds (seconds) of the request-latency histogram buckets. */
export const LATENCY_BUCKETS: readonly number[] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** Fine latency histogram: bucket k holds latencies in [2^((k-1)/8), 2^(k/8)) microseconds (about 9% wide), up to ~17 minutes. */
const FINE_PER_OCTAVE = 8;
const FINE_BUCKETS = FINE_PER_OCTAVE * 30;

/** Escapes a Prometheus label value. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function num(v: number): string {
  return Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
}

/** Extra gauges appended to the metrics text (model and drift state). */
export interface MetricsState {
  readonly modelVersion: string;
  readonly reloadsOk: number;
  readonly reloadsFailed: number;
  readonly driftFeatures?: readonly string[];
  readonly driftZ?: ArrayLike<number>;
  readonly driftSamples?: number;
  readonly drifting?: boolean;
}

/**
 * Request counters by route and status, a latency histogram of `POST /act`, and batch sizes, rendered
 * in the Prometheus text exposition format (version 0.0.4).
 *
 * @example
 * ```ts
 * const m = new ServeMetrics();
 * m.request('/act', 200, 0.0004);
 * m.render({ modelVersion: 'abc', reloadsOk: 1, reloadsFailed: 0 }); // "# TYPE tsgym_serve_requests_total counter ..."
 * ```
 */
export class ServeMetrics {
  private readonly counts = new Map<string, number>();
  private readonly bucketCounts = new Float64Array(LATENCY_BUCKETS.length);
  private latencyCount = 0;
  private latencySum = 0;
  /** `/act` answered with 200 (the hot path: no string key per request). */
  private acted = 0;
  private readonly fine = new Float64Array(FINE_BUCKETS);
  batches = 0;
  batchedRequests = 0;
  maxBatch = 0;

  /** Counts one finished request; `seconds` feeds the histogram for `/act`. */
  request(route: string, status: number, seconds: number): void {
    if (route === '/act' && status === 200) this.acted++;
    else {
      const key = `${route}\u0000${status}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    if (route !== '/act') return;
    this.latencyCount++;
    this.latencySum += seconds;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= (LATENCY_BUCKETS[i])) this.bucketCounts[i] = (this.bucketCounts[i]) + 1;
    const us = seconds * 1e6;
    const k = us < 1 ? 0 : Math.min(FINE_BUCKETS - 1, Math.ceil(Math.log2(us) * FINE_PER_OCTAVE));
    this.fine[k] = (this.fine[k]) + 1;
  }

  /**
   * Quantile `q` (0..1) of the `POST /act` latency seen by the server (request event to response
   * queued on the socket), in seconds, from a log histogram with ~9% wide buckets (upper bucket edge).
   * Excludes time in the kernel and in the client, so comparing it with the client's figure says where
   * a tail comes from.
   */
  latencyQuantile(q: number): number {
    const target = q * this.latencyCount;
    let seen = 0;
    for (let k = 0; k < FINE_BUCKETS; k++) {
      seen += this.fine[k];
      if (seen >= target && seen > 0) return 2 ** (k / FINE_PER_OCTAVE) / 1e6;
    }
    return Number.NaN;
  }

  /** Forgets the latency histograms (the load test does after its warm-up). */
  resetLatency(): void {
    this.fine.fill(0);
    this.bucketCounts.fill(0);
    this.latencyCount = 0;
    this.latencySum = 0;
  }

  /** Counts one forward pass over `size` requests. */
  batch(size: number): void {
    this.batches++;
    this.batchedRequests += size;
    if (size > this.maxBatch) this.maxBatch = size;
  }

  /** Requests counted for `route` and `status`. */
  count(route: string, status: number): number {
    return (route === '/act' && status === 200 ? this.acted : 0) + (this.counts.get(`${route}\u0000${status}`) ?? 0);
  }

  /** The Prometheus text. */
  render(s: MetricsState): string {
    const L: string[] = [];
    L.push('# HELP tsgym_serve_requests_total HTTP requests by route and status code.', '# TYPE tsgym_serve_requests_total counter');
    const all = new Map(this.counts);
    if (this.acted > 0) all.set('/act\u0000200', this.acted);
    const keys = [...all.keys()].sort();
    for (const k of keys) {
      const [route = '', status = ''] = k.split('\u0000');
      L.push(`tsgym_serve_requests_total{route="${escapeLabel(route)}",status="${status}"} ${all.get(k) ?? 0}`);
    }
    L.push(
      '# HELP tsgym_serve_request_duration_seconds Latency of POST /act from request to response.',
      '# TYPE tsgym_serve_request_duration_seconds histogram',
    );
    LATENCY_BUCKETS.forEach((b, i) => L.push(`tsgym_serve_request_duration_seconds_bucket{le="${b}"} ${this.bucketCounts[i] ?? 0}`));
    L.push(`tsgym_serve_request_duration_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    L.push(`tsgym_serve_request_duration_seconds_sum ${num(this.latencySum)}`, `tsgym_serve_request_duration_seconds_count ${this.latencyCount}`);
    L.push(
      '# HELP tsgym_serve_batches_total Forward passes (one per micro-batch).',
      '# TYPE tsgym_serve_batches_total counter',
      `tsgym_serve_batches_total ${this.batches}`,
    );
    L.push(
      '# HELP tsgym_serve_batched_requests_total Observations answered by forward passes.',
      '# TYPE tsgym_serve_batched_requests_total counter',
      `tsgym_serve_batched_requests_total ${this.batchedRequests}`,
    );
    L.push(
      '# HELP tsgym_serve_batch_size_max Largest micro-batch so far.',
      '# TYPE tsgym_serve_batch_size_max gauge',
      `tsgym_serve_batch_size_max ${this.maxBatch}`,
    );
    L.push(
      '# HELP tsgym_serve_model_info The served model version (SHA-256 prefix of policy.json).',
      '# TYPE tsgym_serve_model_info gauge',
      `tsgym_serve_model_info{version="${escapeLabel(s.modelVersion)}"} 1`,
    );
    L.push('# HELP tsgym_serve_model_reloads_total Model reloads by result.', '# TYPE tsgym_serve_model_reloads_total counter');
    L.push(`tsgym_serve_model_reloads_total{result="ok"} ${s.reloadsOk}`, `tsgym_serve_model_reloads_total{result="error"} ${s.reloadsFailed}`);
    if (s.driftZ !== undefined && s.driftFeatures !== undefined) {
      L.push(
        '# HELP tsgym_serve_drift_z Running mean z-score of each observation feature against the training statistics.',
        '# TYPE tsgym_serve_drift_z gauge',
      );
      for (let i = 0; i < s.driftZ.length; i++) L.push(`tsgym_serve_drift_z{feature="${escapeLabel(s.driftFeatures[i] ?? `x[${i}]`)}"} ${num(s.driftZ[i])}`);
      L.push(
        '# HELP tsgym_serve_drift_samples Observations in the drift statistics.',
        '# TYPE tsgym_serve_drift_samples gauge',
        `tsgym_serve_drift_samples ${s.driftSamples ?? 0}`,
      );
      L.push(
        '# HELP tsgym_serve_drifting 1 when some feature drifts beyond the threshold.',
        '# TYPE tsgym_serve_drifting gauge',
        `tsgym_serve_drifting ${s.drifting ? 1 : 0}`,
      );
    }
    return `${L.join('\n')}\n`;
  }
}
