import type { z } from 'zod';
import { A2C, A2cConfigSchema, DQN, DqnConfigSchema, PPO, PpoConfigSchema } from '../../../agents/index.js';
import { REINFORCE, ReinforceConfigSchema, SAC, SacConfigSchema, TD3, Td3ConfigSchema } from '../../../agents/index.js';
import type { Agent, VecEnvLike } from '../../../agents/index.js';
import type { ParallelEnv } from '../../core/ParallelEnv.js';
import type { Algo } from './trainConfig.js';

/** What an agent trains on: a vector env, or a ParallelEnv (one shared network for its agents). */
export type TrainEnv = VecEnvLike | ParallelEnv<string, unknown, unknown>;

/** What the training runner needs of an algorithm: its config schema and how to build, resume or load an agent. */
export interface Algorithm {
  readonly schema: z.ZodType;
  /** `config` has passed `schema`. */
  create(env: TrainEnv, config: Record<string, unknown>): Promise<Agent>;
  loadCheckpoint(dir: string, env: TrainEnv): Promise<Agent>;
  load(dir: string): Promise<Agent>;
}

/**
 * The algorithms of `tsgym train --algo`.
 *
 * @example
 * ```ts
 * const agent = await ALGORITHMS.ppo.create(vec, { seed: 1 });
 * ```
 */
export const ALGORITHMS: Readonly<Record<Algo, Algorithm>> = {
  dqn: { schema: DqnConfigSchema, create: (env, c) => DQN.create(env, c), loadCheckpoint: (d, env) => DQN.loadCheckpoint(d, env), load: (d) => DQN.load(d) },
  ppo: { schema: PpoConfigSchema, create: (env, c) => PPO.create(env, c), loadCheckpoint: (d, env) => PPO.loadCheckpoint(d, env), load: (d) => PPO.load(d) },
  a2c: { schema: A2cConfigSchema, create: (env, c) => A2C.create(env, c), loadCheckpoint: (d, env) => A2C.loadCheckpoint(d, env), load: (d) => A2C.load(d) },
  sac: { schema: SacConfigSchema, create: (env, c) => SAC.create(env, c), loadCheckpoint: (d, env) => SAC.loadCheckpoint(d, env), load: (d) => SAC.load(d) },
  td3: { schema: Td3ConfigSchema, create: (env, c) => TD3.create(env, c), loadCheckpoint: (d, env) => TD3.loadCheckpoint(d, env), load: (d) => TD3.load(d) },
  reinforce: {
    schema: ReinforceConfigSchema, create: (env, c) => REINFORCE.create(env, c),
    loadCheckpoint: (d, env) => REINFORCE.loadCheckpoint(d, env), load: (d) => REINFORCE.load(d),
  },
};
