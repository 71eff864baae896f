/**
 * tsgym agents on TensorFlow.js: DQN (double, dueling, n-step, prioritized), REINFORCE, A2C, PPO, SAC, TD3, with
 * shared buffers, schedules, networks, evaluation, checkpoints and callbacks.
 * @packageDocumentation
 */
export { loadTf, activeBackend } from './loadTf.js';
export type { Tf, TfBackendName, LoadTfOptions } from './loadTf.js';
export { DQN, DqnConfigSchema } from './dqn.js';
export type { DqnConfig } from './dqn.js';
export { PPO, PpoConfigSchema, ppoLoss, normalize } from './ppo.js';
export type { PpoConfig, PpoLossInput } from './ppo.js';
export { A2C, A2cConfigSchema } from './a2c.js';
export type { A2cConfig } from './a2c.js';
export { SAC, SacConfigSchema } from './sac.js';
export type { SacConfig } from './sac.js';
export { TD3, Td3ConfigSchema } from './td3.js';
export type { Td3Config } from './td3.js';
export { REINFORCE, ReinforceConfigSchema } from './reinforce.js';
export type { ReinforceConfig } from './reinforce.js';
export { loadHyperparams } from './hyperparams.js';
export type { Hyperparams } from './hyperparams.js';
export * from './common/index.js';
