import type { ImportLog } from './ImportLog.js';
import { JsonReader } from './jsonPath.js';

/**
 * What a CityFlow `config.json` names: the roadnet and flow files (relative to `dir`).
 *
 * @example
 * ```ts
 * const { dir, roadnetFile, flowFile } = parseCityflowConfig(text, 'config.json', log);
 * ```
 */
export interface CityflowConfig {
  readonly dir: string;
  readonly roadnetFile: string;
  readonly flowFile: string;
  readonly interval: number;
  readonly seed?: number;
}

/**
 * Reads a CityFlow `config.json` (`dir`, `roadnetFile`, `flowFile`, `interval`, `seed`); options tsgym
 * does not use (`rlTrafficLight`, `laneChange`, `saveReplay`, ...) are named in warnings.
 *
 * @example
 * ```ts
 * const cfg = parseCityflowConfig(text, 'config.json', log); // { dir: 'data/', roadnetFile: 'roadnet.json', ... }
 * ```
 */
export function parseCityflowConfig(text: string, file: string, log: ImportLog): CityflowConfig {
  const j = new JsonReader(file);
  const o = j.obj(j.parse(text), '');
  const interval = j.num(o, 'interval', '', 1, { positive: true });
  if (interval !== 1) log.warn(file, `interval ${interval}`, "tsgym steps with the env's own step length (kwarg)");
  if (o.laneChange === true) log.warn(file, 'laneChange true', "lane changes follow the tsgym engine's own rules");
  if (o.rlTrafficLight === false) {
    log.warn(file, 'rlTrafficLight false', "the signals run their programs under policy 'program' only; other policies control them");
  }
  for (const k of ['saveReplay', 'roadnetLogFile', 'replayLogFile']) {
    if (o[k] !== undefined) log.warn(file, `'${k}'`, 'ignored (use tsgym record for replays)', { key: 'replay' });
  }
  const seed = o.seed === undefined ? undefined : j.num(o, 'seed', '');
  return {
    dir: typeof o.dir === 'string' ? o.dir : '',
    roadnetFile: j.str(o, 'roadnetFile', ''),
    flowFile: j.str(o, 'flowFile', ''),
    interval,
    ...(seed !== undefined ? { seed } : {}),
  };
}
