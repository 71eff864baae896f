import { z } from 'zod';

/**
 * SAC hyperparameters (defaults: SB3's `SAC`; per-env ones in `agents/hyperparams/`).
 *
 * @example
 * ```ts
 * SacConfigSchema.parse({ learningRate: 1e-3 }).batchSize; // 256
 * ```
 */
export const SacConfigSchema = z.object({
  /** Adam step size of the actor, the critics and the entropy temperature. */
  learningRate: z.number().positive().default(3e-4),
  /** Replay memory positions per sub-env. */
  bufferSize: z.number().int().positive().default(1_000_000),
  /** Env steps of uniformly random actions before learning starts. */
  learningStarts: z.number().int().nonnegative().default(100),
  batchSize: z.number().int().positive().default(256),
  gamma: z.number().min(0).max(1).default(0.99),
  /** Polyak coefficient of the target critics: `target <- tau q + (1 - tau) target` after each gradient step. */
  tau: z.number().gt(0).max(1).default(0.005),
  /** Learn every `trainFreq` vector steps, with `gradientSteps` gradient steps. */
  trainFreq: z.number().int().positive().default(1),
  gradientSteps: z.number().int().positive().default(1),
  /** Gradient steps between target updates. */
  targetUpdateInterval: z.number().int().positive().default(1),
  /** Entropy temperature alpha: `auto` tunes it toward `targetEntropy` (starting from `entCoefInit`); a number fixes it. */
  entCoef: z.union([z.literal('auto'), z.number().nonnegative()]).default('auto'),
  entCoefInit: z.number().positive().default(1),
  /** Target entropy of the automatic temperature (default: minus the number of action dimensions). */
  targetEntropy: z.number().optional(),
  /** Hidden layer sizes of the actor and of each of the two critics. */
  netArch: z.array(z.number().int().positive()).default([256, 256]),
  /** Adam's epsilon (PyTorch's default 1e-8, as SB3). */
  adamEpsilon: z.number().positive().default(1e-8),
  /** Env steps between `train` log records. */
  logInterval: z.number().int().positive().default(1000),
  seed: z.number().int().default(0),
}).strict();

/** SAC hyperparameters as given (every field optional). */
export type SacConfig = z.input<typeof SacConfigSchema>;
