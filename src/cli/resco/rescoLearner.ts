import { DQN, type DqnConfig } from '../../../agents/dqn.js';
import type { Callback } from '../../../agents/common/callbacks.js';
import type { ParallelEnv } from '../../core/ParallelEnv.js';
import type { Info } from '../../core/types.js';
import { MlpPolicy, type SerializedMlp } from '../../policy/MlpPolicy.js';
import type { Policy } from '../../policy/Policy.js';
import type { DemonstrationSummary } from './demonstrations.js';
import { SharedSignalsEnv } from '../../../envs/traffic/resco/SharedSignalsEnv.js';

/** One point of a learning curve: env steps (summed over signals), the training episode's RESCO delay and return. */
export interface CurvePoint {
  readonly steps: number;
  readonly wallSeconds: number;
  readonly rescoDelay: number;
  readonly return: number;
}

/** What training a learner on one scenario yields. */
export interface TrainedLearner {
  readonly policy: (env: ParallelEnv<string, Float32Array, number>) => Policy<Record<string, Float32Array>, Record<string, number>>;
  readonly wallSeconds: number;
  readonly envSteps: number;
  readonly episodes: number;
  readonly curve: CurvePoint[];
  /** The training episode whose network is evaluated (after which its best check, or the best one without exploration); absent: the final network. */
  readonly selectedEpisode?: number;
  /** The mean delay of the greedy check episodes that selected the network (`ippo`, `mplight`, `phase-dqn`, `guided-dqn`). */
  readonly checkDelay?: number;
  /** What the learner learned from before its own episodes (`guided-dqn`). */
  readonly demonstrations?: DemonstrationSummary;
  dispose(): void;
}

/**
 * DQN settings of the `idqn` learner: RESCO's IDQN (batch 32, gamma 0.99, epsilon from 1 to 0, target
 * network copied every 500 steps) with Double DQN and a faster epsilon schedule for a wall budget.
 */
const EXPLORATION = 0.4;
const DQN_SETTINGS: DqnConfig = {
  learningRate: 1e-3,
  bufferSize: 50_000,
  batchSize: 32,
  gamma: 0.99,
  trainFreq: 1,
  targetUpdateInterval: 500,
  explorationInitialEps: 1,
  explorationFinalEps: 0,
  explorationFraction: EXPLORATION,
  doubleQ: true,
  netArch: [64, 64],
  logInterval: 100_000,
};

/**
 * Trains the `idqn` learner on `env` (tsgym's backend, RESCO's observation and reward): DQN with one
 * network shared by the signals through {@link SharedSignalsEnv} (padded observations and a signal
 * one-hot, so each signal keeps its own Q-values: on a single-signal scenario this is exactly IDQN).
 * Training stops at `maxEpisodes` one-hour episodes or when `budgetSeconds` of wall time are spent,
 * whichever comes first (the episode under way is cut); epsilon decays from 1 to 0 over the first 40 %
 * of the episodes the budget allows (re-estimated before each episode from the
 * wall time of the episodes so far). The network evaluated is the one of the training episode with the
 * lowest RESCO delay among those played without exploration (RESCO reports its learners' best episode);
 * the final one when no such episode was played.
 *
 * @example
 * ```ts
 * const learner = await trainIdqn(env, { budgetSeconds: 300, maxEpisodes: 100, seed: 1, episodeSteps: 360 });
 * ```
 */
export async function trainIdqn(
  env: ParallelEnv<string, Float32Array, number>,
  o: { budgetSeconds: number; maxEpisodes: number; seed: number; episodeSteps: number; onEpisode?: (p: CurvePoint) => void },
): Promise<TrainedLearner> {
  const shared = new SharedSignalsEnv(env);
  const n = env.possibleAgents.length;
  const episode = o.episodeSteps * n;
  const dqn = await DQN.create(shared, { ...DQN_SETTINGS, learningStarts: episode, seed: o.seed });
  const t0 = performance.now();
  const curve: CurvePoint[] = [];
  const sim = (env.unwrapped as unknown as { engine: { metrics(): Record<string, number> } }).engine;
  let episodeReturn = 0;
  let horizon = o.maxEpisodes * episode;
  let best: { delay: number; episode: number; net: SerializedMlp } | undefined;
  const cb: Callback = {
    onStep: () => (performance.now() - t0) / 1000 < o.budgetSeconds,
    onLog: (r, ctx) => {
      if (r.type !== 'episode') return;
      episodeReturn += r.return;
      if (r.env !== n - 1) return;
      const p = { steps: ctx.numTimesteps, wallSeconds: (performance.now() - t0) / 1000, rescoDelay: sim.metrics().rescoDelay ?? NaN, return: episodeReturn };
      curve.push(p);
      o.onEpisode?.(p);
      episodeReturn = 0;
      // keep the network of the best episode played without exploration (epsilon 0 from 40 % of the run)
      if (ctx.numTimesteps >= EXPLORATION * horizon && p.rescoDelay < (best?.delay ?? Infinity))
        best = { delay: p.rescoDelay, episode: curve.length, net: dqn.exportPolicy() };
    },
  };
  // the epsilon schedule spans the episodes the budget allows, re-estimated before each episode from
  // the mean wall time of the learning ones (all but the first)
  const elapsed = (): number => (performance.now() - t0) / 1000;
  let done = 0;
  while (done < o.maxEpisodes && elapsed() < o.budgetSeconds) {
    const learning = curve.slice(1);
    const per = learning.length > 0 ? ((learning.at(-1)?.wallSeconds ?? 0) - (curve[0]?.wallSeconds ?? 0)) / learning.length : Infinity;
    const planned = Number.isFinite(per) ? Math.min(o.maxEpisodes, done + Math.max(1, Math.floor((o.budgetSeconds - elapsed()) / per))) : o.maxEpisodes;
    horizon = planned * episode;
    await dqn.learn({ totalTimesteps: episode, callbacks: [cb], horizon });
    done++;
  }
  return {
    policy: (evalEnv) => signalsPolicy('idqn', best ? new MlpPolicy(best.net, { deterministic: true }) : dqn, new SharedSignalsEnv(evalEnv)),
    ...(best ? { selectedEpisode: best.episode } : {}),
    wallSeconds: (performance.now() - t0) / 1000,
    envSteps: dqn.numTimesteps,
    // the last episode's record comes with the step after it: count episodes from the steps
    episodes: Math.floor(dqn.numTimesteps / episode),
    curve,
    dispose: () => dqn.dispose(),
  };
}

/**
 * The trained network `net` acting greedily (deterministic) for every signal of `shared`'s env: each
 * signal's observation is padded with its one-hot and the shared action wrapped to its phases.
 *
 * @example
 * ```ts
 * const policy = signalsPolicy('ippo', new MlpPolicy(net, { deterministic: true }), new SharedSignalsEnv(env));
 * ```
 */
export function signalsPolicy(
  name: string,
  net: DQN | MlpPolicy,
  shared: SharedSignalsEnv,
): Policy<Record<string, Float32Array>, Record<string, number>> {
  return {
    name,
    act(obs: Record<string, Float32Array>, _info: Info): Record<string, number> {
      const out: Record<string, number> = {};
      for (const [a, x] of Object.entries(obs)) {
        const o = shared.pad(a, x);
        out[a] = shared.innerAction(a, Number(net instanceof DQN ? net.predict(o, { deterministic: true }) : net.act(o, {})));
      }
      return out;
    },
  };
}
