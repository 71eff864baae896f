import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InvalidFile } from '../../../src/core/errors.js';
import { implausible, type Quantity } from './plausible.js';

/**
 * An XML element as fast-xml-parser gives it: attributes as strings, children as arrays by tag.
 *
 * @example
 * ```ts
 * const lanes: XmlElement[] = doc.children(edge, 'lane');
 * ```
 */
export type XmlElement = { readonly [key: string]: string | XmlElement[] | undefined };

const META = XMLParser.getMetaDataSymbol() as unknown as string;

/**
 * A parsed XML file: elements with string attributes, the line of any element (for error messages),
 * and attribute readers that check numbers and name the file, line, element and field on error.
 *
 * @example
 * ```ts
 * const doc = new XmlDocument(text, 'grid.net.xml');
 * for (const edge of doc.children(doc.root('net'), 'edge')) doc.num(edge, 'edge', 'priority', 0);
 * ```
 */
export class XmlDocument {
  private readonly data: Record<string, unknown>;
  private newlines: number[] | undefined;

  constructor(
    private readonly text: string,
    readonly file: string,
  ) {
    const ok = XMLValidator.validate(text);
    if (ok !== true) throw new InvalidFile(`${file}:${ok.err.line}: malformed XML: ${ok.err.msg} (column ${ok.err.col})`);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseAttributeValue: false,
      parseTagValue: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      captureMetaData: true,
      isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
    });
    try {
      this.data = parser.parse(text) as Record<string, unknown>;
    } catch (e) {
      // e.g. an external entity (XXE) or an entity expansion past the parser's limits
      throw new InvalidFile(`${file}: refused XML: ${(e as Error).message}`);
    }
  }

  /** The root element, which must be named `tag`. */
  root(tag: string): XmlElement {
    const r = this.data[tag];
    if (!Array.isArray(r) || r.length === 0) {
      const got = Object.keys(this.data).filter((k) => k !== '#text');
      throw new InvalidFile(`${this.file}:1: expected a <${tag}> root element, got ${got.length ? got.map((g) => `<${g}>`).join(', ') : 'none'}`);
    }
    return asElement(r[0]);
  }

  /** The name of the root element (undefined for a document without elements). */
  rootName(): string | undefined {
    return Object.keys(this.data).find((k) => k !== '#text' && Array.isArray(this.data[k]) && (this.data[k] as unknown[]).length > 0);
  }

  /**
   * The root element, whatever its name (SUMO reads additional files by their elements, so `<add>`,
   * `<additional>` or `<tlLogics>` all work).
   */
  anyRoot(): XmlElement {
    const first = this.rootName();
    if (first === undefined) throw new InvalidFile(`${this.file}:1: expected a root element, got none`);
    return asElement((this.data[first] as unknown[])[0]);
  }

  /** Child elements of `el` named `tag` (empty if none). */
  children(el: XmlElement, tag: string): XmlElement[] {
    const c = el[tag];
    return Array.isArray(c) ? c.map(asElement) : [];
  }

  /** 1-based line where `el` starts, when known. */
  lineOf(el: XmlElement): number | undefined {
    const meta = (el as unknown as Record<string, { startIndex?: number } | undefined>)[META];
    const at = meta?.startIndex;
    if (at === undefined) return undefined;
    if (!this.newlines) {
      this.newlines = [];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.newlines.push(i);
    }
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /** Throws InvalidFile naming the file, line, element and field. */
  fail(el: XmlElement, element: string, field: string | undefined, expected: string, got?: unknown): never {
    const line = this.lineOf(el);
    const f = field ? `: attribute '${field}'` : '';
    const g = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
    throw new InvalidFile(`${this.file}${line !== undefined ? `:${line}` : ''}: ${element}${f}: ${expected}${g}`);
  }

  /** A string attribute; required unless `fallback` is given. */
  str(el: XmlElement, element: string, field: string, fallback?: string): string {
    const v = el[field];
    if (typeof v === 'string') return v;
    if (fallback !== undefined) return fallback;
    return this.fail(el, element, field, 'missing required attribute');
  }

  /** A finite number attribute (optionally bounded, or a physical quantity in its plausible range); required unless `fallback` is given. */
  num(el: XmlElement, element: string, field: string, fallback?: number, opts: { min?: number; positive?: boolean; plausible?: Quantity } = {}): number {
    const v = el[field];
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      return this.fail(el, element, field, 'missing required attribute');
    }
    const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    if (!Number.isFinite(x)) this.fail(el, element, field, 'expected a number', v);
    if (opts.positive && x <= 0) this.fail(el, element, field, 'expected a positive number', v);
    if (opts.min !== undefined && x < opts.min) this.fail(el, element, field, `expected a number >= ${opts.min}`, v);
    const bad = opts.plausible && implausible(x, opts.plausible);
    if (bad) this.fail(el, element, field, bad, v);
    return x;
  }
}

function asElement(x: unknown): XmlElement {
  return x !== null && typeof x === 'object' ? (x as XmlElement) : {};
}
