import { z } from 'zod';

/**
 * The hyperparameters SAC and TD3 share (SB3's off-policy defaults), for `z.object({...})`: replay, batch,
 * discount, Polyak coefficient, training frequency, network sizes, Adam epsilon, logging and seed. The
 * two algorithms differ in the defaults of the step size and the hidden layers, given here.
 *
 * @example
 * ```ts
 * const Schema = z.object({ ...offPolicyBoxFields({ learningRate: 1e-3, netArch: [400, 300] }), policyDelay: z.number() }).strict();
 * ```
 */
export function offPolicyBoxFields(defaults: { learningRate: number; netArch: number[] }) {
  return {
    /** Adam step size of every network (and of the entropy temperature in SAC). */
    learningRate: z.number().positive().default(defaults.learningRate),
    /** Replay memory positions per sub-env. */
    bufferSize: z.number().int().positive().default(1_000_000),
    /** Env steps of uniformly random actions before learning starts. */
    learningStarts: z.number().int().nonnegative().default(100),
    batchSize: z.number().int().positive().default(256),
    gamma: z.number().min(0).max(1).default(0.99),
    /** Polyak coefficient of the target networks: `target <- tau net + (1 - tau) target` at each target update. */
    tau: z.number().gt(0).max(1).default(0.005),
    /** Learn every `trainFreq` vector steps, with `gradientSteps` gradient steps. */
    trainFreq: z.number().int().positive().default(1),
    gradientSteps: z.number().int().positive().default(1),
    /** Hidden layer sizes of the actor and of each of the two critics. */
    netArch: z.array(z.number().int().positive()).default(defaults.netArch),
    /** Adam's epsilon (PyTorch's default 1e-8, as SB3). */
    adamEpsilon: z.number().positive().default(1e-8),
    /** Env steps between `train` log records. */
    logInterval: z.number().int().positive().default(1000),
    seed: z.number().int().default(0),
  };
}

/** The shared fields after parsing. */
export type OffPolicyBoxSettings = {
  learningRate: number;
  bufferSize: number;
  learningStarts: number;
  batchSize: number;
  gamma: number;
  tau: number;
  trainFreq: number;
  gradientSteps: number;
  netArch: number[];
  adamEpsilon: number;
  logInterval: number;
  seed: number;
};
