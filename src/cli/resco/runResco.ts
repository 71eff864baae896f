import { TsgymError } from '../../core/errors.js';
import type { ParallelEnv } from '../../core/ParallelEnv.js';
import { makePolicy } from '../../policy/policyRegistry.js';
import type { Policy } from '../../policy/Policy.js';
import { runEpisode } from '../../policy/runEpisode.js';
import { makeParallel } from '../../registry/registry.js';
import '../../../envs/traffic/network-env/registerTrafficNetwork.js';
import { TrafficRulePolicy } from '../../../envs/traffic/baselines/TrafficRulePolicy.js';
import { MaxWaveRule } from '../../../envs/traffic/resco/MaxWaveRule.js';
import { RescoMaxPressureRule } from '../../../envs/traffic/resco/RescoMaxPressureRule.js';
import { RESCO_PROTOCOL, rescoKwargs, type RescoScenario } from '../../../envs/traffic/resco/rescoProtocol.js';
import { CliError } from '../CliError.js';
import { MPLIGHT_FEATURES, PHASE_FEATURES, mplightFeatures, phaseFeatures, pressureReward } from '../../../envs/traffic/resco/phaseFeatures.js';
import { rescoReward } from '../../../envs/traffic/resco/rescoMdp.js';
import type { DemonstrationSummary } from './demonstrations.js';
import { trainGuidedDqn } from './guidedDqn.js';
import { trainIppo } from './ippo.js';
import { trainPhaseDqn } from './phaseDqn.js';
import { trainIdqn, type CurvePoint, type TrainedLearner } from './rescoLearner.js';

/** The controllers of `tsgym benchmark resco`: RESCO's three rules and the learners. */
export const RESCO_ALGOS = ['fixed', 'greedy', 'max-pressure', 'idqn', 'ippo', 'mplight', 'phase-dqn', 'guided-dqn'] as const;
/** A controller name. */
export type RescoAlgo = (typeof RESCO_ALGOS)[number];
/** The controllers that are trained. */
export const RESCO_LEARNERS: readonly RescoAlgo[] = ['idqn', 'ippo', 'mplight', 'phase-dqn', 'guided-dqn'];

/** The observation and reward each phase-competition learner sees (the others: RESCO's `drq_norm` and `wait_norm`). */
const PHASE_MDP = {
  mplight: { observation: mplightFeatures, reward: pressureReward, features: MPLIGHT_FEATURES },
  'phase-dqn': { observation: phaseFeatures, reward: rescoReward, features: PHASE_FEATURES },
  'guided-dqn': { observation: phaseFeatures, reward: rescoReward, features: PHASE_FEATURES },
} as const;

function isPhaseLearner(algo: RescoAlgo): algo is keyof typeof PHASE_MDP {
  return algo in PHASE_MDP;
}

function kwargsFor(o: RescoRunOptions, scenario: RescoScenario, algo: RescoAlgo, backend: Backend): Record<string, unknown> {
  return isPhaseLearner(algo)
    ? rescoKwargs(o.dir, scenario, backend, o.seconds, PHASE_MDP[algo])
    : rescoKwargs(o.dir, scenario, backend, o.seconds);
}
/** The two backends, each evaluating every controller. */
export type Backend = 'tsgym' | 'sumo';

/** Options of {@link runResco}. */
export interface RescoRunOptions {
  /** Folder holding `NAME/NAME.sumocfg` (../shared/data/resco). */
  readonly dir: string;
  readonly scenarios: readonly RescoScenario[];
  readonly algos: readonly RescoAlgo[];
  /** Evaluation seeds: 1..seeds (training uses seeds from 1001 on: unseen ones are evaluated). */
  readonly seeds: number;
  readonly backends: readonly Backend[];
  /** Wall seconds of training per scenario and learner. */
  readonly budgetSeconds: number;
  /** At most this many training episodes (RESCO's IDQN: 100). */
  readonly maxEpisodes: number;
  /** Shortens every window to this many seconds from its begin (tests); default RESCO's hour. */
  readonly seconds?: number;
  readonly onProgress?: (message: string) => void;
}

