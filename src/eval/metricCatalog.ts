import { InvalidConfig } from '../core/errors.js';
import type { MetricCatalog, MetricInfo } from '../core/MetricInfo.js';

/** Every episode has these two besides its env's metrics. */
const BUILT_IN: Readonly<Record<string, MetricInfo>> = {
  return: { unit: '', kind: 'total', label: 'episode return', better: 'higher' },
  length: { unit: 'steps', kind: 'filler', label: 'episode length' },
  time: { unit: 's', kind: 'filler', label: 'clock at the end' },
};

/**
 * What `name` means in an env's catalogue: an exact entry, else its family (`S1.utilisation` ->
 * `*.utilisation`), else the built-in `return`, `length` and `time`; undefined when unknown.
 *
 * @example
 * ```ts
 * metricInfo('S1.utilisation', spec('FactoryLine-v0').metrics)?.unit; // ''
 * ```
 */
export function metricInfo(name: string, cat?: MetricCatalog): MetricInfo | undefined {
  const m = cat?.metrics;
  if (m !== undefined) {
    const exact = m[name];
    if (exact !== undefined) return exact;
    const dot = name.lastIndexOf('.');
    const family = dot >= 0 ? m[`*${name.slice(dot)}`] : undefined;
    if (family !== undefined) return family;
  }
  return BUILT_IN[name];
}

/** Whether a table leaves `name` out (bookkeeping such as `time` and `length`; JSON keeps it). */
export function isFiller(name: string, cat?: MetricCatalog): boolean {
  return metricInfo(name, cat)?.kind === 'filler';
}

/**
 * The metrics a table shows, in the order a domain expert reads them: the catalogue's main metric, then
 * its other metrics in catalogue order, then metrics it does not describe, then `return`; filler dropped.
 *
 * @example
 * ```ts
 * reportOrder(['return', 'time', 'queue', 'meanDelay'], trafficCatalog); // ['meanDelay', 'queue', 'return']
 * ```
 */
export function reportOrder(names: readonly string[], cat?: MetricCatalog): string[] {
  const keys = Object.keys(cat?.metrics ?? {});
  const rank = (n: string): number => {
    if (n === cat?.main) return -1;
    if (n === 'return') return keys.length + 2;
    const i = keys.indexOf(n);
    if (i >= 0) return i;
    const dot = n.lastIndexOf('.');
    const f = dot >= 0 ? keys.indexOf(`*${n.slice(dot)}`) : -1;
    return f >= 0 ? f : keys.length + 1;
  };
  return names
    .filter((n) => !isFiller(n, cat))
    .map((n, i) => ({ n, i, r: rank(n) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.n);
}

/**
 * Checks metric names given on the command line against the env's catalogue before any episode runs;
 * throws one line naming the bad value and what was expected. Without a catalogue only `return` and
 * `length` can be checked up front, so other names pass (the report checks them after the run).
 *
 * @example
 * ```ts
 * checkMetricNames(['meanDelay'], spec('TrafficSignal-v0').metrics, '--metric', 'TrafficSignal-v0');
 * ```
 */
export function checkMetricNames(names: readonly string[], cat: MetricCatalog | undefined, flag: string, envId: string): void {
  if (cat === undefined) return;
  for (const n of names) {
    if (metricInfo(n, cat) !== undefined) continue;
    const known = [...Object.keys(cat.metrics), 'return', 'length'].join(', ');
    throw new InvalidConfig(`Unknown ${flag} '${n}' for ${envId}: expected one of ${known}`);
  }
}

/** The metric a chart shows by default: the catalogue's main metric when reported, else the first domain metric, else `return`. */
export function defaultMetric(names: readonly string[], cat?: MetricCatalog): string {
  if (cat !== undefined && names.includes(cat.main)) return cat.main;
  return reportOrder(names, cat).find((n) => n !== 'return') ?? 'return';
}

/**
 * Decimals that show `values` (a metric's means across policies) to about three significant figures;
 * a value, its interval and its difference are then all printed with these same decimals.
 *
 * @example
 * ```ts
 * metricDecimals([27.04, 25.6]); // 1
 * metricDecimals([2340]);        // 0
 * ```
 */
export function metricDecimals(values: readonly number[]): number {
  const big = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  if (big === 0) return 0;
  return Math.min(4, Math.max(0, 2 - Math.floor(Math.log10(big))));
}

/** `x` with `decimals` fixed decimals and thousands separators; `sign` adds '+' to positive values. */
export function fmtFixed(x: number, decimals: number, sign = false): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const s = x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true });
  const z = /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  return sign && !z.startsWith('-') ? `+${z}` : z;
}

/** `[low, high]` with `decimals` decimals, the one interval format of every report; '-' when undefined. */
export function fmtInterval(low: number, high: number, decimals: number): string {
  return Number.isFinite(low) && Number.isFinite(high) ? `[${fmtFixed(low, decimals)}, ${fmtFixed(high, decimals)}]` : '-';
}

/** The name a table shows: the metric, marked `(end)` when it is the value at the end of the episode. */
export function metricLabel(name: string, cat?: MetricCatalog): string {
  return metricInfo(name, cat)?.kind === 'end' ? `${name} (end)` : name;
}
