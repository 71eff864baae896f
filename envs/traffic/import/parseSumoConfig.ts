import type { ImportLog } from './ImportLog.js';
import { XmlDocument, type XmlElement } from './xmlDocument.js';
import type { VTypeDefaults } from './sumoVTypes.js';
import { classifyUnreadOptions } from './sumoOptionEffects.js';

/**
 * What a SUMO configuration names: the network, route and additional files (relative to the config), the
 * time window and step, the teleport time and the seed.
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
  /** processing/time-to-impatience and max-depart-delay (s); undefined when not given. */
  readonly timeToImpatience?: number;
  readonly maxDepartDelay?: number;
  /** random_number/seed; undefined when not given. */
  readonly seed?: number;
  /** routing/weights.random-factor (>= 1); undefined when not given. */
  readonly randomFactor?: number;
  /** `default.speeddev` and `carfollow.model`: defaults of every vType that gives none. */
  readonly typeDefaults?: VTypeDefaults;
  /** `scale` (demand factor, SUMO's default 1) and `scale-suffix` (SUMO's default '.'); undefined when not given. */
  readonly scale?: number;
  readonly scaleSuffix?: string;
  /** `ignore-route-errors`: an invalid route drops its vehicle with a warning instead of failing the import. */
  readonly ignoreRouteErrors?: boolean;
  /** `tls.all-off`: every traffic light switched off. */
  readonly tlsAllOff?: boolean;
  /** `junction-taz`: every junction is a zone for `fromJunction`/`toJunction`. */
  readonly junctionTaz?: boolean;
}

/** The options read, each under SUMO's name and its synonyms (SUMO 1.15's `sumo --help`). */
const SYNONYMS: Record<string, string> = {
  'net-file': 'net-file',
  n: 'net-file',
  net: 'net-file',
  'route-files': 'route-files',
  r: 'route-files',
  routes: 'route-files',
  'additional-files': 'additional-files',
  a: 'additional-files',
  additional: 'additional-files',
  begin: 'begin',
  b: 'begin',
  end: 'end',
  e: 'end',
  'step-length': 'step-length',
  'time-to-teleport': 'time-to-teleport',
  'time-to-impatience': 'time-to-impatience',
  'max-depart-delay': 'max-depart-delay',
  seed: 'seed',
  'weights.random-factor': 'weights.random-factor',
  'default.speeddev': 'default.speeddev',
  'carfollow.model': 'carfollow.model',
  scale: 'scale',
  'scale-suffix': 'scale-suffix',
  'ignore-route-errors': 'ignore-route-errors',
  'tls.all-off': 'tls.all-off',
  'junction-taz': 'junction-taz',
};

/** SUMO's spellings of a boolean option value (StringUtils::toBool). */
const TRUE = new Set(['true', '1', 'yes', 'on', 'x']);
const FALSE = new Set(['false', '0', 'no', 'off', '-']);

/**
 * Whether a file name is a SUMO configuration: `.sumocfg`, or `.cfg` as in SUMO's older `NAME.sumo.cfg`.
 *
 * @example
 * ```ts
 * isSumoConfigName('run.sumo.cfg'); // true
 * ```
 */
export function isSumoConfigName(name: string): boolean {
  return /\.(sumocfg|cfg)$/i.test(name);
}

interface Option {
  readonly el: XmlElement;
  readonly v: string;
}

/** Names the options not read: those that change SUMO's simulation in one warning, outputs and defaults in another. */
function warnUnread(log: ImportLog, file: string, ignored: ReadonlyMap<string, string>, line: number | undefined): void {
  const unread = classifyUnreadOptions([...ignored]);
  const at = line !== undefined ? { line } : {};
  if (unread.changing.length) {
    const one = unread.changing.length === 1;
    const message = `not modelled by tsgym, ignored: SUMO's results with ${one ? 'it' : 'them'} may differ from tsgym's`;
    log.warn(file, `SUMO option${one ? '' : 's'} ${unread.changing.join(', ')}`, message, { key: 'sumocfg:options', ...at });
  }
  if (unread.noEffect.length) {
    const message = "ignored (outputs, reports, GUI, or SUMO's default value: no effect on the simulation)";
    log.warn(file, unread.noEffect.join(', '), message, { key: 'sumocfg:outputs', ...at });
  }
}

/**
 * Reads a SUMO configuration as SUMO's option loader does: any root element (`<configuration>`, `<c>`,
 * ...), options by name wherever they stand (SUMO ignores the section elements `<input>`, `<time>`, ...),
 * the value in a `value` (or `v`) attribute or as the element's text, and SUMO's synonyms (`net` and `n`
 * for `net-file`, `routes` and `r` for `route-files`, `additional` and `a`, `b`, `e`). Read:
 * `net-file`, `route-files` and `additional-files` (comma or space separated), `begin`, `end`,
 * `step-length`, `time-to-teleport`, `time-to-impatience`, `max-depart-delay`, `seed`, `weights.random-factor`, `default.speeddev`,
 * `carfollow.model`, `scale`, `scale-suffix`, `ignore-route-errors`, `tls.all-off`, `junction-taz`. Other options are named in
 * two warnings: those that change SUMO's simulation and tsgym does not model (with what tsgym does instead for
 * the common ones, e.g. `lanechange.duration`), and outputs, reports, GUI options or options at SUMO's default.
 *
 * @example
 * ```ts
 * const cfg = parseSumoConfig(text, 'grid.sumocfg', log); // { netFile: 'grid.net.xml', routeFiles: ['grid.rou.xml'], ... }
 * ```
 */
