import { register, registry } from '../../src/registry/registry.js';
import { registerPolicy } from '../../src/policy/policyRegistry.js';
import '../../src/policy/RandomPolicy.js';
import { AcrobotEnv } from './AcrobotEnv.js';
import { CartPoleEnv } from './CartPoleEnv.js';
import { MountainCarEnv } from './MountainCarEnv.js';
import { PendulumEnv } from './PendulumEnv.js';
import { CartPolePd } from './policies/CartPolePd.js';
import { MountainCarEnergy } from './policies/MountainCarEnergy.js';
import { PendulumSwingUp } from './policies/PendulumSwingUp.js';

/**
 * Registers the four classic-control ids with Gymnasium's episode limits and reward thresholds, and their
 * baseline policies (`pd` for CartPole and Pendulum, `energy` for MountainCar; `random` applies to all).
 * Idempotent; runs when `envs/classic` is imported.
 *
 * @example
 * ```ts
 * registerClassic();
 * make('CartPole-v1'); // TimeLimit 500
 * ```
 */
export function registerClassic(): void {
  const specs = [
    {
      id: 'CartPole-v1',
      entryPoint: (kw: Record<string, unknown>) => new CartPoleEnv(kw),
      maxEpisodeSteps: 500,
      rewardThreshold: 475.0,
      description: 'Balance a pole on a cart (Gymnasium CartPole-v1)',
    },
    {
      id: 'MountainCar-v0',
      entryPoint: (kw: Record<string, unknown>) => new MountainCarEnv(kw),
      maxEpisodeSteps: 200,
      rewardThreshold: -110.0,
      description: 'Drive an underpowered car up a hill (Gymnasium MountainCar-v0)',
    },
    {
      id: 'Acrobot-v1',
      entryPoint: (kw: Record<string, unknown>) => new AcrobotEnv(kw),
      maxEpisodeSteps: 500,
      rewardThreshold: -100.0,
      description: 'Swing a two-link arm above a line (Gymnasium Acrobot-v1)',
    },
    {
      id: 'Pendulum-v1',
      entryPoint: (kw: Record<string, unknown>) => new PendulumEnv(kw),
      maxEpisodeSteps: 200,
      description: 'Swing up and hold an inverted pendulum (Gymnasium Pendulum-v1)',
    },
  ];
  // classic control reports no metrics besides the return and the length
  for (const s of specs) if (!registry.has(s.id)) register({ ...s, module: import.meta.url, metrics: { main: 'return', metrics: {} } });
  registerPolicy({
    name: 'pd',
    description: 'Bang-bang PD/LQR-style rule on pole angle, angular velocity, cart position and velocity (balances to 500)',
    appliesTo: isCartPole,
    create: () => new CartPolePd(),
  });
  registerPolicy({
    name: 'energy',
    description: 'Accelerate in the direction of motion (energy pumping)',
    appliesTo: isMountainCar,
    create: () => new MountainCarEnergy(),
  });
  registerPolicy({
    name: 'pd',
    description: 'Energy-pumping swing-up, then a PD rule to hold the pendulum upright',
    appliesTo: isPendulum,
    create: () => new PendulumSwingUp(),
  });
}

function isCartPole(id: string): boolean {
  return id === 'CartPole-v1';
}
function isMountainCar(id: string): boolean {
  return id === 'MountainCar-v0';
}
function isPendulum(id: string): boolean {
  return id === 'Pendulum-v1';
}

registerClassic();
