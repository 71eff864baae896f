import type { Direction } from '../network/NetworkSpec.js';
import { connectionsConflict } from '../network/movementConflicts.js';

const RANK: Record<Direction, number> = { s: 0, r: 1, l: 2, t: 3 };

/**
 * Splits the green movements of an imported phase into protected and permitted ones so that no two
 * protected movements conflict (a NetworkSpec rule): straight movements keep protection first, then
 * right turns, left turns and U-turns, each only if it conflicts with none kept so far; the others
 * become permitted (they yield). Returns the demoted connections too, for a warning.
 *
 * @example
 * ```ts
 * const { protectedConns, permittedConns, demoted } = protectedSplit(green, [], conflicts, (c) => spec.connections[c].dir);
 * ```
 */
export function protectedSplit(
  green: readonly number[],
  permitted: readonly number[],
  conflicts: { start: Int32Array; foes: Int32Array },
  dirOf: (c: number) => Direction,
): { protectedConns: number[]; permittedConns: number[]; demoted: number[] } {
  const order = [...green].sort((a, b) => RANK[dirOf(a)] - RANK[dirOf(b)] || a - b);
  const kept: number[] = [];
  const demoted: number[] = [];
  for (const c of order) {
    if (kept.some((k) => connectionsConflict(conflicts, k, c))) demoted.push(c);
    else kept.push(c);
  }
  kept.sort((a, b) => a - b);
  const permittedConns = [...new Set([...permitted, ...demoted])].sort((a, b) => a - b);
  return { protectedConns: kept, permittedConns, demoted };
}