export function parseSumoConfig(text: string, file: string, log: ImportLog): SumoConfig {
  const doc = new XmlDocument(text, file);
  const root = doc.anyRoot();
  const options = new Map<string, Option>();
  const ignored = new Map<string, string>(); // options not read, with their values
  const visit = (el: XmlElement): void => {
    for (const tag of Object.keys(el)) {
      const kids = el[tag];
      if (tag.startsWith('#') || !Array.isArray(kids)) continue;
      for (const k of kids as unknown[]) {
        // fast-xml-parser gives an element with only text as that text, and one with attributes as an object
        const v = typeof k === 'string' ? k.trim() : optionValue(k as XmlElement);
        if (v === undefined) {
          visit(k as XmlElement); // a section
          continue;
        }
        if (v === '') {
          // <key/>: SUMO sets nothing
          if (!SYNONYMS[tag] && !ignored.has(tag)) ignored.set(tag, '');
          continue;
        }
        const name = SYNONYMS[tag];
        if (name) options.set(name, { el: typeof k === 'string' ? el : (k as XmlElement), v });
        else ignored.set(tag, v);
      }
    }
  };
  visit(root);
  warnUnread(log, file, ignored, doc.lineOf(root));
  const net = options.get('net-file');
  if (!net || net.v.trim() === '') {
    return doc.fail(net?.el ?? root, '<net-file>', 'value', 'expected the network: <net-file value="FILE.net.xml"/> (SUMO also reads <net> and <n>)');
  }
  const num = (key: string, opts: { min?: number; integer?: boolean } = {}): number | undefined => {
    const x = options.get(key);
    if (!x) return undefined;
    const n = Number(x.v);
    const min = opts.min ?? 0;
    if (x.v.trim() === '' || !Number.isFinite(n) || n < min || (opts.integer && !Number.isInteger(n))) {
      doc.fail(x.el, `<${key}>`, 'value', `expected ${opts.integer ? 'an integer' : 'a number'} >= ${min}`, x.v);
    }
    return n;
  };
  const stepLength = num('step-length', { min: 0.001 }) ?? 1;
  const begin = num('begin') ?? 0;
  const end = num('end');
  const ttt = num('time-to-teleport', { min: -Infinity });
  const tti = num('time-to-impatience');
  const mdd = num('max-depart-delay', { min: -Infinity });
  const seed = num('seed', { integer: true });
  const randomFactor = num('weights.random-factor', { min: 1 });
  const speedDev = num('default.speeddev', { min: -Infinity });
  const cfModel = options.get('carfollow.model')?.v.trim();
  const scale = num('scale');
  const scaleSuffix = options.get('scale-suffix')?.v;
  const bool = (key: string): boolean | undefined => {
    const x = options.get(key);
    if (!x) return undefined;
    const v = x.v.trim().toLowerCase();
    if (!TRUE.has(v) && !FALSE.has(v)) doc.fail(x.el, `<${key}>`, 'value', 'expected true or false', x.v);
    return TRUE.has(v);
  };
  const ignoreRouteErrors = bool('ignore-route-errors');
  const tlsAllOff = bool('tls.all-off');
  const junctionTaz = bool('junction-taz');
  if (end !== undefined && end <= begin) doc.fail(options.get('end')?.el ?? root, '<end>', 'value', `expected an end after begin ${begin} s`, String(end));
  const split = (s: string | undefined): string[] => (s ?? '').split(/[,\s]+/).filter((x) => x !== '');
  const lineOf = (key: string): number | undefined => {
    const x = options.get(key);
    return x ? doc.lineOf(x.el) : undefined;
  };
  const lines = { netFile: lineOf('net-file'), routeFiles: lineOf('route-files'), additionalFiles: lineOf('additional-files') };
  return {
    lines: Object.fromEntries(Object.entries(lines).filter(([, l]) => l !== undefined)),
    netFile: net.v.trim(),
    routeFiles: split(options.get('route-files')?.v),
    additionalFiles: split(options.get('additional-files')?.v),
    begin,
    ...(end !== undefined ? { end } : {}),
    stepLength,
    ...(ttt !== undefined ? { timeToTeleport: ttt } : {}),
    ...(tti !== undefined ? { timeToImpatience: tti } : {}),
    ...(mdd !== undefined ? { maxDepartDelay: mdd } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(randomFactor !== undefined ? { randomFactor } : {}),
    ...(scale !== undefined ? { scale } : {}),
    ...(scaleSuffix !== undefined ? { scaleSuffix } : {}),
    ...(ignoreRouteErrors !== undefined ? { ignoreRouteErrors } : {}),
    ...(tlsAllOff !== undefined ? { tlsAllOff } : {}),
    ...(junctionTaz !== undefined ? { junctionTaz } : {}),
    ...(speedDev !== undefined || cfModel !== undefined
      ? { typeDefaults: { ...(speedDev !== undefined ? { speedDev } : {}), ...(cfModel !== undefined ? { carFollowModel: cfModel } : {}) } }
      : {}),
  };
}

/** An option element's value: its `value` or `v` attribute, else its text; undefined for a section element. */
function optionValue(el: XmlElement): string | undefined {
  const v = el.value ?? el.v;
  if (typeof v === 'string') return v;
  const t = el['#text'];
  if (typeof t === 'string' && t.trim() !== '') return t.trim();
  return Object.keys(el).some((k) => !k.startsWith('#') && Array.isArray(el[k])) ? undefined : '';
}
