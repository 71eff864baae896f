/**
 * Classic control: CartPole-v1, MountainCar-v0, Acrobot-v1, Pendulum-v1 (Gymnasium 1.x dynamics), their
 * allocation-free step functions over flat arrays, and baseline policies. Importing registers the ids.
 * @packageDocumentation
 */
export { registerClassic } from './registerClassic.js';
export { ClassicControlEnv } from './ClassicControlEnv.js';
export { CartPoleEnv } from './CartPoleEnv.js';
export type { CartPoleKwargs } from './CartPoleEnv.js';
export { MountainCarEnv } from './MountainCarEnv.js';
export type { MountainCarKwargs } from './MountainCarEnv.js';
export { AcrobotEnv } from './AcrobotEnv.js';
export type { AcrobotKwargs } from './AcrobotEnv.js';
export { PendulumEnv } from './PendulumEnv.js';
export type { PendulumKwargs, PendulumAction } from './PendulumEnv.js';
export { cartPoleStep, cartPoleParams } from './cartPoleStep.js';
export type { CartPoleParams } from './cartPoleStep.js';
export { mountainCarStep, mountainCarParams } from './mountainCarStep.js';
export type { MountainCarParams } from './mountainCarStep.js';
export { acrobotStep, acrobotObservation, acrobotParams } from './acrobotStep.js';
export type { AcrobotParams } from './acrobotStep.js';
export { pendulumStep, pendulumParams, angleNormalize } from './pendulumStep.js';
export type { PendulumParams } from './pendulumStep.js';
export * from './policies/index.js';