/** The evaluation of one controller on one scenario in one backend. */
export interface RescoCell {
  readonly scenario: RescoScenario;
  readonly algo: RescoAlgo;
  readonly backend: Backend;
  readonly seeds: number[];
  readonly delays: number[];
  readonly mean: number;
  readonly sd: number;
  /** Wall seconds of the evaluation episodes. */
  readonly wallSeconds: number;
  /** Why the controller could not be evaluated in this backend (then no delays, mean NaN). */
  readonly error?: string;
}

/** Training of a learner on one scenario. */
export interface RescoTraining {
  readonly scenario: RescoScenario;
  readonly algo: RescoAlgo;
  readonly wallSeconds: number;
  readonly envSteps: number;
  readonly episodes: number;
  /** The training episode whose network was evaluated (absent: the final network). */
  readonly selectedEpisode?: number;
  /** The mean delay of the greedy check episodes that selected the network (`ippo`, `mplight`, `phase-dqn`, `guided-dqn`). */
  readonly checkDelay?: number;
  /** What `guided-dqn` learned from before its own episodes. */
  readonly demonstrations?: DemonstrationSummary;
  readonly curve: CurvePoint[];
}

/** Everything one run measured. */
export interface RescoResults {
  readonly cells: RescoCell[];
  readonly training: RescoTraining[];
}

/**
 * Mean and sample standard deviation.
 *
 * @example
 * ```ts
 * meanSd([1, 3]); // { mean: 2, sd: 1.414... }
 * ```
 */
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const v = xs.length > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, sd: Math.sqrt(v) };
}

type Env = ParallelEnv<string, Float32Array, number>;
type Controller = (env: Env) => Policy<unknown, unknown>;

function ruleController(algo: RescoAlgo, learners: ReadonlyMap<RescoAlgo, TrainedLearner>): Controller {
  const learner = learners.get(algo);
  switch (algo) {
    case 'fixed':
      return (env) => makePolicy('program', 'TrafficNetworkParallel-v0', env);
    case 'greedy':
      return (env) => new TrafficRulePolicy('greedy', env, () => new MaxWaveRule());
    case 'max-pressure':
      return (env) => new TrafficRulePolicy('max-pressure', env, () => new RescoMaxPressureRule());
    case 'idqn':
    case 'ippo':
    case 'mplight':
    case 'phase-dqn':
    case 'guided-dqn':
      if (!learner) throw new CliError(`${algo}: no trained learner`);
      return (env) => learner.policy(env);
  }
}

/** Attempts per SUMO episode: a SUMO killed from outside (a shared machine) is restarted on the same seed. */
const SUMO_ATTEMPTS = 3;

function episodeDelay(o: RescoRunOptions, scenario: RescoScenario, algo: RescoAlgo, backend: Backend, controller: Controller, seed: number): number {
  for (let attempt = 1; ; attempt++) {
    const env = makeParallel('TrafficNetworkParallel-v0', kwargsFor(o, scenario, algo, backend)) as Env;
    try {
      const d = runEpisode(env, controller(env), seed).metrics.rescoDelay;
      if (d === undefined) throw new CliError(`${scenario} on ${backend}, seed ${seed}: the env reported no rescoDelay`);
      return d;
    } catch (e) {
      const killed = backend === 'sumo' && /killed by SIG/.test(String(e));
      if (!killed || attempt >= SUMO_ATTEMPTS) throw e;
      o.onProgress?.(`${scenario} on sumo, seed ${seed}: SUMO was killed from outside (${String(e).slice(0, 80)}...), episode restarted`);
    } finally {
      env.close();
    }
  }
}

function evaluateCell(o: RescoRunOptions, scenario: RescoScenario, algo: RescoAlgo, backend: Backend, controller: Controller): RescoCell {
  const t0 = performance.now();
  const seeds = Array.from({ length: o.seeds }, (_, i) => i + 1);
  const delays: number[] = [];
  try {
    for (const seed of seeds) {
      const d = episodeDelay(o, scenario, algo, backend, controller, seed);
      delays.push(d);
      o.onProgress?.(`${scenario} ${algo} ${backend} seed ${seed}: ${d.toFixed(2)} s`);
    }
  } catch (e) {
    // a controller the backend cannot run (e.g. a program SUMO's differs from) is reported, the rest goes on
    if (!(e instanceof TsgymError)) throw e;
    o.onProgress?.(`${scenario} ${algo} on ${backend}: failed: ${e.message}`);
    return { scenario, algo, backend, seeds, delays: [], mean: NaN, sd: NaN, wallSeconds: (performance.now() - t0) / 1000, error: e.message };
  }
  return { scenario, algo, backend, seeds, delays, ...meanSd(delays), wallSeconds: (performance.now() - t0) / 1000 };
}

