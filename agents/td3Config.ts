import { z } from 'zod';
import { offPolicyBoxFields } from './common/offPolicyBoxConfig.js';

/**
 * TD3 hyperparameters (defaults: SB3's `TD3`, with the TD3 paper's Gaussian exploration noise of 0.1;
 * per-env ones in `agents/hyperparams/`). Noise scales are in the policy's `[-1, 1]` action units.
 *
 * @example
 * ```ts
 * Td3ConfigSchema.parse({ policyDelay: 3 }).targetPolicyNoise; // 0.2
 * ```
 */
export const Td3ConfigSchema = z.object({
  ...offPolicyBoxFields({ learningRate: 1e-3, netArch: [400, 300] }),
  /** Critic updates per actor update; the target networks are updated with the actor. */
  policyDelay: z.number().int().positive().default(2),
  /** Standard deviation of the target policy smoothing noise added to `pi'(s')`. */
  targetPolicyNoise: z.number().nonnegative().default(0.2),
  /** The smoothing noise is clipped to `[-targetNoiseClip, targetNoiseClip]`. */
  targetNoiseClip: z.number().nonnegative().default(0.5),
  /** Standard deviation of the Gaussian exploration noise added to the actor's action while training (0 = none). */
  actionNoise: z.number().nonnegative().default(0.1),
}).strict();

/** TD3 hyperparameters as given (every field optional). */
export type Td3Config = z.input<typeof Td3ConfigSchema>;
