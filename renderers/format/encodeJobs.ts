import { encodeIds } from './deltaIds.js';
import type { JobColumns } from './types.js';

/** One job in the system, as an adapter reports it. */
export interface JobState {
  readonly id: number;
  /** Job type index (into `scene.jobTypes`). */
  readonly k: number;
  /** 0 buffer, 1 machine, 2 transit. */
  readonly loc: number;
  /** Buffer index, machine index, or origin station index. */
  readonly at: number;
  /** Destination station index for transit, else -1. */
  readonly to: number;
}

/**
 * Sorts jobs by id and turns them into the recording's delta-coded columns.
 *
 * @example
 * ```ts
 * encodeJobs([{ id: 5, k: 0, loc: 1, at: 0, to: -1 }, { id: 2, k: 0, loc: 0, at: 1, to: -1 }]);
 * // { id: [2, 3], k: [0, 0], loc: [0, 1], at: [1, 0], to: [-1, -1] }
 * ```
 */
export function encodeJobs(jobs: readonly JobState[]): JobColumns {
  const sorted = [...jobs].sort((a, b) => a.id - b.id);
  return {
    id: encodeIds(sorted.map((j) => j.id)),
    k: sorted.map((j) => j.k),
    loc: sorted.map((j) => j.loc),
    at: sorted.map((j) => j.at),
    to: sorted.map((j) => j.to),
  };
}
