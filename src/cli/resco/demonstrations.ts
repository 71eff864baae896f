import type { ParallelEnv } from '../../core/ParallelEnv.js';
import type { Policy } from '../../policy/Policy.js';
import { runEpisode } from '../../policy/runEpisode.js';
import { TrafficRulePolicy } from '../../../envs/traffic/baselines/TrafficRulePolicy.js';
import { MaxWaveRule } from '../../../envs/traffic/resco/MaxWaveRule.js';
import { RescoMaxPressureRule } from '../../../envs/traffic/resco/RescoMaxPressureRule.js';
import { NStepWindow, type NStepTransition } from './nStepReplay.js';
import { playSignals } from './playSignals.js';

type Env = ParallelEnv<string, Float32Array, number>;
type SignalsPolicy = Policy<Record<string, Float32Array>, Record<string, number>>;

/**
 * The rules a learner may learn from: RESCO's greedy (MAXWAVE) and RESCO's max-pressure, each as a policy
 * of every signal of an env.
 *
 * @example
 * ```ts
 * const phases = DEMONSTRATORS.greedy(env).act(obs, {}); // { [signal]: phase }
 * ```
 */
export const DEMONSTRATORS = {
  greedy: (env: Env): SignalsPolicy => new TrafficRulePolicy('greedy', env, () => new MaxWaveRule()) as SignalsPolicy,
  'max-pressure': (env: Env): SignalsPolicy => new TrafficRulePolicy('max-pressure', env, () => new RescoMaxPressureRule()) as SignalsPolicy,
} as const;

/** A demonstrator's name. */
export type DemonstratorName = keyof typeof DEMONSTRATORS;

/** What `guided-dqn` learned from: the rule chosen as demonstrator, its delay on the check seeds and its share of the training. */
export interface DemonstrationSummary {
  readonly name: DemonstratorName;
  readonly checkDelay: number;
  readonly episodes: number;
  readonly transitions: number;
  readonly pretrainSteps: number;
  /** Mean delay of the pre-trained network (before any episode of its own) on the check seeds. */
  readonly pretrainedCheckDelay?: number;
}

/**
 * The demonstrator of {@link DEMONSTRATORS} with the lowest mean RESCO delay on `env` over `seeds`
 * (training seeds: the choice is measured in tsgym within the learner's own budget), with its delay.
 *
 * @example
 * ```ts
 * const { name, delay } = bestDemonstrator(env, [2001, 2002]); // e.g. 'greedy', 19.1
 * ```
 */
export function bestDemonstrator(env: Env, seeds: readonly number[]): { name: DemonstratorName; delay: number } {
  let best: { name: DemonstratorName; delay: number } | undefined;
  for (const name of Object.keys(DEMONSTRATORS) as DemonstratorName[]) {
    const policy = DEMONSTRATORS[name](env);
    const delays = seeds.map((s) => runEpisode(env, policy, s).metrics.rescoDelay ?? Infinity);
    const delay = delays.reduce((a, b) => a + b, 0) / delays.length;
    if (best === undefined || delay < best.delay) best = { name, delay };
  }
  return best ?? { name: 'greedy', delay: NaN };
}

/**
 * Every signal decision of the demonstrator `name` playing `env` from each of `seeds`, as n-step
 * transitions labelled with the rule's phase (the observation is the env's, the action the rule's phase);
 * stops before a seed once `stop()` holds (after one episode at least). Returns the transitions and the episodes played.
 *
 * @example
 * ```ts
 * const { transitions } = collectDemonstrations(env, 'greedy', [1001, 1002], 10, 0.99);
 * ```
 */
export function collectDemonstrations(
  env: Env,
  name: DemonstratorName,
  seeds: readonly number[],
  n: number,
  gamma: number,
  stop: () => boolean = () => false,
): { transitions: NStepTransition[]; episodes: number } {
  const policy = DEMONSTRATORS[name](env);
  const transitions: NStepTransition[] = [];
  let episodes = 0;
  for (const seed of seeds) {
    if (episodes > 0 && stop()) break;
    policy.reset?.(seed);
    playSignals(env, seed, (obs) => policy.act(obs, {}), new NStepWindow(n, gamma), (ts) => transitions.push(...ts), { expert: (_, acts) => acts });
    episodes++;
  }
  return { transitions, episodes };
}
