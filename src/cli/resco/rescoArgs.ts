import { RESCO_PROTOCOL, rescoScenario, type RescoScenario } from '../../../envs/traffic/resco/rescoProtocol.js';
import { CliError } from '../CliError.js';
import { RESCO_ALGOS, type Backend, type RescoAlgo } from './runResco.js';

function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * `--scenarios a,b`: RESCO scenario names (default all six).
 *
 * @example
 * ```ts
 * parseScenarios('cologne1,grid4x4'); // ['cologne1', 'grid4x4']
 * ```
 */
export function parseScenarios(v: string): RescoScenario[] {
  const names = list(v);
  if (names.length === 0) throw new CliError(`Invalid --scenarios '${v}': expected a comma-separated list of ${Object.keys(RESCO_PROTOCOL).join(', ')}`);
  return names.map((n) => {
    try {
      return rescoScenario(n);
    } catch (e) {
      throw new CliError(`Invalid --scenarios: ${(e as Error).message}`);
    }
  });
}

/**
 * `--algos a,b`: controllers of {@link RESCO_ALGOS}.
 *
 * @example
 * ```ts
 * parseAlgos('greedy,idqn'); // ['greedy', 'idqn']
 * ```
 */
export function parseAlgos(v: string): RescoAlgo[] {
  const names = list(v);
  const bad = names.find((n) => !(RESCO_ALGOS as readonly string[]).includes(n));
  if (names.length === 0 || bad !== undefined)
    throw new CliError(
      `Invalid --algos '${v}': ${bad === undefined ? 'empty' : `unknown '${bad}'`}; expected a comma-separated list of ${RESCO_ALGOS.join(', ')}`,
    );
  return names as RescoAlgo[];
}

/**
 * `--backends a,b`: tsgym and/or sumo.
 *
 * @example
 * ```ts
 * parseBackendList('tsgym,sumo'); // ['tsgym', 'sumo']
 * ```
 */
export function parseBackendList(v: string): Backend[] {
  const names = list(v);
  const bad = names.find((n) => n !== 'tsgym' && n !== 'sumo');
  if (names.length === 0 || bad !== undefined) throw new CliError(`Invalid --backends '${v}': expected tsgym, sumo or tsgym,sumo`);
  return [...new Set(names)] as Backend[];
}

/**
 * `--budget`: wall time of training per scenario, seconds or with a unit (`90`, `90s`, `5m`).
 *
 * @example
 * ```ts
 * parseBudget('5m'); // 300
 * ```
 */
export function parseBudget(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min)?$/.exec(v.trim());
  if (!m) throw new CliError(`Invalid --budget '${v}': expected a wall time such as 300, 300s or 5m`);
  return Number(m[1]) * (m[2] === 'm' || m[2] === 'min' ? 60 : 1);
}
