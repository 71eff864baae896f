import type { ImportLog } from './ImportLog.js';
import { XmlDocument, type XmlElement } from './xmlDocument.js';

/**
 * What a `.sumocfg` names: the network, the route files (relative to the config), the time window.
 *
 * @example
 * ```ts
 * const { netFile, routeFiles, end } = parseSumoConfig(text, 'cross.sumocfg', log);
 * ```
 */
export interface SumoConfig {
  readonly netFile: string;
  readonly routeFiles: string[];
  /** Simulation begin and end (s); end undefined when not given. */
  readonly begin: number;
  readonly end?: number;
  readonly stepLength: number;
}

/**
 * Reads a SUMO configuration (`.sumocfg`): `input/net-file`, `input/route-files` (comma or space
 * separated), `time/begin`, `time/end`, `time/step-length`. Additional files are named in a warning.
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
  const value = (sec: XmlElement | undefined, key: string): { el: XmlElement; v: string } | undefined => {
    const el = sec ? doc.children(sec, key)[0] : undefined;
    return el ? { el, v: doc.str(el, `<${key}>`, 'value') } : undefined;
  };
  const input = section('input');
  const net = value(input, 'net-file');
  if (!net) return doc.fail(input ?? root, input ? '<input>' : '<configuration>', 'net-file', 'expected <input><net-file value="FILE.net.xml"/></input>');
  const routes = value(input, 'route-files');
  const add = value(input, 'additional-files');
  if (add) log.warn(file, `additional-files '${add.v}'`, 'not read (detectors, stops and other additionals are not modelled)', { line: doc.lineOf(add.el) });
  const time = section('time');
  const num = (key: string, fallback: number | undefined): number | undefined => {
    const x = value(time, key);
    if (!x) return fallback;
    const n = Number(x.v);
    if (!Number.isFinite(n) || n < 0) doc.fail(x.el, `<${key}>`, 'value', 'expected a non-negative number of seconds', x.v);
    return n;
  };
  const stepLength = num('step-length', 1) ?? 1;
  if (stepLength !== 1) log.warn(file, `step-length ${stepLength}`, "tsgym steps with the env's own step length (kwarg)", {});
  for (const sec of ['processing', 'routing', 'report', 'output', 'gui_only']) {
    const s = section(sec);
    if (s) log.warn(file, `<${sec}> options`, 'ignored', { key: `sec:${sec}`, line: doc.lineOf(s) });
  }
  const end = num('end', undefined);
  const split = (s: string): string[] => s.split(/[,\s]+/).filter((x) => x !== '');
  return { netFile: net.v.trim(), routeFiles: routes ? split(routes.v) : [], begin: num('begin', 0) ?? 0, ...(end !== undefined ? { end } : {}), stepLength };
}
