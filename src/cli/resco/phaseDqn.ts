import type { ParallelEnv } from '../../core/ParallelEnv.js';
import type { Info } from '../../core/types.js';
import type { Policy } from '../../policy/Policy.js';
import { runEpisode } from '../../policy/runEpisode.js';
import { Rng } from '../../rng/Rng.js';
import { PhaseNet, type PhaseNetWeights } from './phaseNet.js';
import type { CurvePoint, TrainedLearner } from './rescoLearner.js';

/** Settings of {@link trainPhaseDqn}. */
export interface PhaseDqnOptions {
  /** The learner's name (`mplight`, `phase-dqn`), given to its policy. */
  readonly name: string;
  /** Figures per phase in the env's observation (the row the network scores). */
  readonly features: number;
  readonly budgetSeconds: number;
  readonly maxEpisodes: number;
  readonly seed: number;
  readonly episodeSteps: number;
  readonly hidden?: readonly number[];
  /**
   * A second env of the same scenario for the check episodes that select the network: the current
   * network plays greedily on the held-out seeds {@link CHECK_SEEDS} after every second training
   * episode and the one with the lowest mean delay is kept. Without it, the network at the end of the
   * exploration-free training episode with the lowest delay is kept.
   */
  readonly checkEnv?: ParallelEnv<string, Float32Array, number>;
  readonly onEpisode?: (p: CurvePoint) => void;
  readonly onProgress?: (message: string) => void;
}

/** Held-out training seeds of the check episodes (never evaluation seeds, never training seeds), the same at every check. */
export const CHECK_SEEDS: readonly number[] = [2001, 2002, 2003];
/** Training episodes between two checks. */
export const CHECK_EVERY = 2;

/**
 * Mean RESCO delay of `policy` acting on `env` over the held-out check seeds {@link CHECK_SEEDS}.
 *
 * @example
 * ```ts
 * const d = checkDelay(checkEnv, phasePolicy('phase-dqn', net));
 * ```
 */
export function checkDelay(env: ParallelEnv<string, Float32Array, number>, policy: Policy<Record<string, Float32Array>, Record<string, number>>): number {
  const ds = CHECK_SEEDS.map((s) => runEpisode(env, policy, s).metrics.rescoDelay ?? Infinity);
  return ds.reduce((a, b) => a + b, 0) / ds.length;
}

/** DQN settings shared by both phase-competition learners (MPLight's: batch 32, gamma 0.99, Adam 1e-3). */
const LR = 1e-3;
const GAMMA = 0.99;
const BATCH = 32;
const BUFFER = 50_000;
const TARGET_EVERY = 500;
const LEARNING_STARTS = 1_000;
/** Epsilon decays linearly from 1 to 0 over this fraction of the planned episodes. */
const EXPLORATION = 0.4;

interface Transition {
  readonly obs: Float32Array;
  readonly action: number;
  readonly reward: number;
  readonly next: Float32Array;
  readonly done: boolean;
}

/** One gradient step of Double DQN on a batch of the replay. */
function learnStep(net: PhaseNet, target: PhaseNet, replay: readonly Transition[], rng: Rng): void {
  const batch = Array.from({ length: BATCH }, () => replay[rng.integers(0, replay.length)]);
  const targets = batch.map((t) => (t.done ? t.reward : t.reward + GAMMA * target.scores(t.next)[net.best(t.next)]));
  net.train(
    batch.map((t) => t.obs),
    batch.map((t) => t.action),
    targets,
    LR,
  );
}

/**
 * Trains a phase-competition DQN (see {@link PhaseNet}) shared by every signal of `env`, whose
 * observation gives `features` figures per phase (MPLight's pressures, or the movement-level rows of
 * `phase-dqn`) and whose reward is the learner's (set in the env). Every signal's decision is one
 * transition of one replay; one gradient step of Double DQN (batch 32, Huber loss, target network
 * copied every 500 steps) follows every two transitions. Epsilon decays from 1 to 0 over the first
 * 40 % of the episodes the wall budget allows (re-estimated before each episode); training stops at
 * `maxEpisodes` one-hour episodes (seeds from `seed` on) or at the budget. The network evaluated is the
 * one of the training episode with the lowest RESCO delay among those played without exploration.
 *
 * @example
 * ```ts
 * const l = await trainPhaseDqn(env, { name: 'mplight', features: 2, budgetSeconds: 300, maxEpisodes: 100, seed: 1001, episodeSteps: 360 });
 * ```
 */
