import { z } from 'zod';
import { offPolicyBoxFields } from './common/offPolicyBoxConfig.js';

/**
 * SAC hyperparameters (defaults: SB3's `SAC`; per-env ones in `agents/hyperparams/`).
 *
 * @example
 * ```ts
 * SacConfigSchema.parse({ learningRate: 1e-3 }).batchSize; // 256
 * ```
 */
export const SacConfigSchema = z.object({
  ...offPolicyBoxFields({ learningRate: 3e-4, netArch: [256, 256] }),
  /** Gradient steps between target updates. */
  targetUpdateInterval: z.number().int().positive().default(1),
  /** Entropy temperature alpha: `auto` tunes it toward `targetEntropy` (starting from `entCoefInit`); a number fixes it. */
  entCoef: z.union([z.literal('auto'), z.number().nonnegative()]).default('auto'),
  entCoefInit: z.number().positive().default(1),
  /** Target entropy of the automatic temperature (default: minus the number of action dimensions). */
  targetEntropy: z.number().optional(),
}).strict();

/** SAC hyperparameters as given (every field optional). */
export type SacConfig = z.input<typeof SacConfigSchema>;
