import { InvalidFile } from '../../../src/core/errors.js';
import { implausible, PLAUSIBLE, type Quantity } from './plausible.js';

/**
 * Checked reads from parsed JSON that throw `InvalidFile` naming the file, the JSON path
 * (`intersections[3].roadLinks[2].startRoad`) and what was expected.
 *
 * @example
 * ```ts
 * const j = new JsonReader('roadnet.json');
 * const roads = j.arr(root, 'roads', 'roads');
 * const id = j.str(roads[0], 'id', 'roads[0]');
 * ```
 */
export class JsonReader {
  constructor(readonly file: string) {}

  /** Parses JSON text; a syntax error names the line and column. */
  parse(text: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).replace(/, "[\s\S]*" is not valid JSON$/, '');
      const pos = /position (\d+)/.exec(msg);
      const at = pos ? Number(pos[1]) : errorOffset(text);
      const before = text.slice(0, at);
      const line = before.split('\n').length;
      const col = at - before.lastIndexOf('\n');
      throw new InvalidFile(`${this.file}:${line}: malformed JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')} (column ${col})`);
    }
  }

  fail(path: string, expected: string, got?: unknown): never {
    const g = got === undefined ? '' : ` (got ${short(got)})`;
    throw new InvalidFile(`${this.file} at ${path || '(root)'}: ${expected}${g}`);
  }

  obj(v: unknown, path: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, 'expected an object', v);
    return v as Record<string, unknown>;
  }

  arr(o: Record<string, unknown>, key: string, path: string): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) this.fail(join(path, key), 'expected an array', v);
    return v;
  }

  str(o: Record<string, unknown>, key: string, path: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v === '') this.fail(join(path, key), 'expected a non-empty string', v);
    return v;
  }

  num(
    o: Record<string, unknown>,
    key: string,
    path: string,
    fallback?: number,
    opts: { min?: number; positive?: boolean; plausible?: Quantity; of?: string } = {},
  ): number {
    const v = o[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(join(path, key), v === undefined ? 'missing required number' : 'expected a number', v);
    if (opts.positive && v <= 0) this.fail(join(path, key), 'expected a positive number', v);
    if (opts.min !== undefined && v < opts.min) this.fail(join(path, key), `expected a number >= ${opts.min}`, v);
    const bad = opts.plausible && implausible(v, opts.plausible);
    if (bad) this.fail(join(path, key), opts.of ? `${opts.of}: ${bad}` : bad, v);
    return v;
  }

  /** An `{x, y}` point; `of` names its element in errors (`road 'r1'`). Coordinates must be plausible ({@link PLAUSIBLE}). */
  point(v: unknown, path: string, of?: string): [number, number] {
    const o = this.obj(v, path);
    const opts = { plausible: PLAUSIBLE.coordinate, ...(of !== undefined ? { of } : {}) };
    return [this.num(o, 'x', path, undefined, opts), this.num(o, 'y', path, undefined, opts)];
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function short(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Offset of a JSON syntax error: the shortest prefix that fails for another reason than ending early. */
function errorOffset(text: string): number {
  const early = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return true;
    } catch (e) {
      return e instanceof Error && /end of (JSON )?input|Unterminated|Expected/.test(e.message);
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (early(mid + 1)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