async function trainFor(o: RescoRunOptions, scenario: RescoScenario, algo: RescoAlgo): Promise<TrainedLearner> {
  const p = RESCO_PROTOCOL[scenario];
  const env = makeParallel('TrafficNetworkParallel-v0', kwargsFor(o, scenario, algo, 'tsgym')) as Env;
  const episodeSteps = Math.round((o.seconds ?? p.end - p.begin) / p.deltaTime);
  const common = {
    budgetSeconds: o.budgetSeconds,
    maxEpisodes: o.maxEpisodes,
    seed: 1001,
    episodeSteps,
    onEpisode: (c: CurvePoint) =>
      o.onProgress?.(`${scenario} ${algo} training: ${c.steps} steps, ${c.wallSeconds.toFixed(0)} s, delay ${c.rescoDelay.toFixed(2)} s`),
  };
  try {
    if (algo === 'mplight' || algo === 'phase-dqn') {
      const onProgress = (m: string): void => o.onProgress?.(`${scenario} ${m}`);
      return await withCheckEnv(o, scenario, algo, (checkEnv) =>
        trainPhaseDqn(env, { ...common, name: algo, features: PHASE_MDP[algo].features, checkEnv, onProgress }),
      );
    }
    if (algo === 'ippo') return await withCheckEnv(o, scenario, algo, (checkEnv) => trainIppo(env, { ...common, checkEnv }));
    if (algo === 'guided-dqn') {
      const onProgress = (m: string): void => o.onProgress?.(`${scenario} ${m}`);
      return await withCheckEnv(o, scenario, algo, (checkEnv) => trainGuidedDqn(env, { ...common, features: PHASE_FEATURES, checkEnv, onProgress }));
    }
    return await trainIdqn(env, common);
  } finally {
    if (algo !== 'idqn') env.close();
  }
}

/** Runs `train` with a second env of the scenario for a learner's check episodes (closed after). */
async function withCheckEnv(
  o: RescoRunOptions,
  scenario: RescoScenario,
  algo: RescoAlgo,
  train: (checkEnv: Env) => Promise<TrainedLearner>,
): Promise<TrainedLearner> {
  const checkEnv = makeParallel('TrafficNetworkParallel-v0', kwargsFor(o, scenario, algo, 'tsgym')) as Env;
  try {
    return await train(checkEnv);
  } finally {
    checkEnv.close();
  }
}

/**
 * Runs RESCO's protocol: per scenario, trains the learner (if asked) on tsgym's backend within the wall
 * budget, then evaluates every controller on seeds 1..N in each backend and records RESCO's delay
 * (`rescoDelay`) of every episode.
 *
 * @example
 * ```ts
 * const res = await runResco({
 *   dir: '../shared/data/resco', scenarios: ['cologne1'], algos: ['greedy'], seeds: 1, backends: ['tsgym'], budgetSeconds: 0, maxEpisodes: 0,
 * });
 * ```
 */
export async function runResco(o: RescoRunOptions): Promise<RescoResults> {
  const cells: RescoCell[] = [];
  const training: RescoTraining[] = [];
  for (const scenario of o.scenarios) {
    const learners = new Map<RescoAlgo, TrainedLearner>();
    try {
      for (const algo of o.algos.filter((a) => RESCO_LEARNERS.includes(a))) {
        const learner = await trainFor(o, scenario, algo);
        learners.set(algo, learner);
        const { wallSeconds, envSteps, episodes, curve, selectedEpisode, checkDelay, demonstrations } = learner;
        const selected = { ...(selectedEpisode !== undefined ? { selectedEpisode } : {}), ...(checkDelay !== undefined ? { checkDelay } : {}) };
        training.push({ scenario, algo, wallSeconds, envSteps, episodes, ...selected, ...(demonstrations ? { demonstrations } : {}), curve });
      }
      for (const algo of o.algos) {
        const controller = ruleController(algo, learners);
        for (const backend of o.backends) cells.push(evaluateCell(o, scenario, algo, backend, controller));
      }
    } finally {
      for (const l of learners.values()) l.dispose();
    }
  }
  return { cells, training };
}