export async function trainPhaseDqn(env: ParallelEnv<string, Float32Array, number>, o: PhaseDqnOptions): Promise<TrainedLearner> {
  const hidden = o.hidden ?? [32, 32];
  const net = new PhaseNet(o.features, hidden, o.seed, true);
  const target = new PhaseNet(o.features, hidden, o.seed, true);
  target.setWeights(net.weights());
  const rng = new Rng(o.seed);
  const sim = (env.unwrapped as unknown as { engine: { metrics(): Record<string, number> } }).engine;
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const replay: Transition[] = [];
  const curve: CurvePoint[] = [];
  let best: { delay: number; episode: number; w: PhaseNetWeights } | undefined;
  let bestCheck: { delay: number; episode: number; w: PhaseNetWeights } | undefined;
  let steps = 0;
  let grads = 0;
  let pending = 0;
  for (let ep = 0; ep < o.maxEpisodes && elapsed() < o.budgetSeconds; ep++) {
    // plan the episodes the budget allows from the mean wall time of those so far
    const per = ep > 0 ? elapsed() / ep : Infinity;
    const planned = Number.isFinite(per) ? Math.min(o.maxEpisodes, ep + Math.max(1, Math.floor((o.budgetSeconds - elapsed()) / per))) : o.maxEpisodes;
    const eps = Math.max(0, 1 - ep / (EXPLORATION * planned));
    let [obs] = env.reset({ seed: o.seed + ep });
    let ret = 0;
    let cut = false;
    while (env.agents.length > 0) {
      const acts: Record<string, number> = {};
      for (const a of env.agents) {
        const x = obs[a];
        acts[a] = rng.random() < eps ? rng.integers(0, x.length / o.features) : net.best(x);
      }
      const [next, rewards, terms, truncs] = env.step(acts);
      for (const a of Object.keys(acts)) {
        const nx = next[a] ?? obs[a];
        const t = { obs: obs[a], action: acts[a], reward: rewards[a] ?? 0, next: nx, done: terms[a] === true };
        ret += t.reward;
        if (replay.length < BUFFER) replay.push(t);
        else replay[steps % BUFFER] = t;
        steps++;
        if (steps < LEARNING_STARTS) continue;
        if (++pending < 2) continue;
        pending = 0;
        learnStep(net, target, replay, rng);
        if (++grads % TARGET_EVERY === 0) target.setWeights(net.weights());
      }
      obs = next;
      if (Object.keys(acts).every((a) => terms[a] === true || truncs[a] === true)) break;
      if (elapsed() >= o.budgetSeconds) {
        cut = true;
        break;
      }
    }
    if (cut) break;
    const p = { steps, wallSeconds: elapsed(), rescoDelay: sim.metrics().rescoDelay ?? NaN, return: ret };
    curve.push(p);
    o.onEpisode?.(p);
    if (eps === 0 && p.rescoDelay < (best?.delay ?? Infinity)) best = { delay: p.rescoDelay, episode: curve.length, w: net.weights() };
    // the network as it is now (not the one that played the episode, which kept learning during it)
    // plays greedily on the held-out check seeds
    if (o.checkEnv && curve.length % CHECK_EVERY === 0 && elapsed() < o.budgetSeconds) {
      const d = checkDelay(o.checkEnv, phasePolicy(o.name, net));
      o.onProgress?.(`${o.name}: check after episode ${curve.length}: ${d.toFixed(2)} s`);
      if (d < (bestCheck?.delay ?? Infinity)) bestCheck = { delay: d, episode: curve.length, w: net.weights() };
    }
    await Promise.resolve();
  }
  const kept = o.checkEnv ? bestCheck : best;
  const chosen = new PhaseNet(o.features, hidden, o.seed, true);
  chosen.setWeights(kept?.w ?? net.weights());
  return {
    policy: () => phasePolicy(o.name, chosen),
    ...(kept ? { selectedEpisode: kept.episode } : {}),
    ...(bestCheck && o.checkEnv ? { checkDelay: bestCheck.delay } : {}),
    wallSeconds: elapsed(),
    envSteps: steps,
    episodes: curve.length,
    curve,
    dispose: () => undefined,
  };
}

/**
 * The policy of a trained phase-competition network: every signal takes its highest-scoring phase.
 *
 * @example
 * ```ts
 * runEpisode(env, phasePolicy('mplight', net), 1);
 * ```
 */
export function phasePolicy(name: string, net: PhaseNet): Policy<Record<string, Float32Array>, Record<string, number>> {
  return {
    name,
    act(obs: Record<string, Float32Array>, _info: Info): Record<string, number> {
      const out: Record<string, number> = {};
      for (const [a, x] of Object.entries(obs)) out[a] = net.best(x);
      return out;
    },
  };
}
