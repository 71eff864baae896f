/**
 * How an episode's value of a metric is formed, which decides how a report labels it:
 * `mean` (an average over the episode or per vehicle/job), `total` (a count over the episode),
 * `end` (the state at the end of the episode, such as the queue left), `filler` (bookkeeping such as the
 * clock: kept in JSON, left out of tables).
 */
export type MetricKind = 'mean' | 'total' | 'end' | 'filler';

/**
 * What one `info.metrics` entry means, for reports.
 *
 * @example
 * ```ts
 * const delay: MetricInfo = { unit: 's', kind: 'mean', label: 'mean delay per vehicle', better: 'lower' };
 * ```
 */
export interface MetricInfo {
  /** SI-style unit (`s`, `veh`, `veh/h`, `m/s`, `jobs/h`), or '' for a pure number or fraction. */
  readonly unit: string;
  readonly kind: MetricKind;
  /** A few words a domain expert would use. */
  readonly label: string;
  /** Which direction is an improvement, where one is. */
  readonly better?: 'lower' | 'higher';
  /** Per-element detail (per approach, per machine): in JSON and in tables only when asked for by name. */
  readonly detail?: boolean;
}

/**
 * An env's metrics catalogue (`EnvSpec.metrics`): the domain's main metric, and every metric the env
 * reports in `info.metrics`, in the order a report should show them. A key `*.name` covers a family of
 * per-element metrics (`S1.utilisation`, `J0.N.delay` for `*.delay`).
 *
 * @example
 * ```ts
 * const cat: MetricCatalog = { main: 'makespan', metrics: { makespan: { unit: '', kind: 'end', label: 'makespan', better: 'lower' } } };
 * ```
 */
export interface MetricCatalog {
  readonly main: string;
  readonly metrics: Readonly<Record<string, MetricInfo>>;
}
