import type { Space } from '../spaces/Space.js';
import { InvalidAction } from './errors.js';

function fmt(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : String(x);
  if (ArrayBuffer.isView(x) || Array.isArray(x)) {
    const a = Array.from(x as ArrayLike<number>);
    const kind = Array.isArray(x) ? 'Array' : x.constructor.name;
    return `${kind}(${a.length}) [${a.slice(0, 8).map((v) => (Number.isNaN(v) ? 'NaN' : String(v))).join(', ')}${a.length > 8 ? ', ...' : ''}]`;
  }
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}

/**
 * Throws `InvalidAction` naming the action and the space when `action` is not in `space`.
 *
 * @example
 * ```ts
 * assertAction(this.actionSpace, action); // "Invalid action 2: expected an element of Discrete(2)"
 * ```
 */
export function assertAction<A>(space: Space<A>, action: unknown): asserts action is A {
  if (!space.contains(action)) {
    throw new InvalidAction(`Invalid action ${fmt(action)}: expected an element of ${space.toString()}`);
  }
}

/** Formats any value for an error message (typed arrays shown with their type and first entries). */
export const formatValue = fmt;
