import type { ParallelEnv } from '../../core/ParallelEnv.js';
import { runEpisode } from '../../policy/runEpisode.js';
import { Rng } from '../../rng/Rng.js';
import { DEMONSTRATORS, bestDemonstrator, collectDemonstrations, type DemonstrationSummary } from './demonstrations.js';
import { dqfdGradient, type DqfdSettings } from './dqfdLoss.js';
import { NStepWindow, type NStepTransition } from './nStepReplay.js';
import { phasePolicy } from './phaseDqn.js';
import { PhaseNet, type PhaseNetWeights } from './phaseNet.js';
import { playSignals } from './playSignals.js';
import type { CurvePoint, TrainedLearner } from './rescoLearner.js';

type Env = ParallelEnv<string, Float32Array, number>;

/** Settings of {@link trainGuidedDqn}. */
export interface GuidedDqnOptions {
  /** Figures per phase in the env's observation (the row the network scores). */
  readonly features: number;
  readonly budgetSeconds: number;
  /** At most this many training episodes of the agent's own (after the demonstrations). */
  readonly maxEpisodes: number;
  /** Training seeds from this one on (demonstrations first, then the agent's episodes). */
  readonly seed: number;
  readonly episodeSteps: number;
  /** A second env of the same scenario for the check episodes that select the network (default: the final network). */
  readonly checkEnv?: Env;
  /** Demonstration episodes at most (default 20; fewer if they would take more than 10 % of the budget). */
  readonly demoEpisodes?: number;
  /** Pre-training gradient steps on the demonstrations at most (default 60,000; at most 25 % of the budget). */
  readonly pretrainSteps?: number;
  readonly onEpisode?: (p: CurvePoint) => void;
  readonly onProgress?: (message: string) => void;
}

const HIDDEN = [32, 32];
const LR = 1e-3;
const BATCH = 32;
/** Demonstrations in every batch of the agent's training (DQfD keeps them in the replay; a fixed share here). */
const DEMO_SHARE = 16;
const BUFFER = 50_000;
const TARGET_EVERY = 500;
const N_STEP = 10;
const LOSS: DqfdSettings = { gamma: 0.99, nStepWeight: 1, marginWeight: 1, margin: 0.8 };
/** Exploration of the agent's episodes: DQfD's epsilon 0.01 (it starts from a good policy). */
const EPSILON = 0.01;
const DEMO_BUDGET = 0.1;
const PRETRAIN_BUDGET = 0.25;
/** Held-out training seeds of the check episodes (never evaluation seeds), the same at every check. */
const CHECK_SEEDS = [2001, 2002, 2003];
const CHECK_EVERY = 2;

/** Trains with the DQfD loss; see {@link trainGuidedDqn}. */
class Trainer {
  readonly net: PhaseNet;
  private readonly target: PhaseNet;
  readonly rng: Rng;
  readonly replay: NStepTransition[] = [];
  demos: NStepTransition[] = [];
  grads = 0;
  private added = 0;

  constructor(features: number, seed: number) {
    this.net = new PhaseNet(features, HIDDEN, seed, true);
    this.target = new PhaseNet(features, HIDDEN, seed, true);
    this.target.setWeights(this.net.weights());
    this.rng = new Rng(seed);
  }

  /** One gradient step on a batch of demonstrations only (`own` 0) or `own` of the agent's and the rest demonstrations. */
  learn(own: number): void {
    const pick = (xs: readonly NStepTransition[], k: number): NStepTransition[] =>
      xs.length === 0 ? [] : Array.from({ length: k }, () => xs[this.rng.integers(0, xs.length)]);
    const ownK = this.replay.length >= BATCH ? own : 0;
    const batch = [...pick(this.replay, ownK), ...pick(this.demos, BATCH - ownK)];
    this.net.zeroGrad();
    dqfdGradient(this.net, this.target, batch, LOSS);
    this.net.step(LR);
    if (++this.grads % TARGET_EVERY === 0) this.target.setWeights(this.net.weights());
  }

  /** Adds the agent's transitions to its replay (a ring of 50,000), one gradient step every two of them. */
  add(ts: readonly NStepTransition[]): void {
    for (const t of ts) {
      if (this.replay.length < BUFFER) this.replay.push(t);
      else this.replay[this.added % BUFFER] = t;
      if (++this.added % 2 === 0) this.learn(BATCH - DEMO_SHARE);
    }
  }

  /** Mean RESCO delay of the current network acting greedily on `env` over the check seeds. */
  check(env: Env): number {
    const policy = phasePolicy('guided-dqn', this.net);
    const ds = CHECK_SEEDS.map((s) => runEpisode(env, policy, s).metrics.rescoDelay ?? Infinity);
    return ds.reduce((a, b) => a + b, 0) / ds.length;
  }
}

