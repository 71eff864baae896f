import { z } from 'zod';

/**
 * DQN hyperparameters (defaults: CleanRL's dqn.py; per-env ones in `agents/hyperparams/`).
 *
 * @example
 * ```ts
 * DqnConfigSchema.parse({ learningRate: 2.3e-3, init: 'torch' }).targetUpdateInterval; // 500
 * ```
 */
export const DqnConfigSchema = z.object({
  learningRate: z.number().positive().default(2.5e-4),
  /** Anneal the learning rate linearly to 0 over the run (SB3's `lin_` schedules): the last updates settle instead of jumping. */
  annealLr: z.boolean().default(false),
  /** Replay memory positions per sub-env. */
  bufferSize: z.number().int().positive().default(10_000),
  /** Env steps of pure exploration before learning starts. */
  learningStarts: z.number().int().nonnegative().default(10_000),
  batchSize: z.number().int().positive().default(128),
  gamma: z.number().min(0).max(1).default(0.99),
  /** Learn every `trainFreq` vector steps, with `gradientSteps` gradient steps. */
  trainFreq: z.number().int().positive().default(10),
  gradientSteps: z.number().int().positive().default(1),
  /** Env steps between target-network updates. */
  targetUpdateInterval: z.number().int().positive().default(500),
  /** 1 = hard copy; < 1 = Polyak averaging `target <- tau q + (1 - tau) target`. */
  tau: z.number().gt(0).max(1).default(1),
  /** Fraction of the run over which epsilon decays linearly. */
  explorationFraction: z.number().min(0).max(1).default(0.5),
  explorationInitialEps: z.number().min(0).max(1).default(1),
  explorationFinalEps: z.number().min(0).max(1).default(0.05),
  /** Clip gradients to this global norm. */
  maxGradNorm: z.number().positive().default(10),
  /** Hidden layer sizes. */
  netArch: z.array(z.number().int().positive()).default([120, 84]),
  /** Weight initialisation: `torch` (PyTorch's nn.Linear default, as SB3 and CleanRL) or `glorot` (tfjs' Dense default, zero biases). */
  init: z.enum(['glorot', 'torch']).default('glorot'),
  /** Adam's epsilon (PyTorch's default 1e-8; tfjs' float32 default is 1e-7). */
  adamEpsilon: z.number().positive().default(1e-7),
  /** Double DQN (van Hasselt et al. 2016): online net picks, target net evaluates. */
  doubleQ: z.boolean().default(false),
  /** Dueling heads (Wang et al. 2016): Q = V + A - mean(A). */
  dueling: z.boolean().default(false),
  /** n of n-step returns. */
  nStep: z.number().int().positive().default(1),
  /** Prioritized replay (Schaul et al. 2016) with exponent alpha and IS exponent beta annealed to 1. */
  prioritized: z.boolean().default(false),
  prioritizedAlpha: z.number().min(0).max(1).default(0.6),
  prioritizedBeta0: z.number().min(0).max(1).default(0.4),
  /**
   * With actors on rollout workers (`learn({ rollouts })`, `tsgym train --redis`): rounds of `trainFreq` steps
   * the actors play ahead of the learner, on the network of `actorLag` rounds before (Ape-X's asynchrony with
   * a fixed staleness, so runs stay reproducible). 0: actors and learner take turns.
   */
  actorLag: z.number().int().min(0).max(16).default(1),
  /**
   * Exploration of actors on rollout workers: `schedule` (every actor follows the run's linear epsilon
   * schedule) or `apex` (actor i of N keeps epsilon 0.4^(1 + 7 i / (N - 1)) for the whole run, Horgan et
   * al. 2018).
   */
  actorEpsilons: z.enum(['schedule', 'apex']).default('schedule'),
  /** Env steps between `train` log records. */
  logInterval: z.number().int().positive().default(1000),
  seed: z.number().int().default(0),
}).strict();

/** DQN hyperparameters as given (every field optional). */
export type DqnConfig = z.input<typeof DqnConfigSchema>;
