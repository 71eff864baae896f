import { PPO, type PpoConfig } from '../../../agents/ppo.js';
import type { Callback } from '../../../agents/common/callbacks.js';
import type { ParallelEnv, ParallelStepResult } from '../../core/ParallelEnv.js';
import { MlpPolicy, type SerializedMlp } from '../../policy/MlpPolicy.js';
import { runEpisode } from '../../policy/runEpisode.js';
import { SharedSignalsEnv } from '../../../envs/traffic/resco/SharedSignalsEnv.js';
import { signalsPolicy, type CurvePoint, type TrainedLearner } from './rescoLearner.js';

type Env = ParallelEnv<string, Float32Array, number>;

/**
 * PPO settings of the `ippo` learner. RESCO's IPPO (pfrl's PPO per signal) uses Adam 2.5e-4, clip 0.1,
 * no value clip, updates every 1,024 decisions (4 epochs of minibatches of 256), entropy 0.001 and
 * gradient norm 0.5, for 1,400 episodes; within a wall budget of minutes this takes shorter rollouts
 * (120 decisions per signal), a larger annealed step size, clip 0.2 and entropy 0.01 (which keeps the
 * policy from settling on one phase while queues are long and RESCO's clipped reward, -4, tells the
 * actions apart poorly). The value loss is not clipped, as in RESCO: its reward makes returns of hundreds.
 */
const PPO_SETTINGS: PpoConfig = {
  learningRate: 1e-3,
  annealLr: true,
  numSteps: 120,
  gamma: 0.99,
  gaeLambda: 0.95,
  numMinibatches: 4,
  updateEpochs: 4,
  clipCoef: 0.2,
  clipVloss: false,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  netArch: [64, 64],
  activation: 'tanh',
};

/** {@link SharedSignalsEnv} counting the signals' decisions (the reset steps of autoreset are none). */
class CountedSignalsEnv extends SharedSignalsEnv {
  decisions = 0;

  override step(actions: Record<string, number>): ParallelStepResult<string, Float32Array> {
    this.decisions += this.agents.length;
    return super.step(actions);
  }
}

/** Deterministic check episodes run on training seeds from this offset on (never the evaluation seeds 1..N). */
const CHECK_SEED = 2001;

/** Options of {@link trainIppo}: as `trainIdqn`'s, plus a check of the greedy policy every `checkEvery` episodes. */
export interface IppoOptions {
  readonly budgetSeconds: number;
  readonly maxEpisodes: number;
  readonly seed: number;
  readonly episodeSteps: number;
  /** Plays the current network greedily (argmax) for one episode after every this many training episodes (default 2). */
  readonly checkEvery?: number;
  /** A second env of the same scenario for the greedy check episodes (default: no checks, the final network is evaluated). */
  readonly checkEnv?: Env;
  readonly onEpisode?: (p: CurvePoint) => void;
  /** PPO settings over the learner's own ({@link PPO_SETTINGS}). */
  readonly ppo?: PpoConfig;
}

/**
 * Trains the `ippo` learner on `env` (tsgym's backend, RESCO's observation `drq_norm` and reward
 * `wait_norm`, the same as IDQN's): the project's {@link PPO}, with one network shared by the signals
 * through {@link SharedSignalsEnv} (padded observations and a signal one-hot, so each signal keeps its own
 * policy; on a single-signal scenario this is exactly independent PPO). One network with the signal's
 * identity as input learns from every signal's decisions at once, which within a wall budget of minutes
 * on two cores trains better than one PPO per signal seeing 1/n of the data.
 *
 * Training episodes sample from the policy (PPO explores through it), so every `checkEvery` training
 * episodes the current network also plays one episode greedily on `checkEnv` (training seeds from 2001,
 * never the evaluation seeds); the network evaluated is the one of the greedy check episode with the
 * lowest RESCO delay, or the final network when no check was played. The curve records every training
 * episode (sampled actions). Training stops at `maxEpisodes` training episodes or when `budgetSeconds` of
 * wall time are spent (check episodes included), once the rollout under way (at most 120 decisions per
 * signal) has been learned from; the learning rate anneals to 0 over the episodes the
 * budget allows (re-estimated before each episode).
 *
 * @example
 * ```ts
 * const learner = await trainIppo(env, { budgetSeconds: 300, maxEpisodes: 100, seed: 1001, episodeSteps: 360, checkEnv });
 * ```
 */
export async function trainIppo(env: Env, o: IppoOptions): Promise<TrainedLearner> {
  const shared = new CountedSignalsEnv(env);
  const n = env.possibleAgents.length;
  // one episode is episodeSteps decisions plus the reset step of next-step autoreset, for each signal
  // (PPO counts both; the curve and envSteps count decisions)
  const episode = (o.episodeSteps + 1) * n;
  const ppo = await PPO.create(shared, { ...PPO_SETTINGS, numSteps: Math.min(PPO_SETTINGS.numSteps ?? 120, o.episodeSteps), seed: o.seed, ...o.ppo });
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const curve: CurvePoint[] = [];
  const sim = (env.unwrapped as unknown as { engine: { metrics(): Record<string, number> } }).engine;
  const checkEvery = o.checkEvery ?? 2;
  let best: { delay: number; episode: number; net: SerializedMlp } | undefined;
  let episodeReturn = 0;
  let checks = 0;
  let checkedAt = 0;
  const cb: Callback = {
    onStep: () => elapsed() < o.budgetSeconds && curve.length < o.maxEpisodes,
    onLog: (r) => {
      if (r.type !== 'episode') return;
      episodeReturn += r.return;
      if (r.env !== n - 1) return;
      const p = { steps: shared.decisions, wallSeconds: elapsed(), rescoDelay: sim.metrics().rescoDelay ?? NaN, return: episodeReturn };
      curve.push(p);
      o.onEpisode?.(p);
      episodeReturn = 0;
    },
  };
  while (curve.length < o.maxEpisodes && elapsed() < o.budgetSeconds) {
    const done = curve.length;
    const per = done > 0 ? elapsed() / done : Infinity;
    const planned = Number.isFinite(per) ? Math.min(o.maxEpisodes, done + Math.max(1, Math.floor((o.budgetSeconds - elapsed()) / per))) : o.maxEpisodes;
    await ppo.learn({ totalTimesteps: episode, callbacks: [cb], horizon: planned * episode });
    if (o.checkEnv && curve.length - checkedAt >= checkEvery && elapsed() < o.budgetSeconds) {
      checkedAt = curve.length;
      const net = ppo.exportPolicy();
      const greedy = signalsPolicy('ippo', new MlpPolicy(net, { deterministic: true }), new SharedSignalsEnv(o.checkEnv));
      const delay = runEpisode(o.checkEnv, greedy, CHECK_SEED + checks++).metrics.rescoDelay;
      if (delay !== undefined && delay < (best?.delay ?? Infinity)) best = { delay, episode: curve.length, net };
    }
  }
  const final = best?.net ?? ppo.exportPolicy();
  return {
    policy: (evalEnv) => signalsPolicy('ippo', new MlpPolicy(final, { deterministic: true }), new SharedSignalsEnv(evalEnv)),
    ...(best ? { selectedEpisode: best.episode, checkDelay: best.delay } : {}),
    wallSeconds: elapsed(),
    envSteps: shared.decisions,
    episodes: curve.length,
    curve,
    dispose: () => ppo.dispose(),
  };
}
