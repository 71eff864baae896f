import type { z } from 'zod';
import { InvalidConfig } from './errors.js';

function fmtPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function fmtValue(root: unknown, path: readonly PropertyKey[]): string {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return 'undefined';
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  // JSON has no NaN/Infinity: name them as they are, not as `null`
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

/**
 * Validates `value` against a zod schema and returns the parsed value, or throws `InvalidConfig` whose
 * message names `what`, each bad key path, the value that came and what was expected.
 *
 * @example
 * ```ts
 * const opts = parseConfig(z.object({ lanes: z.number().int().positive() }).strict(), kwargs, 'TrafficSignal-v0 kwargs');
 * // InvalidConfig: Invalid TrafficSignal-v0 kwargs: lanes: expected a positive integer... got -1
 * ```
 */
export function parseConfig<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const lines = r.error.issues.map((iss) => {
    const path = iss.path as readonly PropertyKey[];
    if (iss.code === 'unrecognized_keys') {
      const keys = (iss as unknown as { keys: string[] }).keys;
      const where = path.length ? ` in ${fmtPath(path)}` : '';
      return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}${where}`;
    }
    return `${fmtPath(path)}: ${iss.message} (got ${fmtValue(value, path)})`;
  });
  throw new InvalidConfig(`Invalid ${what}: ${lines.join('; ')}`);
}
