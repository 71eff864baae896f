import type { Info } from '../../../src/core/types.js';
import type { Policy } from '../../../src/policy/Policy.js';

/**
 * The energy-pumping MountainCar heuristic: accelerate in the direction the car is already moving
 * (right when at rest), so every swing adds energy until the car clears the right hill.
 *
 * @example
 * ```ts
 * new MountainCarEnergy().act(Float32Array.of(-0.5, -0.01), {}); // 0: moving left, push left
 * ```
 */
export class MountainCarEnergy implements Policy<ArrayLike<number>, number> {
  readonly name = 'energy';

  act(obs: ArrayLike<number>, _info: Info): number {
    return (obs[1]) < 0 ? 0 : 2;
  }
}
