import { summarize, type Summary } from '../../../src/stats/summarize.js';
import type { RunMetrics } from './runMetrics.js';

/**
 * The figures compared, in table order (keys of {@link RunMetrics}).
 *
 * @example
 * ```ts
 * const k: ComparedKey = 'meanTravelTime';
 * ```
 */
export type ComparedKey =
  | 'inserted'
  | 'arrived'
  | 'running'
  | 'waiting'
  | 'teleports'
  | 'collisions'
  | 'meanTravelTime'
  | 'meanTimeLoss'
  | 'meanWaitingTime'
  | 'meanDepartDelay'
  | 'rescoDelay'
  | 'updatesPerCpuSecond';

/**
 * A tolerance of issue 15: the relative difference of the means within `relative`, or the absolute
 * difference within max(`absolute`, `relativeOfSumo` x SUMO's mean).
 *
 * @example
 * ```ts
 * const t: Tolerance = { relative: 0.05, text: 'within 5 %' };
 * ```
 */
export interface Tolerance {
  readonly relative?: number;
  readonly absolute?: number;
  readonly relativeOfSumo?: number;
  readonly text: string;
}

/**
 * The figures of the side-by-side table with their labels and units, and the tolerances that decide the
 * verdict: arrived vehicles within 5 %, mean travel time within 15 %, teleports out of jams within max(3,
 * 10 % of SUMO's). The other figures are shown, not judged (collisions: both teleport the driver behind a
 * collision and do not count it among the teleports out of jams).
 *
 * @example
 * ```ts
 * COMPARED.find((c) => c.key === 'arrived')?.tolerance?.relative; // 0.05
 * ```
 */
export const COMPARED: readonly { key: ComparedKey; label: string; unit: string; tolerance?: Tolerance }[] = [
  { key: 'inserted', label: 'inserted', unit: 'veh' },
  { key: 'arrived', label: 'arrived', unit: 'veh', tolerance: { relative: 0.05, text: 'within 5 %' } },
  { key: 'running', label: 'running at end', unit: 'veh' },
  { key: 'waiting', label: 'waiting to insert at end', unit: 'veh' },
  { key: 'teleports', label: 'teleports', unit: 'count', tolerance: { absolute: 3, relativeOfSumo: 0.1, text: 'within max(3, 10 % of SUMO)' } },
  { key: 'collisions', label: 'collisions', unit: 'count' },
  { key: 'meanTravelTime', label: 'mean travel time', unit: 's', tolerance: { relative: 0.15, text: 'within 15 %' } },
  { key: 'meanTimeLoss', label: 'mean time loss', unit: 's' },
  { key: 'meanWaitingTime', label: 'mean waiting time', unit: 's' },
  { key: 'meanDepartDelay', label: 'mean depart delay', unit: 's' },
  { key: 'rescoDelay', label: 'RESCO delay', unit: 's/veh' },
  { key: 'updatesPerCpuSecond', label: 'speed', unit: 'vehicle-updates/CPU s' },
];

/**
 * One row of the comparison: each side's per-seed values and their mean with a 95 % Student-t interval,
 * the relative difference of the means ((tsgym - SUMO) / SUMO; 0 when both are 0, infinite when only
 * SUMO's is 0), and, for judged figures, the tolerance and whether it holds.
 *
 * @example
 * ```ts
 * const row: ComparedRow = compareRuns(sumoRuns, tsgymRuns).rows[1];
 * ```
 */
export interface ComparedRow {
  readonly key: ComparedKey;
  readonly label: string;
  readonly unit: string;
  readonly sumo: Summary & { readonly values: number[] };
  readonly tsgym: Summary & { readonly values: number[] };
  readonly relativeDiff: number;
  readonly tolerance?: Tolerance;
  readonly pass?: boolean;
}

/**
 * Relative difference of `b` to `a`: (b - a) / |a|; 0 when both are 0, +-Infinity when only `a` is 0.
 *
 * @example
 * ```ts
 * relativeDiff(100, 95); // -0.05
 * ```
 */
export function relativeDiff(a: number, b: number): number {
  if (a === 0) return b === 0 ? 0 : b > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (b - a) / Math.abs(a);
}

/**
 * Whether tsgym's mean is within the tolerance of SUMO's.
 *
 * @example
 * ```ts
 * withinTolerance({ absolute: 3, relativeOfSumo: 0.1, text: '' }, 40, 44); // true: |4| <= max(3, 4)
 * ```
 */
export function withinTolerance(t: Tolerance, sumo: number, tsgym: number): boolean {
  if (t.relative !== undefined && Math.abs(relativeDiff(sumo, tsgym)) > t.relative) return false;
  if (t.absolute !== undefined && Math.abs(tsgym - sumo) > Math.max(t.absolute, (t.relativeOfSumo ?? 0) * Math.abs(sumo))) return false;
  return true;
}

/**
 * Compares the runs of both simulators (one per seed on each side): one {@link ComparedRow} per figure
 * of {@link COMPARED}, and `pass` when every judged figure is within its tolerance.
 *
 * @example
 * ```ts
 * const { rows, pass } = compareRuns([sumoSeed1, sumoSeed2], [tsgymSeed1, tsgymSeed2]);
 * ```
 */
export function compareRuns(sumo: readonly RunMetrics[], tsgym: readonly RunMetrics[]): { rows: ComparedRow[]; pass: boolean } {
  if (sumo.length === 0 || tsgym.length === 0) {
    throw new RangeError(`compareRuns needs at least one run per side, got ${sumo.length} SUMO and ${tsgym.length} tsgym runs`);
  }
  const rows = COMPARED.map((c): ComparedRow => {
    const sv = sumo.map((r) => r[c.key]);
    const tv = tsgym.map((r) => r[c.key]);
    const s = { ...summarize(sv), values: sv };
    const t = { ...summarize(tv), values: tv };
    const base = { key: c.key, label: c.label, unit: c.unit, sumo: s, tsgym: t, relativeDiff: relativeDiff(s.mean, t.mean) };
    return c.tolerance ? { ...base, tolerance: c.tolerance, pass: withinTolerance(c.tolerance, s.mean, t.mean) } : base;
  });
  return { rows, pass: rows.every((r) => r.pass !== false) };
}
