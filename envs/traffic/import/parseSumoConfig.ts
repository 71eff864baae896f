import type { ImportLog } from './ImportLog.js';
import { XmlDocument, type XmlElement } from './xmlDocument.js';

/**
 * What a `.sumocfg` names: the network, route and additional files (relative to the config), the time
 * window and step, the teleport time and the seed.
 *
 * @example
 * ```ts
 * const { netFile, routeFiles, begin, end } = parseSumoConfig(text, 'cross.sumocfg', log);
 * ```
 */
export interface SumoConfig {
  readonly netFile: string;
  readonly routeFiles: string[];
  readonly additionalFiles: string[];
  /** The line of each file field in the .sumocfg (for errors about the files it names). */
  readonly lines: { readonly netFile?: number; readonly routeFiles?: number; readonly additionalFiles?: number };
  /** Simulation begin and end (s); end undefined when not given. */
  readonly begin: number;
  readonly end?: number;
  readonly stepLength: number;
  /** processing/time-to-teleport (s); undefined: SUMO's default (300). */
  readonly timeToTeleport?: number;
  /** random_number/seed; undefined when not given. */
  readonly seed?: number;
  /** routing/weights.random-factor (>= 1); undefined when not given. */
  readonly randomFactor?: number;
}

const READ: Record<string, readonly string[]> = {
  input: ['net-file', 'route-files', 'additional-files'],
  time: ['begin', 'end', 'step-length'],
  processing: ['time-to-teleport'],
  random_number: ['seed'],
  routing: ['weights.random-factor'],
};

/**
 * Reads a SUMO configuration (`.sumocfg`): `input/net-file`, `input/route-files` and
 * `input/additional-files` (comma or space separated), `time/begin`, `time/end`, `time/step-length`,
 * `processing/time-to-teleport`, `random_number/seed`, `routing/weights.random-factor`. Other options are
 * named in one warning each.
 *
 * @example
 * ```ts
 * const cfg = parseSumoConfig(text, 'grid.sumocfg', log); // { netFile: 'grid.net.xml', routeFiles: ['grid.rou.xml'], ... }
 * ```
 */
export function parseSumoConfig(text: string, file: string, log: ImportLog): SumoConfig {
  const doc = new XmlDocument(text, file);
  const root = doc.root('configuration');
  const section = (name: string): XmlElement | undefined => doc.children(root, name)[0];
  const value = (sec: string, key: string): { el: XmlElement; v: string } | undefined => {
    const s = section(sec);
    const el = s ? doc.children(s, key)[0] : undefined;
    return el ? { el, v: doc.str(el, `<${key}>`, 'value') } : undefined;
  };
  const net = value('input', 'net-file');
  if (!net) {
    return doc.fail(
      section('input') ?? root,
      section('input') ? '<input>' : '<configuration>',
      'net-file',
      'expected <input><net-file value="FILE.net.xml"/></input>',
    );
  }
  const num = (sec: string, key: string, opts: { min?: number; integer?: boolean } = {}): number | undefined => {
    const x = value(sec, key);
    if (!x) return undefined;
    const n = Number(x.v);
    const min = opts.min ?? 0;
    if (!Number.isFinite(n) || n < min || (opts.integer && !Number.isInteger(n))) {
      doc.fail(x.el, `<${key}>`, 'value', `expected ${opts.integer ? 'an integer' : 'a number'} >= ${min}`, x.v);
    }
    return n;
  };
  for (const el of Object.keys(root).filter((k) => !k.startsWith('#') && typeof root[k] !== 'string')) {
    const s = section(el);
    if (!s) continue;
    const known = READ[el] ?? [];
    const other = Object.keys(s).filter((k) => !k.startsWith('#') && typeof s[k] !== 'string' && !known.includes(k));
    if (other.length) log.warn(file, `<${el}> ${other.map((k) => `'${k}'`).join(', ')}`, 'ignored', { key: `sec:${el}`, line: doc.lineOf(s) });
  }
  const stepLength = num('time', 'step-length', { min: 0.001 }) ?? 1;
  const begin = num('time', 'begin') ?? 0;
  const end = num('time', 'end');
  const ttt = num('processing', 'time-to-teleport', { min: -Infinity });
  const seed = num('random_number', 'seed', { integer: true });
  const randomFactor = num('routing', 'weights.random-factor', { min: 1 });
  if (end !== undefined && end <= begin) doc.fail(value('time', 'end')?.el ?? root, '<end>', 'value', `expected an end after begin ${begin} s`, String(end));
  const split = (s: string | undefined): string[] => (s ?? '').split(/[,\s]+/).filter((x) => x !== '');
  const lineOf = (key: string): number | undefined => {
    const x = value('input', key);
    return x ? doc.lineOf(x.el) : undefined;
  };
  const lines = { netFile: lineOf('net-file'), routeFiles: lineOf('route-files'), additionalFiles: lineOf('additional-files') };
  return {
    lines: Object.fromEntries(Object.entries(lines).filter(([, l]) => l !== undefined)),
    netFile: net.v.trim(),
    routeFiles: split(value('input', 'route-files')?.v),
    additionalFiles: split(value('input', 'additional-files')?.v),
    begin,
    ...(end !== undefined ? { end } : {}),
    stepLength,
    ...(ttt !== undefined ? { timeToTeleport: ttt } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(randomFactor !== undefined ? { randomFactor } : {}),
  };
}
