import { join } from 'node:path';
import { InvalidConfig } from '../../../src/core/errors.js';
import type { ObservationFn, RewardFn } from '../env/TrafficSignalAgent.js';
import { rescoObservation, rescoReward } from './rescoMdp.js';

/**
 * RESCO's protocol for one scenario (`config/map_config.py`): the simulated hour (`start_time`,
 * `end_time`, s on SUMO's clock), the decision interval (`step_length`, s) and the yellow inserted when
 * the phase changes (`yellow_length`, s; the yellow runs inside the interval).
 *
 * @example
 * ```ts
 * RESCO_PROTOCOL.cologne1.begin; // 25200
 * ```
 */
export interface RescoProtocol {
  readonly begin: number;
  readonly end: number;
  readonly deltaTime: number;
  readonly yellow: number;
  /** Whether RESCO reports the network's own programs (Fixed) for it (it does not for the synthetic grids). */
  readonly fixedPublished: boolean;
}

const city = (begin: number): RescoProtocol => ({ begin, end: begin + 3600, deltaTime: 10, yellow: 3, fixedPublished: true });

/** The six scenarios of `../shared/data/resco`, in RESCO's order. */
export const RESCO_PROTOCOL = {
  cologne1: city(25200),
  cologne8: city(25200),
  ingolstadt1: city(57600),
  ingolstadt7: city(57600),
  grid4x4: { begin: 0, end: 3600, deltaTime: 10, yellow: 3, fixedPublished: false },
  arterial4x4: { begin: 0, end: 3600, deltaTime: 5, yellow: 2, fixedPublished: false },
} as const satisfies Record<string, RescoProtocol>;

/** A RESCO scenario name. */
export type RescoScenario = keyof typeof RESCO_PROTOCOL;

/** RESCO's controllers as its published table names them. */
export const PUBLISHED_COLUMNS = ['Fixed', 'Greedy', 'Max-pressure', 'IDQN', 'IPPO', 'MPLight', 'FMA2C'] as const;

/**
 * RESCO's published average delay (s/vehicle; `../shared/data/resco/README.md`, reduced from its
 * committed per-episode data: mean over episodes for the rules, best episode for the learners); `null`
 * where RESCO reports none.
 *
 * @example
 * ```ts
 * PUBLISHED.cologne1.IDQN; // 26.05
 * ```
 */
export const PUBLISHED: Record<RescoScenario, Record<(typeof PUBLISHED_COLUMNS)[number], number | null>> = {
  cologne1: { Fixed: 56.61, Greedy: 27.81, 'Max-pressure': 65.85, IDQN: 26.05, IPPO: 43.24, MPLight: 28.74, FMA2C: 30.79 },
  cologne8: { Fixed: 63.77, Greedy: 21.87, 'Max-pressure': 47.73, IDQN: 22.06, IPPO: 21.62, MPLight: 60.42, FMA2C: 33.88 },
  ingolstadt1: { Fixed: 39.4, Greedy: 28.32, 'Max-pressure': 23.62, IDQN: 21.48, IPPO: 20.9, MPLight: 28.31, FMA2C: 27.0 },
  ingolstadt7: { Fixed: 91.31, Greedy: 80.56, 'Max-pressure': 46.82, IDQN: 31.19, IPPO: 31.68, MPLight: 48.21, FMA2C: 51.39 },
  grid4x4: { Fixed: null, Greedy: 34.32, 'Max-pressure': 52.55, IDQN: 32.95, IPPO: 44.0, MPLight: 46.91, FMA2C: 99.77 },
  arterial4x4: { Fixed: null, Greedy: 820.81, 'Max-pressure': 952.75, IDQN: 1168.32, IPPO: 686.62, MPLight: 837.75, FMA2C: 654.13 },
};

/**
 * The best published learner of a scenario (the target): its name and delay.
 *
 * @example
 * ```ts
 * bestPublishedLearner('cologne1'); // { name: 'IDQN', delay: 26.05 }
 * ```
 */
export function bestPublishedLearner(name: RescoScenario): { name: string; delay: number } {
  const row = PUBLISHED[name];
  let best = { name: '', delay: Infinity };
  for (const k of ['IDQN', 'IPPO', 'MPLight', 'FMA2C'] as const) {
    const v = row[k];
    if (v !== null && v < best.delay) best = { name: k, delay: v };
  }
  return best;
}

/**
 * Checks a scenario name against RESCO's six.
 *
 * @example
 * ```ts
 * rescoScenario('grid4x4');
 * ```
 */
export function rescoScenario(name: string): RescoScenario {
  if (!(name in RESCO_PROTOCOL)) throw new InvalidConfig(`Unknown RESCO scenario '${name}': expected one of ${Object.keys(RESCO_PROTOCOL).join(', ')}`);
  return name as RescoScenario;
}

/**
 * The kwargs of `TrafficNetworkParallel-v0` that run `name` under RESCO's protocol from the folder `dir`
 * (holding `NAME/NAME.sumocfg`): its hour, decision interval and yellow, no all-red, no minimum green
 * beyond the interval and no maximum green (RESCO has neither), RESCO's learner observation and reward
 * (`rescoObservation`, `rescoReward`, or a learner's own `mdp`), on `backend`. `seconds` shortens the
 * window (tests).
 *
 * @example
 * ```ts
 * makeParallel('TrafficNetworkParallel-v0', rescoKwargs('../shared/data/resco', 'cologne1', 'sumo'));
 * ```
 */
export function rescoKwargs(
  dir: string,
  name: RescoScenario,
  backend: 'tsgym' | 'sumo',
  seconds?: number,
  mdp: { observation: ObservationFn; reward: RewardFn } = { observation: rescoObservation, reward: rescoReward },
): Record<string, unknown> {
  const p = RESCO_PROTOCOL[name];
  const end = seconds === undefined ? p.end : p.begin + seconds;
  return {
    network: join(dir, name, `${name}.sumocfg`),
    begin: p.begin,
    numSeconds: end,
    deltaTime: p.deltaTime,
    yellowTime: p.yellow,
    allRedTime: 0,
    minGreen: 0,
    maxGreen: 1e6,
    backend,
    observation: mdp.observation,
    reward: mdp.reward,
  };
}
