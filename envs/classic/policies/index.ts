export { CartPolePd } from './CartPolePd.js';
export type { CartPolePdGains } from './CartPolePd.js';
export { MountainCarEnergy } from './MountainCarEnergy.js';
export { PendulumSwingUp } from './PendulumSwingUp.js';
export type { PendulumSwingUpGains } from './PendulumSwingUp.js';
