import { InvalidFile } from '../../../src/core/errors.js';

/**
 * One thing an importer could not carry over as written, and what tsgym does instead.
 *
 * @example
 * ```ts
 * for (const w of importSumo(src).warnings) console.warn(`${w.file}:${w.line}: ${w.element}: ${w.message}`);
 * ```
 */
export interface ImportWarning {
  /** File the element came from. */
  readonly file: string;
  /** The element (e.g. `tlLogic 'C' phase 3`, `vType 'bus' attribute 'speedDev'`). */
  readonly element: string;
  /** What tsgym does instead. */
  readonly message: string;
  /** How many elements gave the same warning (they are reported once). */
  readonly count: number;
  /** 1-based line of the first such element, when known. */
  readonly line?: number;
}

/**
 * Collects importer warnings (identical ones folded into one with a count) and raises `InvalidFile`
 * errors that name the file, the line or JSON path, and the field.
 *
 * @example
 * ```ts
 * const log = new ImportLog();
 * log.warn('net.xml', "junction 'J3' type 'allway_stop'", 'treated as a priority junction');
 * log.fail('net.xml', 12, "lane 'E1_0'", 'speed', 'expected a positive number', 'abc'); // throws InvalidFile
 * ```
 */
export class ImportLog {
  private readonly byKey = new Map<string, { file: string; element: string; message: string; count: number; line?: number }>();

  /** Records a warning; `key` folds repeated warnings of one kind (default: element + message). */
  warn(file: string, element: string, message: string, opts: { key?: string; line?: number } = {}): void {
    const key = `${file}\u0000${opts.key ?? `${element}\u0000${message}`}`;
    const have = this.byKey.get(key);
    if (have) have.count++;
    else this.byKey.set(key, { file, element, message, count: 1, ...(opts.line !== undefined ? { line: opts.line } : {}) });
  }

  /** Throws `InvalidFile`: `file:line: element: field: what was expected (got value)`. */
  fail(file: string, where: number | string | undefined, element: string, field: string | undefined, expected: string, got?: unknown): never {
    const loc = where === undefined ? file : typeof where === 'number' ? `${file}:${where}` : `${file} at ${where}`;
    const f = field ? `: field '${field}'` : '';
    const g = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
    throw new InvalidFile(`${loc}: ${element}${f}: ${expected}${g}`);
  }

  /** The warnings so far, in the order they first occurred. */
  warnings(): ImportWarning[] {
    return [...this.byKey.values()].map((w) => ({ ...w }));
  }
}

/**
 * One line per warning, for printing: `file:line: element: message (x N)`.
 *
 * @example
 * ```ts
 * for (const line of formatWarnings(result.warnings)) console.warn(line);
 * ```
 */
export function formatWarnings(warnings: readonly ImportWarning[]): string[] {
  return warnings.map((w) => `${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.element}: ${w.message}${w.count > 1 ? ` (x${w.count})` : ''}`);
}
