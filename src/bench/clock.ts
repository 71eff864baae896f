/**
 * CPU milliseconds of this process (user + system, all threads) where the runtime exposes them (Node),
 * else undefined (a browser: use wall time). On a shared machine wall time counts other processes' load;
 * CPU time measures the work done, and equals wall time on an idle single-threaded run.
 *
 * @example
 * ```ts
 * const c0 = cpuNow?.() ?? 0; work(); const cpuMs = (cpuNow?.() ?? 0) - c0;
 * ```
 */
export const cpuNow: (() => number) | undefined =
  typeof process !== 'undefined' && typeof process.cpuUsage === 'function'
    ? () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      }
    : undefined;

/**
 * The median of `xs` (the upper one for an even count).
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
