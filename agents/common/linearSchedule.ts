/**
 * A schedule: maps training progress in [0, 1] (fraction of the planned timesteps done) to a value.
 */
export type Schedule = (progress: number) => number;

/**
 * Linear interpolation from `start` to `end` over the first `fraction` of training, then `end`
 * (CleanRL's `linear_schedule`, SB3's `get_linear_fn`).
 *
 * @example
 * ```ts
 * const eps = linearSchedule(1, 0.05, 0.5);
 * eps(0); eps(0.25); eps(0.5); eps(1); // 1, 0.525, 0.05, 0.05
 * ```
 */
export function linearSchedule(start: number, end: number, fraction: number): Schedule {
  return (progress: number): number => {
    if (fraction <= 0) return end;
    const p = Math.min(Math.max(progress, 0) / fraction, 1);
    return start + p * (end - start);
  };
}

/**
 * A constant schedule.
 *
 * @example
 * ```ts
 * constantSchedule(3e-4)(0.7); // 3e-4
 * ```
 */
export function constantSchedule(value: number): Schedule {
  return () => value;
}