/** Demonstrator choice, demonstrations and pre-training (the first part of {@link trainGuidedDqn}'s budget). */
function learnFromDemonstrations(env: Env, tr: Trainer, o: GuidedDqnOptions, elapsed: () => number): DemonstrationSummary {
  const choice = bestDemonstrator(env, CHECK_SEEDS);
  o.onProgress?.(`guided-dqn: demonstrator ${choice.name} (${choice.delay.toFixed(2)} s on the check seeds)`);
  const seeds = Array.from({ length: o.demoEpisodes ?? 20 }, (_, i) => o.seed + i);
  const demos = collectDemonstrations(env, choice.name, seeds, N_STEP, LOSS.gamma, () => elapsed() >= DEMO_BUDGET * o.budgetSeconds);
  tr.demos = demos.transitions;
  const steps = o.pretrainSteps ?? 60_000;
  while (tr.grads < steps && elapsed() < (DEMO_BUDGET + PRETRAIN_BUDGET) * o.budgetSeconds) tr.learn(0);
  const summary = { name: choice.name, checkDelay: choice.delay, episodes: demos.episodes, transitions: demos.transitions.length, pretrainSteps: tr.grads };
  o.onProgress?.(`guided-dqn: ${summary.episodes} demonstration episodes (${summary.transitions} decisions), ${summary.pretrainSteps} pre-training steps`);
  return summary;
}

/**
 * Trains `guided-dqn`, a phase-competition DQN ({@link PhaseNet}, as `phase-dqn`'s) that learns from
 * demonstrations and then from its own experience, as DQfD (Hester et al., AAAI 2018):
 *
 * 1. the demonstrator is the rule (RESCO's greedy MAXWAVE or its max-pressure) with the lower delay on
 *    the held-out check seeds, measured on `env` within the budget;
 * 2. it plays up to 20 training episodes (seeds from `seed` on, at most 10 % of the budget), every signal
 *    decision kept as a demonstration with its n-step (n = 10) return;
 * 3. the network is pre-trained on the demonstrations alone (up to 60,000 steps, until 35 % of the budget
 *    is spent) with DQfD's loss: 1-step Double DQN TD loss + n-step TD loss + the large-margin
 *    supervised loss (margin 0.8) pushing the demonstrator's phase above the others;
 * 4. it then plays its own episodes (epsilon 0.01, as DQfD), one gradient step every two decisions on
 *    batches of 16 of its own transitions and 16 demonstrations, target network copied every 500 steps;
 *    the demonstrator labels the states of its own episodes too (as DAgger, Ross et al. 2011), so the
 *    margin loss pulls toward the demonstrator's phase on its own transitions as well.
 *
 * The network evaluated is the one with the lowest mean delay over check episodes played greedily on
 * `checkEnv` on held-out training seeds 2001-2003 (after pre-training, then after every second episode of its own).
 *
 * @example
 * ```ts
 * const l = await trainGuidedDqn(env, { features: PHASE_FEATURES, budgetSeconds: 900, maxEpisodes: 400, seed: 1001, episodeSteps: 360, checkEnv });
 * ```
 */
export async function trainGuidedDqn(env: Env, o: GuidedDqnOptions): Promise<TrainedLearner & { demonstrations: DemonstrationSummary }> {
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const tr = new Trainer(o.features, o.seed);
  const summary = learnFromDemonstrations(env, tr, o, elapsed);
  let best: { delay: number; episode: number; w: PhaseNetWeights } | undefined;
  const consider = (episode: number): number | undefined => {
    if (!o.checkEnv) return undefined;
    const delay = tr.check(o.checkEnv);
    if (delay < (best?.delay ?? Infinity)) best = { delay, episode, w: tr.net.weights() };
    return delay;
  };
  const pretrainedCheckDelay = consider(0);
  if (pretrainedCheckDelay !== undefined) o.onProgress?.(`guided-dqn: pre-trained network ${pretrainedCheckDelay.toFixed(2)} s on the check seeds`);
  const curve: CurvePoint[] = [];
  let decisions = 0;
  // the demonstrator labels the states of the agent's own episodes too (as DAgger): the margin loss applies there as well
  const expert = DEMONSTRATORS[summary.name](env);
  for (let ep = 0; ep < o.maxEpisodes && elapsed() < o.budgetSeconds; ep++) {
    const act = (obs: Record<string, Float32Array>): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const [a, x] of Object.entries(obs)) out[a] = tr.rng.random() < EPSILON ? tr.rng.integers(0, x.length / o.features) : tr.net.best(x);
      return out;
    };
    const seed = o.seed + summary.episodes + ep;
    const played = playSignals(env, seed, act, new NStepWindow(N_STEP, LOSS.gamma), (ts) => tr.add(ts), {
      stop: () => elapsed() >= o.budgetSeconds,
      expert: (obs) => expert.act(obs, {}),
    });
    decisions += played.decisions;
    if (played.cut) break;
    const p = { steps: decisions, wallSeconds: elapsed(), rescoDelay: played.rescoDelay, return: played.return };
    curve.push(p);
    o.onEpisode?.(p);
    if (curve.length % CHECK_EVERY === 0 && elapsed() < o.budgetSeconds) {
      const d = consider(curve.length);
      if (d !== undefined) o.onProgress?.(`guided-dqn: check after episode ${curve.length}: ${d.toFixed(2)} s`);
    }
    await Promise.resolve();
  }
  const chosen = new PhaseNet(o.features, HIDDEN, o.seed, true);
  chosen.setWeights(best?.w ?? tr.net.weights());
  return {
    policy: () => phasePolicy('guided-dqn', chosen),
    ...(best ? { selectedEpisode: best.episode, checkDelay: best.delay } : {}),
    wallSeconds: elapsed(),
    envSteps: decisions + summary.transitions,
    episodes: curve.length,
    curve,
    demonstrations: { ...summary, ...(pretrainedCheckDelay !== undefined ? { pretrainedCheckDelay } : {}) },
    dispose: () => undefined,
  };
}
